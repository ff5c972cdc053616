"""Whole numbers read from files, kept to what every database stores.

A file can hold any number of digits; an integer column on a PostgreSQL server holds 32 bits (SQLite
would keep more). A number past that is no house number, sheet or line: it is treated as not a number.
"""

from __future__ import annotations

LARGEST_WHOLE_NUMBER = 2_147_483_647


def storable(value: int) -> bool:
    """Whether a whole number fits the integer columns of every database the app writes to."""
    return -LARGEST_WHOLE_NUMBER - 1 <= value <= LARGEST_WHOLE_NUMBER
