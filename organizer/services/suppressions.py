"""Suppression lists: emails and phone numbers not to contact, applied to people now and to people imported later."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, delete, func, or_, select, update
from sqlalchemy.orm import Session

from organizer.domain.emails import normalize_email
from organizer.domain.errors import InvalidValue
from organizer.domain.phones import normalize_phone
from organizer.domain.suppression import SuppressionChannel
from organizer.domain.text import counted
from organizer.progress import NEVER, NO_PROGRESS, CancelToken, Progress
from organizer.services.import_rows import RowIssue
from organizer.services.importing.headers import normalize_header
from organizer.storage.models import EmailAddress, ImportBatch, ImportChange, Person, PhoneNumber, Suppression, Voter

EMAIL, CALL, TEXT = (c.value for c in SuppressionChannel)
HEADERS = ("email", "phone", "channel", "reason")
# What each channel turns on: (model, flag) on the person, and on the matching email or phone.
# What a status column says of someone still reachable: such a row is not an opt-out.
STILL_SUBSCRIBED = frozenset({"subscribed", "opted in", "opted-in", "optin", "opt in", "opt-in", "resubscribed"})
# Status columns that speak of email alone: a phone on such a row is not an opt-out of calls or texts.
EMAIL_STATUS_HEADERS = frozenset({"can2subscriptionstatus", "emailsubscriptionstatus", "emailstatus",
                                  "subscriptionstatus"})
PERSON_FLAG = {EMAIL: "do_not_email", CALL: "do_not_call", TEXT: "do_not_text"}


@dataclass(frozen=True, slots=True)
class Entry:
    """One line of a suppression list, checked: the channel and the normalized email or E.164 number."""

    channel: str
    value: str
    reason: str


def channels_for(raw: str, is_email: bool) -> list[str]:
    """The channels a row's channel text names (none given: every channel of that kind of value)."""
    folded = raw.strip().casefold()
    if is_email:
        return [EMAIL]
    if any(w in folded for w in ("text", "sms")):
        return [TEXT]
    if any(w in folded for w in ("call", "phone", "voice")):
        return [CALL]
    return [CALL, TEXT]


def parse_phone(raw: str, region: str) -> str:
    """A phone as E.164; digits written without their "+" (as the presets write them) are read back too."""
    try:
        return normalize_phone(raw, region).e164
    except InvalidValue:
        digits = raw.strip()
        if digits.isdigit() and len(digits) > 10:
            return normalize_phone(f"+{digits}", region).e164
        raise


class SuppressionRun:
    """One suppression list into an open write session."""

    def __init__(self, session: Session, batch_id: int, layout: Any, region: str, file_name: str) -> None:
        self.session = session
        self.batch_id = batch_id
        self.region = region
        self.source = file_name
        self.where = {c.field: c.index for c in layout.columns}
        self.email_status = any(c.field == "reason" and normalize_header(c.header) in EMAIL_STATUS_HEADERS
                                for c in layout.columns)
        self.still_subscribed = 0
        self.on_file: dict[tuple[str, str], tuple[int | None, str]] = {
            (c, v): (i, r) for i, c, v, r in session.execute(
                select(Suppression.id, Suppression.channel, Suppression.value, Suppression.reason))}

    def _cell(self, cells: list[str], name: str) -> str:
        index = self.where.get(name)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    def entries(self, number: int, cells: list[str]) -> tuple[list[Entry], RowIssue | None]:
        """The entries of one row, or why it holds none."""
        email, phone = self._cell(cells, "email"), self._cell(cells, "phone")
        reason, channel = self._cell(cells, "reason")[:200], self._cell(cells, "channel")
        out: list[Entry] = []
        if " ".join(reason.casefold().split()) in STILL_SUBSCRIBED:
            self.still_subscribed += 1
            return [], None
        try:
            if email:
                out += [Entry(EMAIL, normalize_email(email), reason or "opted out")]
            if phone and not (email and self.email_status):
                number_e164 = parse_phone(phone, self.region)
                out += [Entry(c, number_e164, reason or "do not contact") for c in channels_for(channel, False)]
        except InvalidValue as exc:
            return [], RowIssue(number, "email" if email and not out else "phone", email or phone, str(exc))
        if not out:
            return [], RowIssue(number, "", "", "no email or phone number on this row")
        return out, None

    def run(self, rows: Iterator[Any], report: Any, progress: Progress = NO_PROGRESS,
            cancel: CancelToken = NEVER) -> None:
        """Keep each new entry, apply it, and count the outcome of each row: created (a new entry, or
        people it marks), updated (an entry on file with another reason), unchanged or rejected."""
        for row in rows:
            cancel.raise_if_cancelled()
            report.rows += 1
            entries, issue = self.entries(row.number, row.cells)
            if issue is not None:
                report.reject(issue, tuple(row.cells))
                continue
            if not entries:  # still subscribed
                report.unchanged += 1
                continue
            flagged = sum(self._apply(row.number, e) for e in entries)
            new = [e for e in entries if (e.channel, e.value) not in self.on_file]
            for entry in new:
                self.on_file[(entry.channel, entry.value)] = (None, entry.reason)
                self.session.add(Suppression(channel=entry.channel, value=entry.value, reason=entry.reason,
                                             origin=self.source[:300], batch_id=self.batch_id))
            reasons = [e for e in entries if e not in new and self._new_reason(row.number, e)]
            self._count_voters(report, entries)
            report.extra["people_flagged"] = report.extra.get("people_flagged", 0) + flagged
            if new or flagged:
                report.created += 1
            elif reasons:
                report.updated += 1
            else:
                report.unchanged += 1
            if report.rows % 1000 == 0:
                progress(report.rows, 0, f"{report.rows:,} entries read")
        if self.still_subscribed:
            report.notices.append(f"{counted(self.still_subscribed, 'row says', 'rows say')} the person is still "
                                  "subscribed: not an opt-out, left out")
        self.session.flush()

    def _new_reason(self, number: int, entry: Entry) -> bool:
        """An entry on file given another reason: the reason is updated (and put back by undo)."""
        entry_id, reason = self.on_file[(entry.channel, entry.value)]
        if entry_id is None or reason == entry.reason or not entry.reason:
            return False
        self.session.execute(update(Suppression).where(Suppression.id == entry_id).values(reason=entry.reason))
        self.session.add(ImportChange(batch_id=self.batch_id, row=number, entity="suppression", entity_id=entry_id,
                                      action="updated", before={"reason": reason}))
        self.on_file[(entry.channel, entry.value)] = (entry_id, entry.reason)
        return True

    def _count_voters(self, report: Any, entries: list[Entry]) -> None:
        numbers = {e.value for e in entries if e.channel != EMAIL}
        if numbers:
            found = self.session.scalar(select(func.count()).select_from(Voter).where(Voter.phone.in_(numbers)))
            report.extra["voters_matched"] = report.extra.get("voters_matched", 0) + int(found or 0)

    def _apply(self, number: int, entry: Entry) -> int:
        """Turn the flags on for the people this entry matches (and a number's do-not-call); how many people."""
        flag = PERSON_FLAG[entry.channel]
        if entry.channel == EMAIL:
            owners = select(EmailAddress.person_id).where(EmailAddress.address == entry.value)
        else:
            owners = select(PhoneNumber.person_id).where(PhoneNumber.number == entry.value)
        changed = 0
        for pid in self.session.scalars(select(Person.id).where(Person.id.in_(owners), ~getattr(Person, flag))):
            self.session.execute(update(Person).where(Person.id == pid).values({flag: True}))
            self._changed(number, "suppressed", pid, flag)
            changed += 1
        if entry.channel == CALL:
            for phone_id in self.session.scalars(select(PhoneNumber.id).where(
                    PhoneNumber.number == entry.value, ~PhoneNumber.do_not_call)):
                self.session.execute(update(PhoneNumber).where(PhoneNumber.id == phone_id).values(do_not_call=True))
                self._changed(number, "suppressed_phone", phone_id, "do_not_call")
        return changed

    def _changed(self, number: int, entity: str, entity_id: int, flag: str) -> None:
        self.session.add(ImportChange(batch_id=self.batch_id, row=number, entity=entity, entity_id=entity_id,
                                      action="updated", before={"flag": flag}))


def undo_suppressions(session: Session, batch: ImportBatch) -> dict[str, int]:
    """Take the batch's entries off file, put back reasons it changed and turn off the flags it turned on."""
    restored = 0
    models: dict[str, Any] = {"suppressed": Person, "suppressed_phone": PhoneNumber}
    for entity, row_id, before in session.execute(select(ImportChange.entity, ImportChange.entity_id,
                                                         ImportChange.before).where(ImportChange.batch_id == batch.id)):
        if entity == "suppression":
            session.execute(update(Suppression).where(Suppression.id == row_id).values(reason=before["reason"]))
            restored += 1
        elif entity in models:
            model = models[entity]
            session.execute(update(model).where(model.id == row_id).values({before["flag"]: False}))
            restored += entity == "suppressed"
    removed = session.execute(delete(Suppression).where(Suppression.batch_id == batch.id))
    return {"removed": int(getattr(removed, "rowcount", 0) or 0), "restored": restored}


def apply_on_file(session: Session, batch_id: int, created: Select[Any] | None = None) -> int:
    """Turn on the do-not-contact flags of the people an import created, or gave an email or phone, that is
    on file; how many flags it turned on. A person the import only updated is flagged for a value it added
    (recorded, so undoing the import turns the flag off again), never again for one they already had.

    `created` selects the new people's ids when the import's change records do not list them (signers)."""
    if session.scalar(select(Suppression.id).limit(1)) is None:
        return 0
    changes = select(ImportChange.entity_id).where(ImportChange.batch_id == batch_id, ImportChange.entity == "person")
    updated = changes.where(ImportChange.action == "updated")
    if created is None:
        created = changes.where(ImportChange.action == "created")
    changed = 0
    for channel, flag in PERSON_FLAG.items():
        on_file = select(Suppression.value).where(Suppression.channel == channel)
        model, column = (EmailAddress, EmailAddress.address) if channel == EMAIL else (PhoneNumber, PhoneNumber.number)
        owners = select(model.person_id).where(column.in_(on_file))
        result = session.execute(update(Person).where(Person.id.in_(created), Person.id.in_(owners),
                                                      ~getattr(Person, flag)).values(_by_the_batch(flag)))
        changed += int(getattr(result, "rowcount", 0) or 0)
        candidates = list(session.scalars(select(Person.id).where(Person.id.in_(updated), Person.id.in_(owners),
                                                                  ~getattr(Person, flag))))
        changed += _apply_to_updated(session, batch_id, channel, candidates)
    return changed


def _apply_to_updated(session: Session, batch_id: int, channel: str, candidates: list[int]) -> int:
    """Flag the people among `candidates` to whom this batch added a value on file for the channel."""
    if not candidates:
        return 0
    on_file = set(session.scalars(select(Suppression.value).where(Suppression.channel == channel)))
    flag, key = PERSON_FLAG[channel], "emails" if channel == EMAIL else "phones"
    pending = set(candidates)
    for start in range(0, len(candidates), 500):
        for pid, row, before in session.execute(
                select(ImportChange.entity_id, ImportChange.row, ImportChange.before)
                .where(ImportChange.batch_id == batch_id, ImportChange.entity == "person",
                       ImportChange.action == "updated", ImportChange.entity_id.in_(candidates[start:start + 500]))):
            added = before.get(key, []) if isinstance(before, dict) else []
            if pid in pending and {v if isinstance(v, str) else v[0] for v in added if v} & on_file:
                session.execute(update(Person).where(Person.id == pid).values(_by_the_batch(flag)))
                session.add(ImportChange(batch_id=batch_id, row=row, entity="suppressed", entity_id=pid,
                                         action="updated", before={"flag": flag}))
                pending.discard(pid)
    return len(candidates) - len(pending)


def _by_the_batch(flag: str) -> dict[str, Any]:
    """A flag turned on as part of the import that wrote the person: modified at the batch's own time, so
    undoing that import does not take it for a later edit."""
    return {flag: True, "modified_at": Person.imported_at}


def suppression_rows(session: Session) -> Iterator[list[str]]:
    """Every email and phone not to contact, with channel and reason, once each; phones as digits without "+"."""
    seen: set[tuple[str, str]] = set()
    for channel, value, reason in _all_entries(session):
        if (channel, value) in seen:
            continue
        seen.add((channel, value))
        yield [value, "", channel, reason] if channel == EMAIL else ["", value.lstrip("+"), channel, reason]


def suppressed_values(session: Session) -> tuple[frozenset[str], frozenset[str]]:
    """Every email (folded) and every phone number not to contact by some channel: what an outreach export
    must never write, whoever else shares the address or number."""
    emails: set[str] = set()
    phones: set[str] = set()
    for channel, value, _reason in _all_entries(session):
        if channel == EMAIL:
            emails.add(value.casefold())
        else:
            phones.add(value)
    return frozenset(emails), frozenset(phones)


def _all_entries(session: Session) -> Iterator[tuple[str, str, str]]:
    p = Person
    for address, deceased, status in session.execute(
            select(EmailAddress.address, p.deceased, EmailAddress.status).join(p, p.id == EmailAddress.person_id)
            .where(or_(p.do_not_email, p.deceased, EmailAddress.status == "unsubscribed"))
            .order_by(EmailAddress.id)):
        why = "unsubscribed" if status == "unsubscribed" else "do not email"
        yield EMAIL, address, "deceased" if deceased else why
    for number, deceased, dnc, dnt, phone_dnc in session.execute(
            select(PhoneNumber.number, p.deceased, p.do_not_call, p.do_not_text, PhoneNumber.do_not_call)
            .join(p, p.id == PhoneNumber.person_id)
            .where(or_(p.do_not_call, p.do_not_text, p.deceased, PhoneNumber.do_not_call)).order_by(PhoneNumber.id)):
        why = "deceased" if deceased else "do not call"
        if deceased or dnc or phone_dnc:
            yield CALL, number, why
        if deceased or dnt:
            yield TEXT, number, "deceased" if deceased else "do not text"
    entries = session.execute(select(Suppression.channel, Suppression.value, Suppression.reason)
                              .order_by(Suppression.id))
    yield from ((channel, value, reason) for channel, value, reason in entries)
