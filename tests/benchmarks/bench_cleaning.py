"""Cleaning benchmark: rows/second for phones, emails, names and street keys, fast path vs slow path.

    .venv/bin/python tests/benchmarks/bench_cleaning.py [ROWS]

Values are messy and repeat the way a real sign-in export or county voter file does. Every run
starts with empty caches, so the figures include the cost of filling them.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from organizer.domain import addresses, emails, names, phones  # noqa: E402
from organizer.domain.errors import InvalidValue  # noqa: E402
from organizer.domain.text import fold  # noqa: E402

GIVEN = ["Maria", "José", "Wei", "Aisha", "John", "Fatima", "Linh", "Zoë", "DeShawn", "Ana", "Liam", "Priya",
         "Olga", "Kwame", "Sofia", "Hiroshi", "Lucía", "Omar", "Grace", "Mateo", "Mary Ann", "Robert", "Keisha",
         "Tomás", "Yusuf", "Emily", "Jamal", "Chloe", "Diego", "Hannah"]
FAMILY = ["Lopez", "Chen", "Smith", "O'Brien", "de la Cruz", "Nguyen", "Johnson", "Khan", "García", "McDonald",
          "Okafor", "Silva", "Kowalski", "Haddad", "Tanaka", "Rossi", "Novak", "Ibrahim", "Park", "Jensen",
          "Williams", "Brown", "Jones", "Miller", "Davis", "Rodriguez", "Martinez", "Hernandez", "Moore", "Taylor",
          "Smith-Jones", "van Dyke", "Washington", "Thompson", "White", "Harris", "Clark", "Lewis", "Walker", "Young"]
AREAS = ["919", "984", "252", "336", "704", "910", "828"]
DOMAINS = ["gmail.com", "yahoo.com", "hotmail.com", "outlook.com", "aol.com", "icloud.com", "comcast.net",
           "ncsu.edu", "example.org", "chapter-mail.org"]
STREET_NAMES = ["Main", "Oak", "Maple", "Cedar", "Pine", "Elm", "Washington", "Lake", "Hill", "Park", "Sunset",
                "Martin Luther King Jr", "Saint Mary's", "Fifth", "Church", "Mill", "Spring", "River", "Forest",
                "Meadow", "Highland", "Jackson", "Lincoln", "Franklin", "Glenwood", "Hillsborough", "Peace",
                "Person", "Blount", "Wilmington", "Fayetteville", "Salisbury", "Dawson", "McDowell", "Boylan"]
SUFFIX_SPELLINGS = [("Street", "St", "St.", "ST"), ("Avenue", "Ave", "Ave.", "AV"), ("Road", "Rd", "Rd."),
                    ("Drive", "Dr", "Dr."), ("Lane", "Ln"), ("Court", "Ct"), ("Boulevard", "Blvd"),
                    ("Circle", "Cir"), ("Place", "Pl"), ("Way", "Way"), ("Terrace", "Ter"), ("Parkway", "Pkwy")]


def phone_values(rng: random.Random, rows: int) -> list[object]:
    """Phones from a people export: ~80% unique, the usual shapes, spreadsheet floats, some junk."""
    pool = [f"{rng.choice(AREAS)}{rng.randint(200, 999)}{rng.randint(0, 9999):04d}" for _ in range(int(rows * 0.8))]
    shapes: list[Callable[[str], object]] = [
        lambda d: f"({d[:3]}) {d[3:6]}-{d[6:]}", lambda d: f"{d[:3]}-{d[3:6]}-{d[6:]}",
        lambda d: f"{d[:3]}.{d[3:6]}.{d[6:]}", lambda d: d, lambda d: f"+1 {d[:3]} {d[3:6]} {d[6:]}",
        lambda d: f"1-{d[:3]}-{d[3:6]}-{d[6:]}", lambda d: float(d), lambda d: f"{d[:3]}-{d[3:6]}-{d[6:]} x12",
    ]
    junk = ["", "n/a", "555-12", "919-555-01011", "call me", "9.19555E+09"]
    out: list[object] = []
    for _ in range(rows):
        if rng.random() < 0.02:
            out.append(rng.choice(junk))
        else:
            out.append(rng.choice(shapes[:6] * 3 + shapes[6:])(rng.choice(pool)))
    return out


def email_values(rng: random.Random, rows: int) -> list[str]:
    """Emails with mixed case, stray spaces, mailto: and a little junk; ~15% repeats."""
    pool = []
    for i in range(int(rows * 0.85)):
        # Mail providers want ASCII: people write "Lucia" in an address even when they write "Lucía".
        given = fold(rng.choice(GIVEN).split()[0]).title()
        family = fold(rng.choice(FAMILY)).title().replace(" ", "").replace("'", "")
        local = rng.choice([f"{given}.{family}", f"{given[0]}{family}{i % 1000}", f"{given}{i}", f"{family}+news"])
        pool.append(f"{local}@{rng.choice(DOMAINS)}")
    out = []
    for _ in range(rows):
        value = rng.choice(pool)
        roll = rng.random()
        if roll < 0.02:
            value = rng.choice(["n/a", value.replace("@", " at "), value.split(".")[0], f"{value}; {value}"])
        elif roll < 0.30:
            value = rng.choice([value.upper(), f" {value} ", f"mailto:{value}", value.title()])
        out.append(value)
    return out


def name_values(rng: random.Random, rows: int) -> list[str]:
    """Full-name cells of a sign-in sheet: mostly "First Last", some "Last, First", caps and titles."""
    out = []
    for _ in range(rows):
        given, family = rng.choice(GIVEN), rng.choice(FAMILY)
        roll = rng.random()
        if roll < 0.60:
            out.append(f"{given} {family}")
        elif roll < 0.75:
            out.append(f"{family}, {given}")
        elif roll < 0.85:
            out.append(f"{given} {family}".upper())
        elif roll < 0.95:
            out.append(f"{given} {rng.choice('ABCDEJKMR')}. {family}")
        elif roll < 0.98:
            out.append(f"{rng.choice(['Dr.', 'Rev.', 'Ms.'])} {given} {family} {rng.choice(['Jr.', 'III', ''])}")
        else:
            out.append(rng.choice([f"{given} and Sam {family}", f'{given} "Bo" {family}', f"{family} (mom)"]))
    return out


def street_values(rng: random.Random, rows: int) -> list[str]:
    """Voter-file address lines: a few hundred streets, many house numbers, spellings and units."""
    streets = []
    for _ in range(400):
        direction = rng.choice(["", "", "", "N", "North", "S", "E", "W", "SW"])
        streets.append((direction, rng.choice(STREET_NAMES), rng.choice(SUFFIX_SPELLINGS)))
    out = []
    for _ in range(rows):
        direction, name, suffixes = rng.choice(streets)
        line = " ".join(p for p in (str(rng.randint(1, 9999)), direction, name, rng.choice(suffixes)) if p)
        if rng.random() < 0.10:
            line += rng.choice([" Apt ", " #", " Unit ", ", Apt. ", " Suite "]) + f"{rng.randint(1, 40)}{rng.choice('AB ')}"
        out.append(line.strip())
    return out


def measure(label: str, fn: Callable[[Any], object], values: Sequence[Any], reset: Callable[[], None]) -> None:
    reset()
    start = time.perf_counter()
    for value in values:
        try:  # noqa: SIM105 - cheaper than contextlib.suppress inside the timed loop
            fn(value)
        except InvalidValue:
            pass
    seconds = time.perf_counter() - start
    print(f"{label:<44} {len(values):>8,} rows {seconds:7.2f} s {len(values) / seconds:>11,.0f} rows/s")


def reset_caches() -> None:
    phones._PREFIX_VALIDITY.clear()
    phones._exact_nanp_valid.cache_clear()
    phones._deep_prefixes.cache_clear()
    names.split_full_name.cache_clear()
    addresses._street_and_unit.cache_clear()


def main(rows: int) -> None:
    rng = random.Random(2024)
    slow_rows = max(rows // 10, 1)  # the slow paths are ~10x slower: time a tenth of the rows
    phone_list = phone_values(rng, rows)
    email_list = email_values(rng, rows)
    name_list = name_values(rng, rows)
    street_list = street_values(rng, rows)
    print(f"distinct values: phones {len(set(map(str, phone_list))):,}, emails {len(set(email_list)):,}, "
          f"names {len(set(name_list)):,}, streets {len(set(street_list)):,} "
          f"(street names {len({addresses.parse_street(s).street for s in street_list}):,})")
    measure("normalize_phone (fast path)", phones.normalize_phone, phone_list, reset_caches)
    measure("_slow_normalize_phone (phonenumbers)", phones._slow_normalize_phone,
            phone_list[:slow_rows], reset_caches)
    measure("normalize_email (fast path)", emails.normalize_email, email_list, reset_caches)
    measure("_slow_normalize_email (email_validator)", emails._slow_normalize_email,
            email_list[:slow_rows], reset_caches)
    measure("split_full_name (fast path + cache)", names.split_full_name, name_list, reset_caches)
    measure("probablepeople.tag on every name", _probablepeople, name_list[: slow_rows // 2], reset_caches)
    measure("street_key (cache)", addresses.street_key, street_list, reset_caches)
    measure("street_key (no cache)", _street_key_uncached, street_list[:slow_rows], reset_caches)


def _probablepeople(value: object) -> object:
    import probablepeople

    try:
        return probablepeople.tag(str(value))
    except Exception:
        return None


def _street_key_uncached(value: object) -> str:
    addresses._street_and_unit.cache_clear()
    return addresses.street_key(str(value))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
