"""The procedure clock: deadlines from five sample dates, worked out by hand, and reading typed dates."""

from __future__ import annotations

from datetime import date

import pytest

from bot.deadlines import BadDate, NotADate, compute, parse_date

D = date


# kind, date on the document -> {rule: (last day, first day or None, non-working reason, safe day to act)}
SAMPLES = [
    # Across a month end; the 72 hours end on a Saturday (act by Friday 30 January).
    ("r", D(2026, 1, 28), {
        "centre": (D(2026, 1, 31), None, "saturday", D(2026, 1, 30)),
        "lodge": (D(2026, 2, 12), None, None, D(2026, 2, 12)),
        "lodge-self": (D(2026, 2, 20), D(2026, 2, 13), None, D(2026, 2, 20)),
    }),
    # A leap year: February 2028 has 29 days.
    ("r", D(2028, 2, 20), {
        "centre": (D(2028, 2, 23), None, None, D(2028, 2, 23)),
        "lodge": (D(2028, 3, 6), None, None, D(2028, 3, 6)),
        "lodge-self": (D(2028, 3, 14), D(2028, 3, 7), None, D(2028, 3, 14)),
    }),
    # Across a year end, from a Sunday.
    ("d", D(2026, 12, 20), {
        "appeal": (D(2027, 1, 4), None, None, D(2027, 1, 4)),
        "appeal-fast": (D(2026, 12, 28), None, None, D(2026, 12, 28)),
        "court": (D(2027, 1, 19), None, None, D(2027, 1, 19)),
    }),
    # The 8 days end on New Year's Day (a public holiday): act by 31 December. The 30 days end on a Saturday.
    ("d", D(2026, 12, 24), {
        "appeal": (D(2027, 1, 8), None, None, D(2027, 1, 8)),
        "appeal-fast": (D(2027, 1, 1), None, "New Year's Day", D(2026, 12, 31)),
        "court": (D(2027, 1, 23), None, "saturday", D(2027, 1, 22)),
    }),
    # The 15 days end on Labour Day (1 May); the 72 hours on a Sunday; the 8 days on a Saturday.
    ("r", D(2026, 4, 16), {
        "centre": (D(2026, 4, 19), None, "sunday", D(2026, 4, 17)),
        "lodge": (D(2026, 5, 1), None, "Labor Day", D(2026, 4, 30)),
        "lodge-self": (D(2026, 5, 9), D(2026, 5, 2), "saturday", D(2026, 5, 8)),
    }),
]


@pytest.mark.parametrize(("kind", "start", "expected"), SAMPLES, ids=[f"{k}-{s}" for k, s, _ in SAMPLES])
def test_deadline_table(kind, start, expected):
    got = {d.rule.key: (d.due, d.opens, d.non_working, d.safe_day) for d in compute(kind, start)}
    assert got == expected


TODAY = D(2026, 11, 22)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5.3.2026", D(2026, 3, 5)),
        ("05.03.2026.", D(2026, 3, 5)),
        ("5/3/2026", D(2026, 3, 5)),
        ("5-3-26", D(2026, 3, 5)),
        ("2026-03-05", D(2026, 3, 5)),
        ("2026/3/5", D(2026, 3, 5)),
        ("  5 3 2026 ", D(2026, 3, 5)),
        ("٥/٣/٢٠٢٦", D(2026, 3, 5)),  # Arabic-Indic digits
        ("۵/۳/۲۰۲۶", D(2026, 3, 5)),  # Persian digits
        ("۲۰۲۶-۰۳-۰۵", D(2026, 3, 5)),
        ("5 March 2026", D(2026, 3, 5)),
        ("5 mart 2026", D(2026, 3, 5)),  # Serbian, Turkish
        ("5 марта 2026", D(2026, 3, 5)),  # Russian, genitive
        ("5 مارس 2026", D(2026, 3, 5)),  # Arabic / Persian month name
        ("29.02.2028", None),  # in the future
        ("20.11.", D(2026, 11, 20)),  # no year: the last 20 November up to today
        ("25.12.", D(2025, 12, 25)),  # no year, and this year's would be in the future
    ],
)
def test_parse_date(text, expected):
    if expected is None:
        with pytest.raises(BadDate) as error:
            parse_date(text, TODAY)
        assert error.value.reason == "future"
    else:
        assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize(("text", "reason"), [("31.2.2026", "no-such-day"), ("1.1.2030", "future"), ("۱۴۰۵/۰۱/۱۵", "too-old"), ("30.2.", "no-such-day")])
def test_bad_dates(text, reason):
    with pytest.raises(BadDate) as error:
        parse_date(text, TODAY)
    assert error.value.reason == reason


@pytest.mark.parametrize("text", ["192 police", "hello", "12 apples", "+381 11 123", "2026", ""])
def test_not_dates(text):
    with pytest.raises(NotADate):
        parse_date(text, TODAY)
