"""The asylum procedure: an overview of the steps and one screen per step."""

from __future__ import annotations

from datetime import date

from bot.content.model import Content
from bot.i18n import Translator
from bot.views.codec import Callback
from bot.views.common import Button, NotFound, Page, Screen, esc, nav_rows


def overview(content: Content, t: Translator) -> Screen:
    _ = t.gettext
    page = Page(t)
    page.add("<b>" + esc(_("📋 Asylum procedure, step by step")) + "</b>", esc(_("Choose a step to read what to do, where, and by when.")))
    rows = []
    for number, step in enumerate(content.steps, start=1):
        rows.append((Button(f"{number}. {page.label(step.title)}", Callback("pr", (step.id,), lang=t.code)),))
    return Screen(page.render(), tuple(rows) + nav_rows(t))


def step(content: Content, t: Translator, step_id: str, today: date) -> Screen:
    _ = t.gettext
    position = content.step_position(step_id)
    if position is None:
        raise NotFound(step_id)
    item = content.steps[position]
    total = len(content.steps)
    page = Page(t)
    heading = _("Step {number} of {total}").format(number=position + 1, total=total)
    page.add(f"<b>{esc(heading)} · {page.local(item.title)}</b>")
    page.section(_("What to do"), page.local(item.what))
    page.section(_("Where"), page.local(item.where))
    if item.deadlines:
        page.section(_("Deadlines"), "\n".join("⏰ " + page.local(d) for d in item.deadlines))
    if item.bring:
        page.section(_("What to bring"), page.local(item.bring))
    page.verified(item, today)

    c = t.code
    arrows = []
    if position > 0:
        arrows.append(Button(_("⬅️ Previous"), Callback("pr", (content.steps[position - 1].id,), lang=c)))
    if position < total - 1:
        arrows.append(Button(_("Next ➡️"), Callback("pr", (content.steps[position + 1].id,), lang=c)))
    rows = [tuple(arrows)] if arrows else []
    rows.append((Button(_("⚖️ Get legal help"), Callback("lo", (item.legal_need,), lang=c)),))
    # "Back" beside "Previous" would be ambiguous: name where it goes.
    return Screen(page.render(), tuple(rows) + nav_rows(t, back=Callback("po", lang=c), back_label=_("📋 All steps")))
