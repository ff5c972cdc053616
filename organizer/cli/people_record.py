"""`people show` in text form: a person's whole record as short labelled lines, section by section."""

from __future__ import annotations

from organizer.domain.codes import EmailStatus, EngagementLevel, PhoneType, VolunteerStatus
from organizer.services.person_record import PersonRecord

DO_NOT_WORDS = {"walk": "knock on their door", "call": "call", "text": "text", "email": "email"}
NONE = "(none)"


def record_lines(record: PersonRecord) -> list[str]:
    """The lines `people show` prints (unescaped: the caller escapes each)."""
    lines = [record.display_name, f"uuid: {record.uuid}"]
    lines += _details(record)
    lines += _section("Emails", [f"{e.address}  ({EmailStatus(e.status).label.lower()}"
                                 f"{', primary' if e.primary else ''})" for e in record.emails])
    lines += _section("Phones", [f"{p.display}  ({PhoneType(p.type).label.lower()}"
                                 f"{', primary' if p.primary else ''}{', do not call' if p.do_not_call else ''})"
                                 for p in record.phones])
    lines += _section("Addresses", [a.one_line() + (f"  (precinct {a.precinct})" if a.precinct else "")
                                    for a in record.addresses])
    lines += _section("Contact wishes", _wishes(record))
    lines += _section("Tags", [", ".join(record.tags)] if record.tags else [])
    lines += _section("Custom fields", [
        f"{key}: {value}" + (f"  [kept as typed, meant as {record.kept[key].meant_for}: {record.kept[key].reason}]"
                             if key in record.kept else "")
        for key, value in record.custom_fields.items()])
    lines += _section("Volunteer", _volunteer(record))
    lines += _section("History", [f"{h.when:%Y-%m-%d}  {h.title}" + (f"  ({h.detail})" if h.detail else "")
                                  if h.when else f"{h.title}  ({h.detail})" for h in record.history])
    return lines


def _details(record: PersonRecord) -> list[str]:
    out = []
    for label, value in (("pronouns", record.gender_pronouns),
                         ("birthdate", record.birthdate.isoformat() if record.birthdate else ""),
                         ("languages", ", ".join(record.languages_spoken)), ("source", record.source),
                         ("from chapter", record.origin_chapter), ("merged from", ", ".join(record.aliases)),
                         ("notes", record.notes.replace("\n", " / "))):
        if value:
            out.append(f"{label}: {value}")
    return out


def _section(title: str, items: list[str]) -> list[str]:
    return ["", f"{title}:", *(f"  {item}" for item in items or [NONE])]


def _wishes(record: PersonRecord) -> list[str]:
    out = [f"do not {DO_NOT_WORDS[k]}" for k, on in record.do_not_contact.items() if on]
    if record.deceased:
        out.append("deceased")
    if record.moved:
        out.append("moved away")
    return out


def _volunteer(record: PersonRecord) -> list[str]:
    v = record.volunteer
    if v is None:
        return ["not a volunteer"]
    out = [f"{VolunteerStatus(v.status).label}, {EngagementLevel(v.engagement_level).label.lower()}"]
    for label, value in (("skills", ", ".join(v.skills)), ("languages", ", ".join(v.languages)),
                         ("availability", v.availability), ("point person", v.point_person),
                         ("recruited by", v.recruited_by),
                         ("since", v.started_on.isoformat() if v.started_on else ""), ("notes", v.notes)):
        if value:
            out.append(f"{label}: {value}")
    return out
