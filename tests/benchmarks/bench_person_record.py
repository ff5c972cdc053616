"""Benchmark of searching custom-field values and of reading a person's whole record, over 100,000 people.

    .venv/bin/python tests/benchmarks/bench_person_record.py [PEOPLE]

Prints: search times with custom-field values in the search text and, on a copy, without them (the
rule before it); the time migration 0010 takes to add them to stored texts; and the time to read one
person's record while an import batch holds a change row for every person.
"""

from __future__ import annotations

import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from organizer.domain.search import search_text  # noqa: E402
from organizer.domain.text import family_key, name_key  # noqa: E402
from organizer.services.container import create_chapter, open_chapter  # noqa: E402
from organizer.services.people import PeopleQuery  # noqa: E402
from organizer.storage.location import SqliteFile  # noqa: E402
from organizer.storage.models import EmailAddress, ImportBatch, ImportChange, Person  # noqa: E402

GIVEN = ["Maria", "José", "Wei", "Aisha", "John", "Fatima", "Nguyen", "Zoë", "DeShawn", "Ana", "Liam", "Priya"]
FAMILY = ["Lopez", "Chen", "Smith", "O'Brien", "de la Cruz", "Nguyen", "Johnson", "Khan", "García", "Okafor"]
SHIRTS = ["S", "M", "L", "XL", "XXL"]
EMPLOYERS = ["Duke Energy", "Wake County Schools", "Riverside Library", "Acme Widgets", "City of Raleigh",
             "Rex Hospital", "self-employed", "Food Lion"]
QUERIES = ("maria", "okafor 4", "acme", "riverside library", "555-12", "zzz-nobody")


def fill(services: object, count: int) -> None:
    rng = random.Random(3)
    db = services.db  # type: ignore[attr-defined]
    with db.write() as session:
        people, emails, changes = [], [], []
        batch = ImportBatch(kind="people", file_name="members.csv", file_hash="0" * 64, mapping={"Phone #": "phone"})
        session.add(batch)
        session.flush()
        for i in range(1, count + 1):
            given, family = rng.choice(GIVEN), rng.choice(FAMILY) + ("" if i % 3 else str(i % 97))
            custom: dict[str, str] = {}
            if rng.random() < 0.22:
                custom["T-shirt size"] = rng.choice(SHIRTS)
            if rng.random() < 0.22:
                custom["Employer"] = rng.choice(EMPLOYERS)
            if rng.random() < 0.01:
                custom["Phone #"] = f"555-{rng.randrange(10, 99)}"
            email = f"{given.lower()}{i}@example.org"
            people.append({"id": i, "uuid": f"00000000-0000-4000-8000-{i:012d}", "given_name": given,
                           "family_name": family, "name_key": name_key(given, family),
                           "family_key": family_key(family), "custom_fields": custom, "languages_spoken": [],
                           "search_text": search_text((given, family), [email], [], ["27601"], custom)})
            emails.append({"person_id": i, "address": email, "primary": True})
            changes.append({"batch_id": batch.id, "row": i + 1, "entity": "person", "entity_id": i,
                            "action": "created", "before": {}})
        conn = session.connection()
        conn.execute(insert(Person.__table__), people)
        conn.execute(insert(EmailAddress.__table__), emails)
        conn.execute(insert(ImportChange.__table__), changes)


def timed(fn: object, repeat: int = 7) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def without_custom_text(path: Path, revision: str | None = None) -> None:
    """Store the search texts as the rule before custom values made them (the schema then at `revision`)."""
    con = sqlite3.connect(path)
    rows = con.execute("SELECT id, given_name, family_name, custom_fields FROM people").fetchall()
    emails = dict(con.execute("SELECT person_id, address FROM email_addresses").fetchall())
    con.executemany("UPDATE people SET search_text = ? WHERE id = ?",
                    [(search_text((g, f), [emails[i]], [], ["27601"]), i) for i, g, f, _c in rows])
    if revision is not None:
        con.execute("UPDATE alembic_version SET version_num = ?", (revision,))
    con.commit()
    con.close()


def searches(path: Path) -> dict[str, tuple[int, float]]:
    services = open_chapter(path)
    out = {}
    for text in QUERIES:
        query = PeopleQuery(text=text)
        out[text] = (len(services.people.search_ids(query)), timed(lambda q=query: services.people.search_ids(q)))
    services.close()
    return out


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    folder = Path(tempfile.mkdtemp(prefix="bench-record-"))
    services = create_chapter(folder / "new.db", "Bench", "US")
    fill(services, count)
    services.close()
    SqliteFile(folder / "new.db").backup_to(folder / "old.db")
    without_custom_text(folder / "old.db")
    SqliteFile(folder / "old.db").backup_to(folder / "migrated.db")
    without_custom_text(folder / "migrated.db", "0007")
    print(f"{count:,} people, about 40% with custom fields")
    start = time.perf_counter()
    open_chapter(folder / "migrated.db").close()
    print(f"opening it as a 0007 database (backup, then migration 0010): {time.perf_counter() - start:.2f} s")
    print("search                    with custom values        without (the rule before)")
    for _round in range(2):  # alternating, so a busy machine weighs on both alike
        old_rule, new_rule = searches(folder / "old.db"), searches(folder / "new.db")
        for text in QUERIES:
            print(f"{text!r:22} {new_rule[text][0]:>7,} found {new_rule[text][1]:6.1f} ms    "
                  f"{old_rule[text][0]:>7,} found {old_rule[text][1]:6.1f} ms")
    services = open_chapter(folder / "new.db")
    for pid in (1, count // 2, count):
        ms = timed(lambda p=pid: services.records.record(p))
        print(f"whole record of person {pid:,} (one import batch of {count:,} changes): {ms:.1f} ms")
    services.close()


if __name__ == "__main__":
    main()
