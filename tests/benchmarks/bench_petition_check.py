"""Petition check benchmark: quality on the Ballot Initiative sample data, clean and with noise; speed at scale.

1. Loads ../shared/data/ballot-initiative (100,000 voters, 500 signers of whom 100 are not registered)
   through `import voters` and the signatures import, checks, and counts: registered signers valid and
   matched to the right voter, the others not registered, false `valid`s (must be 0).
2. Adds noise to the same signers (typos, swapped case, abbreviations, missing units) and reports how
   many true signers come out valid or needs_review, and any false valid.
3. Checks N signatures (default 10,000, 30% with noise) against a roll of M voters (default 1,000,000,
   bulk inserted: the ballot roll's names again and again at other addresses), timing the check alone.

    .venv/bin/python tests/benchmarks/bench_petition_check.py [--voters M] [--signatures N] [--skip-scale]
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import cast

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from sqlalchemy import Table  # noqa: E402

from organizer.domain.addresses import parse_street, street_key  # noqa: E402
from organizer.domain.text import family_key, name_key  # noqa: E402
from organizer.domain.voter_search import voter_search_key  # noqa: E402
from organizer.services.container import Services, create_chapter  # noqa: E402
from organizer.services.importing.options import ImportOptions  # noqa: E402
from organizer.services.petitions import PetitionInput, SignatureRow  # noqa: E402
from organizer.storage.bulk import bulk_insert_tuples  # noqa: E402
from organizer.storage.bulk_indexes import indexes_rebuilt_after  # noqa: E402
from organizer.storage.models import Voter  # noqa: E402
from organizer.storage.voter_text import index_voters_after  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "ballot-initiative"
SCALE_COLUMNS = ["voter_id", "given_name", "family_name", "street_address", "street_number", "street_number_value",
                 "street_name", "unit", "street_key", "status", "name_key", "family_key", "search_key"]
ABBREVIATIONS = {"Street": "St", "Avenue": "Ave", "Road": "Rd", "Drive": "Dr", "North": "N", "South": "S",
                 "Apt.": "#", "Suite": "Ste", "Court": "Ct", "Lane": "Ln"}


def read(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


def write(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    return path


def typo(word: str, rnd: random.Random) -> str:
    if len(word) < 4:
        return word
    i = rnd.randrange(1, len(word) - 1)
    return rnd.choice([word[:i] + word[i + 1 :], word[:i] + word[i + 1] + word[i] + word[i + 2 :],
                       word[:i] + word[i] + word[i:]])


def noisy(row: list[str], rnd: random.Random) -> list[str]:
    """One or two kinds of noise a hand-keyed line carries."""
    given, family, number, street, *rest = row
    for kind in rnd.sample(["typo_name", "case", "abbrev", "unit", "typo_street"], k=rnd.choice([1, 1, 2])):
        if kind == "typo_name":
            family = typo(family, rnd) if rnd.random() < 0.5 else family
            given = typo(given, rnd) if given == row[0] and family == row[1] else given
        elif kind == "case":
            given, family, street = given.upper(), family.lower(), street.swapcase()
        elif kind == "abbrev":
            street = " ".join(ABBREVIATIONS.get(w, w) for w in street.split())
        elif kind == "unit":
            street = street.split(" Apt.")[0].split(" Suite")[0]
        else:
            street = typo(street, rnd)
    return [given, family, number, street, *rest]


def check(services: Services, title: str, signers: Path) -> tuple[int, float]:
    pid = services.petitions.create(PetitionInput(title, "ballot_access", required=300)).id
    services.imports.run(signers, "signatures", ImportOptions(target=str(pid)))
    start = time.perf_counter()
    services.petitions.check(pid)
    return pid, time.perf_counter() - start


def right_voter(services: Services, line: SignatureRow) -> bool:
    """Whether the matched voter has the signer's family name and house number (the file's own truth)."""
    assert line.voter_row_id is not None
    voter = services.voters.rows([line.voter_row_id])[0]
    return (family_key(voter.family_name) == family_key(line.family_name)
            and parse_street(voter.street).number == parse_street(line.address).number)


def quality(services: Services, pid: int, spurious: set[tuple[str, str]]) -> dict[str, int]:
    counts = {"true_valid": 0, "true_review": 0, "true_other": 0, "false_valid": 0, "fake_not_registered": 0,
              "fake_other": 0, "wrong_voter": 0}
    for line in services.petitions.signatures(pid):
        fake = (line.given_name.casefold(), line.family_name.casefold()) in spurious
        if fake:
            counts["false_valid" if line.status == "valid" else
                   "fake_not_registered" if line.status == "not_registered" else "fake_other"] += 1
        elif line.status == "valid":
            counts["true_valid"] += 1
            counts["wrong_voter"] += not right_voter(services, line)
        else:
            counts["true_review" if line.status == "needs_review" else "true_other"] += 1
    return counts


def ballot_quality(folder: Path) -> None:
    services = create_chapter(folder / "ballot.db", "Bench", "US")
    start = time.perf_counter()
    services.imports.run(DATA / "fake_voter_records.csv", "voters")
    print(f"import voters: 100,000 in {time.perf_counter() - start:.1f} s")
    spurious = {(r[0].casefold(), r[1].casefold()) for r in read(DATA / "spurious_signers.csv")[1:]}
    pid, took = check(services, "Clean", DATA / "all_petition_signers.csv")
    print(f"clean: 500 signatures checked against 100,000 voters in {took:.2f} s:", quality(services, pid, spurious))
    rnd = random.Random(18)
    rows = read(DATA / "all_petition_signers.csv")
    noisy_rows = [rows[0], *(noisy(r, rnd) for r in rows[1:])]
    spurious_noisy = {(r[0].casefold(), r[1].casefold()) for r, o in zip(noisy_rows[1:], rows[1:], strict=True)
                      if (o[0].casefold(), o[1].casefold()) in spurious}
    pid, took = check(services, "Noisy", write(folder / "noisy.csv", noisy_rows))
    found = quality(services, pid, spurious_noisy)
    recall = (found["true_valid"] + found["true_review"]) / 400
    print(f"noisy: checked in {took:.2f} s: {found}; true signers valid {found['true_valid'] / 400:.1%}, "
          f"valid or needs_review {recall:.1%}; precision of valid "
          f"{(found['true_valid'] - found['wrong_voter']) / max(1, found['true_valid'] + found['false_valid']):.1%}")
    services.close()


def fill_roll(services: Services, body: list[list[str]], voters: int) -> list[list[str]]:
    """A roll of `voters` by bulk insert (keys as the import makes them): the ballot roll's names again and
    again, each time at another voter's address (real rolls repeat names); returns the rows as written."""
    table = cast(Table, Voter.__table__)
    rows: list[list[str]] = []
    with services.db.write() as session:
        conn = session.connection()
        with indexes_rebuilt_after(conn, [table], tuple(i.name for i in table.indexes if i.name)):
            for start in range(0, voters, 20_000):
                batch = []
                for i in range(start, min(voters, start + 20_000)):
                    copy, n = divmod(i, len(body))
                    given, family = body[n][0], body[n][1]
                    place = body[(n * 7919 + copy * 104_729) % len(body)] if copy else body[n]
                    number = str(int(place[2]) + (copy % 3) * 100_000) if copy else place[2]
                    street = f"{number} {place[3]}".strip()
                    parts = parse_street(street)
                    vid = f"S{i:08d}"
                    batch.append((vid, given, family, street, parts.number, parts.number_value, parts.street,
                                  parts.unit, street_key(street), "active", name_key(given, family), family_key(family),
                                  voter_search_key(family, given, "", "", street, parts.unit, vid)))
                    rows.append([given, family, number, place[3], " ", " "])
                bulk_insert_tuples(conn, table, SCALE_COLUMNS, batch)
        index_voters_after(conn, 0)
    return rows


def scale(folder: Path, voters: int, signatures: int) -> None:
    header, *body = read(DATA / "fake_voter_records.csv")
    rnd = random.Random(7)
    services = create_chapter(folder / "scale.db", "Bench", "US")
    start = time.perf_counter()
    rows = fill_roll(services, body, voters)
    print(f"roll of {voters:,} voters built (bulk insert) in {time.perf_counter() - start:.1f} s")
    picked = rnd.sample(rows, signatures)
    signers = write(folder / "signers.csv", [header, *(noisy(r, rnd) if rnd.random() < 0.3 else r for r in picked)])
    start = time.perf_counter()
    pid = services.petitions.create(PetitionInput("Scale", "ballot_access", required=signatures)).id
    services.imports.run(signers, "signatures", ImportOptions(target=str(pid)))
    print(f"import signatures: {signatures:,} in {time.perf_counter() - start:.1f} s")
    start, cpu = time.perf_counter(), time.process_time()
    result = services.petitions.check(pid)
    took = time.perf_counter() - start
    print(f"check: {signatures:,} signatures against {voters:,} voters in {took:.1f} s wall, "
          f"{time.process_time() - cpu:.1f} s CPU: {result.counts}")
    services.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--voters", type=int, default=1_000_000, help="voters on the scale roll")
    parser.add_argument("--signatures", type=int, default=10_000, help="signatures checked at scale")
    parser.add_argument("--skip-scale", action="store_true", help="only the quality figures")
    parser.add_argument("--skip-quality", action="store_true", help="only the scale figures")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if not args.skip_quality:
            ballot_quality(Path(tmp))
        if not args.skip_scale:
            scale(Path(tmp), args.voters, args.signatures)


if __name__ == "__main__":
    main()
