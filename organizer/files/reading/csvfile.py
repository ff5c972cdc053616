"""Delimited text files (.csv, .tsv, .txt): delimiter detection and streamed, strict parsing."""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from . import errors
from .errors import FileProblem
from .limits import (
    DELIMITER_SAMPLE_CHARS,
    DELIMITER_SAMPLE_RECORDS,
    MAX_COLUMNS,
    MAX_FIELD_CHARS,
    MAX_LINE_CHARS,
)
from .model import TableSource
from .sniff import os_problem, read_head
from .textenc import check_sample, error_handler, resolve_encoding

CANDIDATES = ("\t", ",", ";", "|")
"""Delimiters considered, in order of preference when two fit equally well."""
_SEP_LINE = re.compile(r"sep=(.)\r?\n?")
_CANCEL_EVERY = 64


@dataclass(slots=True)
class _LineState:
    encoding: str
    count: int = 0


def inspect_csv(path: Path, head: bytes, encoding: str | None, delimiter: str | None) -> TableSource:
    """Choose the encoding and delimiter of a text file and check that it looks like a table."""
    if delimiter is not None:
        _check_delimiter(delimiter)
    found = resolve_encoding(path, head, encoding)
    sample, at_eof = _read_sample(path, found.name)
    check_sample(sample, whole_file=at_eof)
    chosen = delimiter if delimiter is not None else choose_delimiter(sample, at_eof=at_eof)
    return TableSource(path=path, kind="csv", sheet=None, sheets=(), encoding=found.name, delimiter=chosen,
                       odd_lines=found.odd_lines, odd_count=found.odd_count)


def _check_delimiter(delimiter: str) -> None:
    if len(delimiter) != 1 or delimiter in "\"\r\n":
        raise ValueError("delimiter must be one character other than a quote or a line break")


def _read_sample(path: Path, encoding: str) -> tuple[str, bool]:
    """The first lines of the file (about DELIMITER_SAMPLE_CHARS), and whether that is all of it."""
    state = _LineState(encoding)
    parts: list[str] = []
    size = 0
    with _open_text(path, encoding) as stream:
        for line in _physical_lines(stream, state):
            parts.append(line)
            size += len(line)
            if size >= DELIMITER_SAMPLE_CHARS:
                return "".join(parts), not stream.read(1)
    return "".join(parts), True


def choose_delimiter(sample: str, *, at_eof: bool) -> str:
    """The candidate giving the most consistent column count (> 1) over the first non-blank records."""
    text = sample.lstrip("\ufeff")
    sep = _SEP_LINE.fullmatch(text.split("\n", 1)[0].split("\r", 1)[0] + "\n")
    if sep and sep.group(1) not in "\"\r\n":
        return sep.group(1)
    if not at_eof and "\n" in text:
        text = text[: text.rfind("\n") + 1]
    best: tuple[float, int, int] | None = None
    chosen = ","
    for preference, candidate in enumerate(CANDIDATES):
        score = _consistency(_record_widths(text, candidate))
        if score is None:
            continue
        key = (score[0], score[1], -preference)
        if best is None or key > best:
            best, chosen = key, candidate
    return chosen


def _record_widths(text: str, delimiter: str) -> list[int]:
    widths: list[int] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for row in reader:
            if any(row):
                widths.append(len(row))
                if len(widths) >= DELIMITER_SAMPLE_RECORDS:
                    break
    except csv.Error:
        pass
    return widths


def _consistency(widths: list[int]) -> tuple[float, int] | None:
    """(share of records having the modal width, modal width), or None when the mode is one column."""
    if not widths:
        return None
    counts = Counter(widths)
    mode, freq = max(counts.items(), key=lambda item: (item[1], item[0]))
    if mode < 2:
        return None
    return freq / len(widths), mode


def iter_csv_rows(source: TableSource, cancel: Callable[[], bool] | None) -> Iterator[list[str]]:
    """Every record as a list of strings; blank records as []."""
    if source.encoding is None or source.delimiter is None:
        source = inspect_csv(source.path, read_head(source.path), source.encoding, source.delimiter)
    assert source.encoding is not None and source.delimiter is not None
    csv.field_size_limit(MAX_FIELD_CHARS)
    state = _LineState(source.encoding)
    with _open_text(source.path, source.encoding) as stream:
        lines = _skip_sep_line(_physical_lines(stream, state), source.delimiter)
        reader = csv.reader(lines, delimiter=source.delimiter, strict=True)
        yield from _records(reader, state, cancel)


def _records(
    reader: Iterator[list[str]], state: _LineState, cancel: Callable[[], bool] | None
) -> Iterator[list[str]]:
    has_data = False
    for count in itertools.count(1):
        start = state.count + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise _csv_problem(str(exc), start, state.count) from None
        if len(row) > MAX_COLUMNS:
            raise FileProblem(errors.too_many_cells_in_row(start), line=start)
        while row and not row[-1]:
            row.pop()
        has_data = has_data or bool(row)
        yield row
        if cancel is not None and count % _CANCEL_EVERY == 0 and cancel():
            return
    if not has_data:
        raise FileProblem(errors.EMPTY)


def _csv_problem(message: str, start: int, current: int) -> FileProblem:
    if "field limit" in message:
        if current > start:
            return FileProblem(errors.unterminated_quote(start), line=start)
        return FileProblem(errors.cell_too_long(f"Line {start}"), line=start)
    if "unexpected end of data" in message:
        return FileProblem(errors.unterminated_quote(start), line=start)
    return FileProblem(errors.misplaced_quote(max(current, start)), line=max(current, start))


def _open_text(path: Path, encoding: str) -> TextIO:
    try:
        handler = error_handler(encoding)
    except LookupError:
        raise FileProblem(errors.unknown_encoding(encoding)) from None
    try:
        return open(path, encoding=encoding, errors=handler, newline="")
    except OSError as exc:
        raise os_problem(exc) from None


def _physical_lines(stream: TextIO, state: _LineState) -> Iterator[str]:
    """Lines as the csv module wants them, counted, with NUL bytes and absurd lengths refused."""
    readline = stream.readline
    limit = MAX_LINE_CHARS + 1
    while True:
        try:
            line = readline(limit)
        except UnicodeDecodeError:
            line_no = state.count + 1
            raise FileProblem(errors.bad_text(line_no, state.encoding), line=line_no) from None
        except OSError as exc:
            raise os_problem(exc) from None
        if not line:
            return
        state.count += 1
        if len(line) == limit and line[-1] not in "\r\n":
            raise FileProblem(errors.line_too_long(state.count), line=state.count)
        if "\x00" in line:
            raise FileProblem(errors.nul_in_text(state.count), line=state.count)
        yield line


def _skip_sep_line(lines: Iterator[str], delimiter: str) -> Iterator[str]:
    """Drop Excel's "sep=;" first line, which spreadsheet programs do not show as a row."""
    first = next(lines, None)
    if first is None:
        return iter(())
    sep = _SEP_LINE.fullmatch(first.lstrip("\ufeff"))
    if sep and sep.group(1) == delimiter:
        return lines
    return itertools.chain((first,), lines)
