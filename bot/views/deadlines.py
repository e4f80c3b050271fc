"""⏰ My deadlines: pick the date on a document (inline calendar, or typed), see each deadline, get them as .ics.

The date travels only in the buttons of the answer; nothing is stored. The calendar spans the current
month and the one before it (every deadline from an older date has passed; such a date can be typed).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from babel.dates import format_skeleton, get_day_names

from bot import calendar_ics, deadlines
from bot.i18n import N_, Translator
from bot.views.codec import Callback
from bot.views.common import Button, NotFound, Page, Screen, SendDocument, esc, long_date, moment, native_digits, nav_rows

MONTHS_BACK = 1  # every deadline from an earlier date has passed (the longest is 30 days)
KIND_HEADINGS = {
    "r": N_("From the date on your registration certificate: {date}"),
    "d": N_("From the day you received the decision: {date}"),
}
LABELS = {
    "centre": (N_("Report to the asylum centre"), N_("72 hours from the time on the certificate: go by this day, at the latest at the time written on it.")),
    "lodge": (N_("Lodge the asylum application"), N_("15 days from registration, with the Asylum Office.")),
    "lodge-self": (
        N_("Lodge it yourself, if the Asylum Office did not let you"),
        N_("In the 8 days after the 15 days end: fill in the form and deliver it to the Asylum Office."),
    ),
    "appeal": (N_("Appeal to the Asylum Commission"), N_("15 days from receiving the Asylum Office's decision.")),
    "appeal-fast": (
        N_("Appeal in the accelerated procedure, or against a dismissal"),
        N_("8 days from receiving the decision, when it was made in the accelerated procedure or dismisses the application."),
    ),
    "court": (N_("Lawsuit at the Administrative Court"), N_("30 days from receiving the Asylum Commission's decision.")),
}
NEEDS = {"r": "asylum", "d": "appeal"}  # the legal-help list each kind of date leads to


def _example(t: Translator, today: date) -> str:
    return native_digits(t, f"{today.day}.{today.month}.{today.year}")


def _ymd(value: date) -> str:
    return value.strftime("%Y%m%d")


def _parse_day(text: str) -> date:
    try:
        return datetime.strptime(text, "%Y%m%d").date()
    except ValueError:
        raise NotFound(text) from None


def intro(t: Translator, when: date | datetime) -> Screen:
    _ = t.gettext
    today, _now = moment(when)
    page = Page(t)
    page.add("<b>" + esc(_("⏰ My deadlines")) + "</b>")
    page.add(esc(_("The asylum procedure has short deadlines. Choose which date you have, pick it on the calendar, and I will work out your deadlines.")))
    page.add(esc(_("You can also type the date, for example {example}.").format(example=_example(t, today))))
    page.add("<i>" + esc(_("Nothing is stored: the date is used for the answer only.")) + "</i>")
    month = today.strftime("%Y%m")
    c = t.code
    rows = (
        (Button(_("📄 Date on my registration certificate"), Callback("dc", ("r", month), lang=c)),),
        (Button(_("📨 Day I received a decision"), Callback("dc", ("d", month), lang=c)),),
    )
    return Screen(page.render(), rows + nav_rows(t))


def _month_start(text: str) -> date:
    try:
        return datetime.strptime(text + "01", "%Y%m%d").date()
    except ValueError:
        raise NotFound(text) from None


def _shift(first: date, months: int) -> date:
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def calendar(t: Translator, kind: str, month: str, when: date | datetime) -> Screen:
    """A month as buttons: past days pick the date; future days and blanks do nothing."""
    _ = t.gettext
    if kind not in deadlines.KINDS:
        raise NotFound(kind)
    today, _now = moment(when)
    first = _month_start(month)
    current = today.replace(day=1)
    earliest = _shift(current, -MONTHS_BACK)
    if not earliest <= first <= current:
        raise NotFound(month)
    c = t.code
    here = Callback("dc", (kind, month), lang=c)  # blanks, headings and future days: pressing changes nothing
    page = Page(t)
    page.add("<b>" + esc(_("⏰ My deadlines")) + "</b>")
    question = _("Tap the date on your registration certificate:") if kind == "r" else _("Tap the day you received the decision:")
    page.add(esc(question))
    page.add(esc(_("Or type it, for example {example}.").format(example=_example(t, today))))
    title = native_digits(t, format_skeleton("yMMMM", first, locale=t.locale))
    previous, following = _shift(first, -1), _shift(first, 1)
    header = [
        Button("«", Callback("dc", (kind, previous.strftime("%Y%m")), lang=c)) if previous >= earliest else Button("·", here),
        Button(title, here),
        Button("»", Callback("dc", (kind, following.strftime("%Y%m")), lang=c)) if following <= current else Button("·", here),
    ]
    names = get_day_names("short", locale=t.locale)
    rows: list[tuple[Button, ...]] = [tuple(header), tuple(Button(names[i], here) for i in range(7))]
    day = first - timedelta(days=first.weekday())
    while day < following:
        week = []
        for _i in range(7):
            if day.month != first.month or day > today:
                week.append(Button("·", here))
            else:
                week.append(Button(native_digits(t, str(day.day)), Callback("dd", (kind, _ymd(day)), lang=c)))
            day += timedelta(days=1)
        rows.append(tuple(week))
    return Screen(page.render(), tuple(rows) + nav_rows(t, back=Callback("dl", lang=c)))


def checked(kind: str, text: str, today: date) -> date:
    if kind not in deadlines.KINDS:
        raise NotFound(kind)
    start = _parse_day(text)
    if start > today or start.year < deadlines.EARLIEST_YEAR:
        raise NotFound(text)
    return start


def result(t: Translator, kind: str, text: str, when: date | datetime) -> Screen:
    """Each deadline from the date, with the safe day to act when the last day is not a working day."""
    _ = t.gettext
    today, _now = moment(when)
    start = checked(kind, text, today)
    page = Page(t)
    page.add("<b>" + esc(_("⏰ Your deadlines")) + "</b>", esc(_(KIND_HEADINGS[kind]).format(date=long_date(t, start))))
    any_passed = False
    for number, item in enumerate(deadlines.compute(kind, start), start=1):
        label, explain = LABELS[item.rule.key]
        lines = [f"{number}. <b>{esc(_(label))}</b>"]
        if item.opens is not None:
            lines.append("📅 " + esc(_("from {start} to {end}").format(start=long_date(t, item.opens), end=long_date(t, item.due))))
        else:
            lines.append("📅 " + esc(_("by {date}").format(date=long_date(t, item.due))))
        lines.append(esc(_(explain)))
        if item.non_working is not None and item.due >= today:
            note = {
                "saturday": _("⚠️ That day is a Saturday: offices may be closed. To be safe, act by {date}."),
                "sunday": _("⚠️ That day is a Sunday: offices are closed. To be safe, act by {date}."),
            }.get(item.non_working, _("⚠️ That day is a public holiday: offices are closed. To be safe, act by {date}."))
            lines.append(esc(note.format(date=long_date(t, item.safe_day))))
        left = (item.due - today).days
        if left < 0:
            any_passed = True
            lines.append(esc(_("⛔ This deadline has passed.")))
        elif left == 0:
            lines.append(esc(_("⏰ Today is the last day.")))
        else:
            lines.append(esc(_("⏳ Days left: {number}").format(number=native_digits(t, str(left)))))
        page.add(*lines)
    if any_passed:
        page.add("<b>" + esc(_("If a deadline has passed, talk to a free legal-aid organisation now: there may still be something you can do.")) + "</b>")
    page.add(
        "<i>"
        + esc(
            _(
                "How the days are counted: from the day after the date you chose, and the last day counts. These dates are "
                "estimates: confirm them with a free legal-aid organisation. Nothing is stored: the date was used for this answer only."
            )
        )
        + "</i>"
    )
    c = t.code
    rows = (
        (Button(_("📅 Add all to my calendar"), Callback("dx", (kind, text), lang=c)),),
        (Button(_("⚖️ Free legal help"), Callback("lo", (NEEDS[kind],), lang=c)),),
        (Button(_("🔁 Another date"), Callback("dl", lang=c)),),
    )
    return Screen(page.render(), rows + nav_rows(t))


def typed(t: Translator, value: date) -> Screen:
    """A date someone typed: which document is it from?"""
    _ = t.gettext
    page = Page(t)
    page.add("<b>" + esc(_("⏰ My deadlines")) + "</b>")
    page.add(esc(_("You typed the date {date}. Which date is it?").format(date=long_date(t, value))))
    c = t.code
    rows = (
        (Button(_("📄 Date on my registration certificate"), Callback("dd", ("r", _ymd(value)), lang=c)),),
        (Button(_("📨 Day I received a decision"), Callback("dd", ("d", _ymd(value)), lang=c)),),
    )
    return Screen(page.render(), rows + nav_rows(t))


def bad_date(t: Translator, reason: str) -> Screen:
    _ = t.gettext
    message = {
        "future": _("That date is in the future. Type the date written on your document, for example 5.3.2026."),
        "too-old": _("That date is too long ago for these deadlines. If it is from another calendar, type the date as it is written on your Serbian document, for example 5.3.2026."),
    }.get(reason, _("There is no such day. Check the day and the month, for example 5.3.2026."))
    page = Page(t)
    page.add("<b>" + esc(_("⏰ My deadlines")) + "</b>", esc(message))
    return Screen(page.render(), ((Button(_("⏰ My deadlines"), Callback("dl", lang=t.code)),),) + nav_rows(t))


def ics(t: Translator, kind: str, text: str, when: date | datetime) -> SendDocument:
    _ = t.gettext
    today, now = moment(when)
    start = checked(kind, text, today)
    items = deadlines.compute(kind, start)
    estimate = _("An estimate: confirm it with a free legal-aid organisation.")
    titles = ["⏰ " + _(LABELS[d.rule.key][0]) for d in items]
    descriptions = [f"{_(LABELS[d.rule.key][1])}\n{estimate}" for d in items]
    data = calendar_ics.deadlines_ics(items, name=_("⏰ My deadlines"), titles=titles, descriptions=descriptions, stamp=now)
    caption = esc(_("📅 Open this file to add your deadlines to your calendar, with reminders three days and one day before."))
    back = Callback("dd", (kind, text), lang=t.code)
    return SendDocument("putokaz-deadlines.ics", data, caption, nav_rows(t, back=back))
