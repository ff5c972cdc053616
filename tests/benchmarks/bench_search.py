"""Search benchmark: a name/email/phone search over 100,000 people, and the first page of rows.

    .venv/bin/python tests/benchmarks/bench_search.py [PEOPLE]
"""

from __future__ import annotations

import random
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
from organizer.services.container import create_chapter  # noqa: E402
from organizer.services.people import PeopleQuery  # noqa: E402
from organizer.storage.models import EmailAddress, Person, PhoneNumber  # noqa: E402

GIVEN = ["Maria", "José", "Wei", "Aisha", "John", "Fatima", "Nguyen", "Zoë", "DeShawn", "Ana", "Liam", "Priya",
         "Olga", "Kwame", "Sofia", "Hiroshi", "Lucía", "Omar", "Grace", "Mateo"]
FAMILY = ["Lopez", "Chen", "Smith", "O'Brien", "de la Cruz", "Nguyen", "Johnson", "Khan", "García", "McDonald",
          "Okafor", "Silva", "Kowalski", "Haddad", "Tanaka", "Rossi", "Novak", "Ibrahim", "Park", "Jensen"]


def fill(services: object, count: int) -> None:
    rng = random.Random(3)
    db = services.db  # type: ignore[attr-defined]
    with db.write() as session:
        people, emails, phones = [], [], []
        for i in range(1, count + 1):
            given, family = rng.choice(GIVEN), rng.choice(FAMILY) + ("" if i % 3 else str(i % 97))
            email = f"{given.lower()}{i}@example.org"
            phone = f"+1919{2000000 + i:07d}"
            people.append({"id": i, "uuid": f"00000000-0000-4000-8000-{i:012d}", "given_name": given,
                           "family_name": family, "name_key": name_key(given, family),
                           "family_key": family_key(family), "custom_fields": {}, "languages_spoken": [],
                           "search_text": search_text((given, family), [email], [phone], "27601")})
            emails.append({"person_id": i, "address": email, "primary": True})
            phones.append({"person_id": i, "number": phone, "primary": True})
        conn = session.connection()
        conn.execute(insert(Person.__table__), people)
        conn.execute(insert(EmailAddress.__table__), emails)
        conn.execute(insert(PhoneNumber.__table__), phones)


def timed(fn: object, repeat: int = 7) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    folder = Path(tempfile.mkdtemp(prefix="bench-search-"))
    services = create_chapter(folder / "c.db", "Bench", "US")
    fill(services, count)
    people = services.people
    print(f"{count:,} people")
    for text in ("maria", "lopez", "okafor 4", "wei12345@example", "919 200 12", "zzz-nobody"):
        query = PeopleQuery(text=text)
        ms = timed(lambda q=query: people.search_ids(q))
        first_page = people.search_ids(query)[:200]
        page = timed(lambda ids=first_page: people.rows(ids))
        ids = people.search_ids(query)
        print(f"search {text!r:22} {len(ids):>7,} found  ids {ms:6.1f} ms  first 200 rows {page:6.1f} ms")
    ms = timed(lambda: people.search_ids(PeopleQuery()))
    print(f"everyone, sorted by name: {ms:.1f} ms")
    services.close()


if __name__ == "__main__":
    main()
