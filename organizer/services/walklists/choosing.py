"""Choosing voters for a walk list: filters first (vote history included), then suppressions, counted by reason."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from organizer.domain.codes import WalkListSource
from organizer.domain.vote_history import last_generals, last_municipal, meets
from organizer.services.walklists.history import (
    any_separate_history,
    history_in_row,
    registered_on,
    roll_elections,
    separate_history,
)
from organizer.services.walklists.people_link import voter_person_key
from organizer.services.walklists.targets import (
    CONTACTED_RECENTLY,
    INACTIVE,
    Chosen,
    Target,
    WalkFilters,
    _since,
    contact_state,
    people_targets,
    person_flags,
    voter_rows,
    voter_target,
)
from organizer.storage.models import Person, PostalAddress


def choose(session: Session, filters: WalkFilters) -> Chosen:
    """The targets the filters select, less those suppressed (with how many were, by reason)."""
    filters.check()
    if filters.source == WalkListSource.PEOPLE.value:
        skipped: Counter[str] = Counter()
        return Chosen(people_targets(session, filters, skipped), skipped)
    return choose_voters(session, filters)


def choose_voters(session: Session, filters: WalkFilters) -> Chosen:
    """Voters from the roll: vote-history filters, then inactive, flags, door results and recent contact."""
    rule = filters.vote
    with_extra = rule.wanted or rule.registered_since is not None
    rows = list(voter_rows(session, filters, with_extra))
    if with_extra:
        rows = _by_history(session, filters, rows)
    since = _since(filters.not_contacted_days)
    by_voter, recent_voters = contact_state(session, True, since)
    by_person, recent_people = contact_state(session, False, since)
    flagged = _flagged_people(session)
    flagged_at = _flagged_addresses(session)
    skipped: Counter[str] = Counter()
    today = date.today()
    targets: list[Target] = []
    for row in rows:
        row_id, status, person = row[0], row[12], row[14]  # by position: see voter_target
        if status != "active":
            skipped[INACTIVE] += 1
            continue
        reason = (flagged.get(person, "") or (flagged_at and _flagged_here(flagged_at, row)) or by_voter.get(row_id, "")
                  or by_person.get(person, "")
                  or (CONTACTED_RECENTLY if row_id in recent_voters or person in recent_people else ""))
        target = voter_target(row, today)
        reason = reason or target.door.problem
        if reason:
            skipped[reason] += 1
            continue
        targets.append(target)
    return Chosen(targets, skipped)


def _flagged_people(session: Session) -> dict[int | None, str]:
    rows = session.execute(select(Person.id, Person.do_not_walk, Person.deceased, Person.moved)
                           .where(or_(Person.do_not_walk, Person.deceased, Person.moved)))
    return {row.id: person_flags(row) for row in rows}


def _flagged_addresses(session: Session) -> dict[tuple[str, str, str], str]:
    """Flagged people by name, street and ZIP: a voter not yet linked to a person who asked not to be walked
    (or died, or moved) is that person when the three agree, as a walk result links them."""
    rows = session.execute(select(Person.name_key, PostalAddress.street_key, PostalAddress.postal_code,
                                  Person.do_not_walk, Person.deceased, Person.moved)
                           .join(PostalAddress, PostalAddress.person_id == Person.id)
                           .where(or_(Person.do_not_walk, Person.deceased, Person.moved)))
    return {(row.name_key, row.street_key, row.postal_code[:5]): person_flags(row) for row in rows
            if row.name_key.strip("|") and row.street_key}


def _flagged_here(flagged_at: dict[tuple[str, str, str], str], row: Any) -> str:
    """The flag of the person a voter row is by name, street and ZIP ("" for none); see `_flagged_addresses`."""
    key = voter_person_key(row[2], row[3], row[4], row[9])  # given, family, street, ZIP: see voter_target
    return "" if key is None else flagged_at.get(key, "")


def _by_history(session: Session, filters: WalkFilters, rows: list[Any]) -> list[Any]:
    """The rows whose vote history and registration date pass the filters."""
    rule = filters.vote
    separate = separate_history(session, [r.voter_id for r in rows]) if any_separate_history(session) else {}
    histories = [history_in_row(r.extra) | separate.get(r.voter_id, set()) for r in rows]
    elections = roll_elections(session)
    for history in histories:
        elections |= history
    generals, municipal = last_generals(elections, rule.of_last), last_municipal(elections)
    kept = []
    for row, history in zip(rows, histories, strict=True):
        if rule.wanted and not meets(rule, history, generals, municipal):
            continue
        if rule.registered_since is not None:
            registered = registered_on(row.extra)
            if registered is None or registered < rule.registered_since:
                continue
        kept.append(row)
    return kept
