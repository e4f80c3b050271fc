"""Legal help: needs -> organisations that help with a need -> an organisation's card."""

from __future__ import annotations

from datetime import date, datetime

from bot.content.model import NEEDS, Content
from bot.i18n import Translator
from bot.views.codec import Callback
from bot.views.common import (
    Button,
    NotFound,
    Page,
    Screen,
    SendContact,
    esc,
    format_phone,
    hours_now,
    language_names,
    moment,
    nav_rows,
    opening_hours,
)


def needs(t: Translator) -> Screen:
    _ = t.gettext
    page = Page(t)
    page.add("<b>" + esc(_("⚖️ Free legal help")) + "</b>", esc(_("What do you need help with?")))
    rows = tuple((Button(_(label), Callback("lo", (need,), lang=t.code)),) for need, label in NEEDS.items())
    return Screen(page.render(), rows + nav_rows(t))


def organisations(content: Content, t: Translator, need: str) -> Screen:
    _ = t.gettext
    if need not in NEEDS:
        raise NotFound(need)
    page = Page(t)
    page.add("<b>" + esc(_(NEEDS[need])) + "</b>")
    found = content.organisations_for(need)
    rows = []
    if found:
        page.add(esc(_("These organisations help for free. Choose one to see how to reach them.")))
        for org in found:
            mark = "" if org.verified else "⚠️ "
            rows.append((Button(mark + org.name, Callback("oc", (org.id, need), lang=t.code)),))
    else:
        page.add(esc(_("No organisation is listed for this yet. These organisations give general legal help:")))
        for org in content.organisations_for("other") or list(content.organisations.values()):
            rows.append((Button(org.name, Callback("oc", (org.id, "other"), lang=t.code)),))
    return Screen(page.render(), tuple(rows) + nav_rows(t, back=Callback("ln", lang=t.code)))


def organisation(content: Content, t: Translator, org_id: str, need: str, when: date | datetime) -> Screen:
    _ = t.gettext
    org = content.organisations.get(org_id)
    if org is None or need not in NEEDS:
        raise NotFound(org_id)
    page = Page(t)
    page.add(f"<b>{esc(t.isolate(org.name))}</b>", page.local(org.summary))
    details = []
    if org.languages:
        details.append("🗣️ " + esc(_("Languages:")) + " " + language_names(t, org.languages))
    if org.opening_hours:
        details.append("🕒 " + esc(_("Hours:")) + " " + opening_hours(t, org.opening_hours))
        details.append(hours_now(t, org.opening_hours, moment(when)[1]))
    if org.hours:
        details.append(("" if org.opening_hours else "🕒 " + esc(_("Hours:")) + " ") + page.local(org.hours, latin=True))
    details += ["📞 " + format_phone(t, phone) for phone in org.phones]
    if org.email:
        details.append("✉️ " + esc(t.isolate(org.email)))
    if org.address:
        details.append("📍 " + page.local(org.address, latin=True))
    page.add(*details)
    if not org.verified:
        page.add("⚠️ " + esc(_("We could not confirm these contacts recently. Call or write first before you travel.")))
    page.verified(org, moment(when)[0])

    c = t.code
    rows = []
    if org.website:
        rows.append((Button(_("🌐 Website"), url=org.website),))
    if org.phones:
        rows.append((Button(_("📇 Save as contact"), Callback("ct", (org.id,), lang=c)),))
    return Screen(page.render(), tuple(rows) + nav_rows(t, back=Callback("lo", (need,), lang=c)))


def contact(content: Content, t: Translator, org_id: str) -> SendContact:
    _ = t.gettext
    org = content.organisations.get(org_id)
    if org is None or not org.phones:
        raise NotFound(org_id)
    back = Callback("oc", (org.id, org.needs[0]), lang=t.code)
    return SendContact(phone_number=org.phones[0], first_name=org.name, rows=nav_rows(t, back=back))
