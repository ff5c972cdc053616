"""Duplicate look-up benchmark: what the person form asks as you type, over 100,000 people.

    .venv/bin/python tests/benchmarks/bench_lookups.py [PEOPLE]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from sqlalchemy import insert

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_search import fill, timed  # noqa: E402

from organizer.domain.addresses import street_key  # noqa: E402
from organizer.services.container import create_chapter  # noqa: E402
from organizer.services.lookups import Probe  # noqa: E402
from organizer.storage.models import PostalAddress  # noqa: E402


def add_addresses(services: object, count: int) -> None:
    db = services.db  # type: ignore[attr-defined]
    with db.write() as session:
        rows = [{"person_id": i, "address_lines": [f"{i % 900 + 1} Main St"], "postal_code": "27601",
                 "street_key": street_key(f"{i % 900 + 1} Main St"), "primary": True} for i in range(1, count + 1)]
        session.connection().execute(insert(PostalAddress.__table__), rows)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    folder = Path(tempfile.mkdtemp(prefix="bench-lookups-"))
    services = create_chapter(folder / "c.db", "Bench", "US")
    fill(services, count)
    add_addresses(services, count)
    lookups = services.lookups
    print(f"{count:,} people")
    someone = services.people.rows([count // 2])[0]
    probes = {
        "email of someone": Probe(emails=(someone.emails[0],)),
        "phone of someone": Probe(phones=("919 200 0012",)),
        "common name + street": Probe(given_name="Maria", family_name="Lopez", street="12 Main Street"),
        "common name + ZIP": Probe(given_name="Maria", family_name="Lopez", postal_code="27601"),
        "everything, nobody": Probe(given_name="Zed", family_name="Nobody", emails=("zed@example.org",),
                                    phones=("919 555 0199",), street="1 Elm St", postal_code="27605"),
    }
    for name, probe in probes.items():
        found = lookups.possible_duplicates(probe)
        print(f"{name:22} {len(found):>2} found  {timed(lambda p=probe: lookups.possible_duplicates(p)):6.1f} ms")
    services.close()


if __name__ == "__main__":
    main()
