"""Possible duplicates in lists where names repeat: exactly the pairs the rule gives, found again never.

The rule (DOMAIN.md, and the import's cap): a new person resembles earlier people of the same family
name; listed are the first three earlier people with the same given name, then, for each similarly
spelled given name (Indel similarity of at least 85%) in the order the family's given names first
appeared, its first three people — at most three in all. The expected pairs are computed here from
that rule alone, with a similarity written out below, not with the import's code.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import NamedTuple

from sqlalchemy import select

from organizer.services.container import Services
from organizer.storage.models import EmailAddress, PossibleDuplicate
from tests.service.importing_helpers import write_csv

# Names as a list writes them, with the matching key each must have (case, accents, spaces and
# punctuation do not count); several given names are spelled alike (Jon, John, Joan; Ana, Anna).
GIVEN = [("Maria", "maria"), ("MARIA", "maria"), ("María", "maria"), ("Mariah", "mariah"), ("Marie", "marie"),
         ("Ana", "ana"), ("Anna", "anna"), ("Jon", "jon"), ("John", "john"), ("Joan", "joan"),
         ("Katherine", "katherine"), ("Catherine", "catherine"), ("Katharine", "katharine"),
         ("Kathryn", "kathryn"), ("Wei", "wei"), ("Mei", "mei"), ("Jo-Anne", "joanne"), ("Sofia", "sofia")]
FAMILY = [("Okafor", "okafor"), ("O'Brien", "obrien"), ("de la Cruz", "delacruz"), ("Nguyen", "nguyen"),
          ("NGUYEN", "nguyen")]
HEADER = ["First", "Last", "Email"]
LIMIT = 3
SIMILAR = 85.0


class Row(NamedTuple):
    given: str
    family: str
    email: str
    gkey: str
    fkey: str


def similarity(a: str, b: str) -> float:
    """Indel similarity in percent: twice the longest common subsequence over the total length."""
    previous = [0] * (len(b) + 1)
    for ch in a:
        current = [0]
        for j, other in enumerate(b):
            current.append(previous[j] + 1 if ch == other else max(previous[j + 1], current[j]))
        previous = current
    return 200.0 * previous[-1] / (len(a) + len(b))


def expected_pairs(rows: list[Row]) -> set[tuple[str, str, str, float]]:
    """(new person, earlier person, reason, score) by the rule, people labelled by their email."""
    pairs = set()
    for i, row in enumerate(rows):
        earlier = [r for r in rows[:i] if r.fkey == row.fkey]
        same = [(r, "same name", 100.0) for r in earlier if r.gkey == row.gkey][:LIMIT]
        similar = []
        for gkey in dict.fromkeys(r.gkey for r in earlier):  # in the order they first appeared
            score = similarity(row.gkey, gkey)
            if gkey != row.gkey and score >= SIMILAR:
                similar += [(r, "similar spelling", score) for r in earlier if r.gkey == gkey][:LIMIT]
        pairs |= {(row.email, r.email, reason, round(score, 6)) for r, reason, score in (same + similar)[:LIMIT]}
    return pairs


def found_pairs(services: Services) -> set[tuple[str, str, str, float]]:
    with services.db.read() as session:
        email = {pid: address for pid, address in session.execute(
            select(EmailAddress.person_id, EmailAddress.address))}
        found = session.execute(select(PossibleDuplicate.person_id, PossibleDuplicate.other_person_id,
                                       PossibleDuplicate.reason, PossibleDuplicate.score)).all()
        return {(email[a], email[b], reason, round(score, 6)) for a, b, reason, score in found}


def make_rows(count: int, seed: int) -> list[Row]:
    rng = random.Random(seed)
    rows = []
    for i in range(count):
        (given, gkey), (family, fkey) = rng.choice(GIVEN), rng.choice(FAMILY)
        rows.append(Row(given, family, f"p{seed}-{i}@example.org", gkey, fkey))
    return rows


def test_the_similarity_written_here_is_the_rule() -> None:
    assert similarity("jon", "john") == 200 * 3 / 7
    assert similarity("katherine", "catherine") == 200 * 8 / 18
    assert similarity("maria", "maria") == 100.0
    assert similarity("wei", "mei") < SIMILAR < similarity("ana", "anna")


def test_repeated_names_give_exactly_the_pairs_of_the_rule_and_a_re_import_adds_none(
        services: Services, tmp_path: Path) -> None:
    first, second = make_rows(220, seed=1), make_rows(160, seed=2)
    files = [write_csv(tmp_path / f"{name}.csv", [HEADER, *([r.given, r.family, r.email] for r in rows)])
             for name, rows in (("first", first), ("second", second))]
    reports = [services.imports.run(path, "people") for path in files]  # the second against loaded people
    assert [r.created for r in reports] == [220, 160]
    expected = expected_pairs(first + second)
    assert {reason for _a, _b, reason, _s in expected} == {"same name", "similar spelling"}
    assert found_pairs(services) == expected
    assert sum(r.possible_duplicates for r in reports) == len(expected)

    again = [services.imports.run(path, "people") for path in files]
    assert [(r.created, r.unchanged, r.possible_duplicates) for r in again] == [(0, 220, 0), (0, 160, 0)]
    assert found_pairs(services) == expected
