"""Serbian Latin <-> Cyrillic. Serbian is written in both; the mapping is one letter to one letter,
except that the digraphs lj, nj and dž are single Cyrillic letters (љ, њ, џ)."""

from __future__ import annotations

_DIGRAPHS = {"lj": "љ", "nj": "њ", "dž": "џ", "Lj": "Љ", "Nj": "Њ", "Dž": "Џ", "LJ": "Љ", "NJ": "Њ", "DŽ": "Џ"}
_LETTERS = dict(zip("abvgdđežzijklmnoprstćufhcčš", "абвгдђежзијклмнопрстћуфхцчш"))
_LETTERS |= {k.upper(): v.upper() for k, v in _LETTERS.items()}
_TO_LATIN = {v: k for k, v in _LETTERS.items()} | {"љ": "lj", "њ": "nj", "џ": "dž", "Љ": "Lj", "Њ": "Nj", "Џ": "Dž"}


def latin_to_cyrillic(text: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(text):
        pair = text[i : i + 2]
        if pair in _DIGRAPHS:
            out.append(_DIGRAPHS[pair])
            i += 2
        else:
            out.append(_LETTERS.get(text[i], text[i]))
            i += 1
    return "".join(out)


def cyrillic_to_latin(text: str) -> str:
    return "".join(_TO_LATIN.get(ch, ch) for ch in text)
