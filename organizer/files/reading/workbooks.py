"""Workbooks (xlsx, ods, xls): sheet choice, preflight, and rows from the sandboxed parser."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from . import errors
from .errors import FileProblem
from .model import SheetInfo, TableSource
from .preflight import SheetEntry, ods_sheets, open_checked_zip, scan_xlsx_entry, sheet_problem, xlsx_sheets
from .sandbox import iter_sheet_rows, sheet_catalog
from .sheetscan import SheetStats
from .sniff import container_suffix

Scanner = Callable[[SheetEntry], SheetEntry]
_VERIFIED: OrderedDict[tuple[object, ...], None] = OrderedDict()
"""Files (by path, size, mtime, inode) whose chosen sheet passed the preflight; saves a second scan."""
_VERIFIED_MAX = 32


def inspect_workbook(path: Path, kind: str, sheet: str | None, content: bytes | None = None) -> TableSource:
    """Check the workbook, choose the sheet, and describe it; raises FileProblem.

    ``content`` is the decrypted workbook of a password-protected file (checked and parsed in memory).
    """
    if kind == "xls":
        entries = [_entry_from_child(item) for item in sheet_catalog(path, kind, content)]
        chosen, entries = choose_sheet(entries, sheet, _already_scanned)
    else:
        with open_checked_zip(path, kind, content) as zf:
            damaged = errors.damaged(container_suffix(path, "." + kind))
            if kind == "xlsx":
                entries = xlsx_sheets(zf, damaged)
                chosen, entries = choose_sheet(entries, sheet, lambda e: scan_xlsx_entry(zf, e, damaged))
            else:
                entries = ods_sheets(zf, damaged)
                chosen, entries = choose_sheet(entries, sheet, _already_scanned)
    infos = tuple(_info(e) for e in entries)
    names = tuple(e.name for e in entries)
    if content is None:
        _remember_verified(path, kind, chosen.name)
    return TableSource(path, kind, chosen.name, names, None, None, infos, content)


def _info(entry: SheetEntry) -> SheetInfo:
    stats = entry.stats
    if stats is None:
        return SheetInfo(entry.name, None, entry.visible)
    return SheetInfo(entry.name, stats.max_row, entry.visible, stats.unsaved_formulas, stats.first_unsaved)


def workbook_sheets(path: Path, kind: str, content: bytes | None = None, *, scan: bool = True) -> list[SheetEntry]:
    """Every worksheet, each checked against the limits (empty ones too); raises FileProblem.

    With ``scan`` False, the sheets of an xlsx are listed unscanned (``stats`` None): the child that parses
    them scans each first (``stream_sheets`` with their parts)."""
    if kind == "xlsx" and not scan:
        with open_checked_zip(path, kind, content) as zf:
            return [e for e in xlsx_sheets(zf, errors.damaged(container_suffix(path, "." + kind))) if e.worksheet]
    if kind == "xls":
        entries = [_entry_from_child(item) for item in sheet_catalog(path, kind, content)]
    else:
        with open_checked_zip(path, kind, content) as zf:
            damaged = errors.damaged(container_suffix(path, "." + kind))
            if kind == "xlsx":
                entries = [scan_xlsx_entry(zf, e, damaged) if e.worksheet else e for e in xlsx_sheets(zf, damaged)]
            else:
                entries = ods_sheets(zf, damaged)
    entries = [e for e in entries if e.worksheet]
    for entry in entries:
        problem = entry.stats.problem() if entry.stats is not None else None
        if problem is not None:
            raise FileProblem(sheet_problem(problem, entry.name))
    return entries


def _fingerprint(path: Path, kind: str, sheet: str) -> tuple[object, ...] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (str(path.resolve()), st.st_size, st.st_mtime_ns, st.st_ino, kind, sheet)


def _remember_verified(path: Path, kind: str, sheet: str) -> None:
    key = _fingerprint(path, kind, sheet)
    if key is not None:
        _VERIFIED[key] = None
        while len(_VERIFIED) > _VERIFIED_MAX:
            _VERIFIED.popitem(last=False)


def _already_scanned(entry: SheetEntry) -> SheetEntry:
    return entry


def _entry_from_child(item: dict[str, Any]) -> SheetEntry:
    stats = SheetStats(name=str(item.get("name", "")))
    start, end = item.get("start"), item.get("end")
    if isinstance(start, list) and isinstance(end, list) and len(start) == len(end) == 2:
        stats.add(int(start[0]) + 1, int(start[1]) + 1, int(end[1]) + 1, int(end[0]) + 1)
    return SheetEntry(stats.name, bool(item.get("visible")), bool(item.get("worksheet")), "", stats)


def choose_sheet(
    entries: list[SheetEntry], wanted: str | None, scan: Scanner
) -> tuple[SheetEntry, list[SheetEntry]]:
    """The sheet to read (named, or the first visible one with data) and the updated entries."""
    if not entries:
        raise FileProblem(errors.NO_DATA)
    entries = list(entries)
    names = tuple(e.name for e in entries)
    if wanted is not None:
        if wanted not in names:
            raise FileProblem(errors.unknown_sheet(wanted, names))
        index = names.index(wanted)
        entries[index] = scan(entries[index])
        return _usable(entries[index]), entries
    for index, entry in enumerate(entries):
        if entry.visible and entry.worksheet:
            entries[index] = scan(entry)
            if _has_data(entries[index]):
                return _usable(entries[index]), entries
    for index, entry in enumerate(entries):
        if not entry.visible and entry.worksheet:
            entries[index] = scan(entry)
            if _has_data(entries[index]):
                raise FileProblem(errors.NO_VISIBLE_DATA)
    raise FileProblem(errors.NO_DATA)


def _has_data(entry: SheetEntry) -> bool:
    return entry.stats is not None and entry.stats.has_data


def _usable(entry: SheetEntry) -> SheetEntry:
    if not entry.worksheet or not _has_data(entry):
        raise FileProblem(errors.sheet_empty(entry.name))
    assert entry.stats is not None
    problem = entry.stats.problem()
    if problem is not None:
        raise FileProblem(problem)
    return entry


def preflight_again(source: TableSource) -> None:
    """Repeat the zip checks before parsing, unless this exact file already passed them."""
    if source.kind not in ("xlsx", "ods") or source.sheet is None:
        return
    if source.content is None and _fingerprint(source.path, source.kind, source.sheet) in _VERIFIED:
        return
    damaged = errors.damaged(container_suffix(source.path, "." + source.kind))
    with open_checked_zip(source.path, source.kind, source.content) as zf:
        entries = xlsx_sheets(zf, damaged) if source.kind == "xlsx" else ods_sheets(zf, damaged)
        if source.kind == "xlsx":
            choose_sheet(entries, source.sheet, lambda e: scan_xlsx_entry(zf, e, damaged))
        else:
            choose_sheet(entries, source.sheet, _already_scanned)
    if source.content is None:
        _remember_verified(source.path, source.kind, source.sheet)


def iter_workbook_rows(source: TableSource, cancel: Callable[[], bool] | None) -> Iterator[list[str]]:
    """Every row of the chosen sheet; the parsing happens in a resource-limited child process."""
    if source.sheet is None:
        raise ValueError("a workbook TableSource needs a sheet; use inspect_file()")
    preflight_again(source)
    has_data = False
    cancelled = False

    def watched() -> bool:
        nonlocal cancelled
        cancelled = cancelled or (cancel is not None and cancel())
        return cancelled

    rows = iter_sheet_rows(source.path, source.kind, source.sheet, watched if cancel else None, source.content)
    for row in rows:
        has_data = has_data or bool(row)
        yield row
    if not has_data and not cancelled:
        raise FileProblem(errors.sheet_empty(source.sheet))

