"""A column's value as a share workbook's cell, and back from the cell's text, by the column's type.

Text stays text (never a formula; ZIPs and phones keep their zeros), numbers are numbers, yes/no are
TRUE/FALSE, dates and times real Excel dates and times (UTC, to the second), and lists and mappings
(languages, skills, custom fields, survey answers) JSON text. An empty cell is an empty value.
"""

from __future__ import annotations

import json
import math
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, Float, Integer, Numeric, String, Text
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine

from organizer.domain.numbers import storable
from organizer.domain.safe_text import unescape_cell


class BadCell(ValueError):
    """A cell that does not hold what its column does; the message says what it should hold."""


def type_of(column: Any) -> Any:
    """The column's SQL type, seen through a decorator (a moment with its zone is a DateTime)."""
    kind = column.type
    return kind.impl if isinstance(kind, TypeDecorator) else kind


def to_cell(column: Any, value: Any) -> Any:
    """What the workbook cell holds for this stored value."""
    if value is None:
        return None
    kind = type_of(column)
    if isinstance(kind, JSON):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    if isinstance(kind, DateTime):
        return to_second(value)
    if isinstance(kind, Boolean):
        return bool(value)
    if isinstance(value, str | int | float | date):
        return value
    return str(value)


def converter(column: Any) -> Any:
    """`to_cell` for one column, chosen once (None: the value goes as it is)."""
    kind = type_of(column)
    if isinstance(kind, JSON):
        return lambda v: None if v is None else _json_text(v)
    if isinstance(kind, DateTime):
        return lambda v: None if v is None else (v.replace(microsecond=0) if v.tzinfo is None else to_second(v))
    return None  # booleans, numbers and text are stored as they are written


_json_text = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


class JsonCell(TypeDecorator[Any]):
    """A JSON column read straight as its cell's text (what `to_cell` makes of it), for selects only.

    On SQLite the stored text is read as it is and an empty list or mapping goes without being parsed."""

    impl = JSON
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        return dialect.type_descriptor(Text() if dialect.name == "sqlite" else JSON())

    def result_processor(self, dialect: Dialect, coltype: object) -> Any:
        if dialect.name == "sqlite":
            return _json_cell
        parse = JSON().dialect_impl(dialect).result_processor(dialect, coltype)

        def server_cell(value: Any) -> Any:
            parsed = parse(value) if parse is not None else value
            return None if parsed is None else _json_text(parsed)
        return server_cell

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        return self.result_processor(dialect, None)(value)


def _json_cell(text: Any) -> Any:
    if text is None or text == "[]" or text == "{}":
        return text
    if not isinstance(text, str):
        return _json_text(text)  # a number SQLite kept as one
    if len(text) <= SHORT_JSON:
        return _short_json_cell(text)
    value = json.loads(text)
    return None if value is None else _json_text(value)


SHORT_JSON = 100


@lru_cache(maxsize=1024)
def _short_json_cell(text: str) -> str | None:
    """Lists of languages and skills repeat from record to record: each is converted once."""
    value = json.loads(text)
    return None if value is None else _json_text(value)


class MomentCell(TypeDecorator[datetime]):
    """A date and time column read straight as its cell (UTC, to the second, without a zone), for selects only.

    SQLite stores such a moment as ISO text (`DateTime` there parses it with `fromisoformat`), whose first 19
    characters are the moment to the second."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        return dialect.type_descriptor(String() if dialect.name == "sqlite" else DateTime(timezone=True))

    def result_processor(self, dialect: Dialect, coltype: object) -> Any:
        return _moment_cell

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        return _moment_cell(value)


_from_iso = datetime.fromisoformat


def _moment_cell(value: Any) -> datetime | None:
    if value.__class__ is str:
        if len(value) == 26 and value[19] == "." and value[20:].isdigit():  # as SQLite keeps them
            return _from_iso(value[:19])  # the moment to the second (replace(microsecond=0) is slower)
        moment = _from_iso(value)
    elif value is None:
        return None
    else:
        moment = value
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.replace(microsecond=0) if moment.microsecond else moment


def cell_type(column: Any) -> Any:
    """The type to read the column as so that the value arrives as its cell (None: as it is stored)."""
    kind = type_of(column)
    if isinstance(kind, JSON):
        return JsonCell()
    if isinstance(kind, DateTime):
        return MomentCell()
    return None


def to_second(value: datetime) -> datetime:
    """A stored time in UTC, to the whole second (what a workbook carries exactly)."""
    aware = value if value.tzinfo else value.replace(tzinfo=UTC)
    return aware.astimezone(UTC).replace(microsecond=0)


def parser(column: Any) -> Any:
    """`from_cell` for one column, with the plain text case made cheap."""
    kind = type_of(column)
    if isinstance(kind, DateTime):
        def moment_cell(text: str) -> Any:
            if "T" in text:
                return from_cell(column, text)
            try:
                moment = datetime.fromisoformat(text)  # as an export writes it: no quote, no spaces around
            except ValueError:
                return from_cell(column, text)  # anything else, and its reason, as `from_cell` finds them
            return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
        return moment_cell
    if isinstance(kind, JSON | Boolean | Date | Integer | Float | Numeric):
        return lambda text: from_cell(column, text)
    empty = _empty(column)

    def text_cell(text: str) -> Any:
        if not text:
            return empty
        return unescape_cell(text) if text[0] == "'" else text
    return text_cell


def from_cell(column: Any, text: str) -> Any:
    """The stored value for a cell's text (as the reader gives it); raises BadCell."""
    text = unescape_cell(text)
    kind = type_of(column)
    if text == "":
        if isinstance(kind, DateTime | Date) and not column.nullable:  # a record's times: it has them
            raise BadCell(f"{column.name} is needed and empty")
        return _empty(column)
    try:
        if isinstance(kind, JSON):
            return _json(column, text)
        if isinstance(kind, Boolean):
            return _boolean(text)
        if isinstance(kind, DateTime):
            return _datetime(text)
        if isinstance(kind, Date):
            return date.fromisoformat(text[:10])
        if isinstance(kind, Integer):
            number = int(float(text)) if "." in text or "e" in text.lower() else int(text)
            if not storable(number):
                raise OverflowError(text)
            return number
        if isinstance(kind, Float | Numeric):
            value = float(text)
            if not math.isfinite(value):  # inf, nan: no spreadsheet number, and sums of them break
                raise ValueError(text)
            return value
    except (ValueError, OverflowError) as exc:
        raise BadCell(f"{text[:40]!r} is not {_what(column)}") from exc
    return text


def _empty(column: Any) -> Any:
    if isinstance(type_of(column), JSON):
        return None if column.nullable else _json_default(column)
    if column.nullable:
        return None
    if isinstance(type_of(column), Boolean):
        return False
    if isinstance(type_of(column), Integer | Float | Numeric):
        return 0
    return ""


def _json_default(column: Any) -> Any:
    default = column.default.arg if column.default is not None else None
    return default({}) if callable(default) else (default if default is not None else {})


def _json(column: Any, text: str) -> Any:
    value = json.loads(text)
    expected = type(_json_default(column))
    if not isinstance(value, expected):
        raise ValueError("another shape")
    return value


def _boolean(text: str) -> bool:
    folded = text.strip().casefold()
    if folded in ("true", "1", "yes"):
        return True
    if folded in ("false", "0", "no"):
        return False
    raise ValueError(text)


def _datetime(text: str) -> datetime:
    moment = datetime.fromisoformat(text.strip().replace("T", " "))
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _what(column: Any) -> str:
    kind = type_of(column)
    if isinstance(kind, JSON):
        return "JSON text of the right shape"
    if isinstance(kind, Boolean):
        return "TRUE or FALSE"
    if isinstance(kind, DateTime):
        return "a date and time"
    if isinstance(kind, Date):
        return "a date"
    return "a number"


def comparable(column: Any, value: Any) -> Any:
    """A stored value as two chapters' copies compare: times to the second, empty as empty."""
    if value is None or value in ("", [], {}):
        return None
    if isinstance(type_of(column), DateTime) and isinstance(value, datetime):
        return to_second(value)
    if isinstance(type_of(column), Float | Numeric):
        return float(value)
    return value


def is_empty(value: Any) -> bool:
    """Nothing there: None, "", [] or {}."""
    return value is None or value == "" or value == [] or value == {}
