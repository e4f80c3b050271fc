"""The caseworkers' YAML content: a typed model and a loader that reports problems as file:line."""

from bot.content.loader import ContentError, load_content
from bot.content.model import CATEGORIES, NEEDS, Content

__all__ = ["CATEGORIES", "NEEDS", "Content", "ContentError", "load_content"]
