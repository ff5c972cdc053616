"""Checks a zip workbook (xlsx, ods) in this process, without extracting it, before any parser sees it."""

from __future__ import annotations

import codecs
import io
import posixpath
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import Element

from defusedxml import ElementTree as SafeET

from . import errors
from .errors import FileProblem
from .limits import (
    MAX_COMPRESSION_RATIO,
    MAX_METADATA_PART_BYTES,
    MAX_UNCOMPRESSED_BYTES,
    MAX_ZIP_ENTRIES,
    PROLOG_SCAN_BYTES,
    RATIO_MIN_BYTES,
)
from .sheetscan import DECLARATION, SheetStats, scan_ods_content, scan_xlsx_sheet
from .sniff import ZIP_FAILURES, container_suffix

_ROOT_ELEMENT = re.compile(rb"<[A-Za-z_]")
_WORKSHEET_REL = "/worksheet"
_HIDDEN_STATES = ("hidden", "veryHidden")


@dataclass(frozen=True, slots=True)
class SheetEntry:
    """A sheet as the preflight sees it; ``stats`` is None when the sheet was not scanned."""

    name: str
    visible: bool
    worksheet: bool
    part: str
    stats: SheetStats | None = None


@contextmanager
def open_checked_zip(path: Path, kind: str, content: bytes | None = None) -> Iterator[zipfile.ZipFile]:
    """Open the zip (``content``, the decrypted file, when given) and run the container checks.

    Any zip-level failure is a FileProblem.
    """
    damaged = errors.damaged(container_suffix(path, "." + kind))
    try:
        with zipfile.ZipFile(path if content is None else io.BytesIO(content)) as zf:
            check_entries(zf, damaged)
            yield zf
    except ZIP_FAILURES:
        raise FileProblem(damaged) from None


def check_entries(zf: zipfile.ZipFile, damaged: str) -> None:
    """Entry count, total size, compression ratio, methods, and XML prologs of every part."""
    infos = zf.infolist()
    if len(infos) > MAX_ZIP_ENTRIES:
        raise FileProblem(errors.TOO_MANY_PARTS)
    if len({i.filename for i in infos}) != len(infos):
        raise FileProblem(damaged)
    if sum(i.file_size for i in infos) > MAX_UNCOMPRESSED_BYTES:
        raise FileProblem(errors.TOO_LARGE)
    for info in infos:
        if info.flag_bits & 0x1 or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise FileProblem(damaged)
        ratio_limit = MAX_COMPRESSION_RATIO * max(info.compress_size, 1)
        if info.file_size > RATIO_MIN_BYTES and info.file_size > ratio_limit:
            raise FileProblem(errors.ZIP_BOMB)
    for info in infos:
        if not info.is_dir():
            with zf.open(info) as member:
                check_prolog(member.read(PROLOG_SCAN_BYTES), info.file_size)


def check_prolog(data: bytes, size: int) -> None:
    """Refuse DOCTYPE/ENTITY declarations, and prologs too long to check, in an XML-looking part."""
    if data[:4].count(0) or data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        data = _utf16_as_utf8(data)
    if not data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return
    if DECLARATION.search(data):
        raise FileProblem(errors.XML_FEATURES)
    if size > len(data) and not _ROOT_ELEMENT.search(data):
        raise FileProblem(errors.XML_FEATURES)


def _utf16_as_utf8(data: bytes) -> bytes:
    if data.startswith(codecs.BOM_UTF16_BE) or data[:1] == b"\x00":
        return data.decode("utf-16-be", "replace").encode("utf-8", "replace")
    return data.decode("utf-16-le", "replace").encode("utf-8", "replace")


def _read_xml(zf: zipfile.ZipFile, name: str, damaged: str) -> Element:
    try:
        info = zf.getinfo(name)
    except KeyError:
        raise FileProblem(damaged) from None
    if info.file_size > MAX_METADATA_PART_BYTES:
        raise FileProblem(damaged)
    try:
        root: Element = SafeET.fromstring(zf.read(info), forbid_dtd=True)
    except SafeET.ParseError:
        raise FileProblem(damaged) from None
    except ValueError:  # defusedxml's DTDForbidden, EntitiesForbidden, ...
        raise FileProblem(errors.XML_FEATURES) from None
    return root


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _attr_local(element: Element, name: str) -> str | None:
    for key, value in element.attrib.items():
        if _local(key) == name and key != name:
            return value
    return None


def xlsx_sheets(zf: zipfile.ZipFile, damaged: str) -> list[SheetEntry]:
    """Sheets listed in xl/workbook.xml, with their part names and visibility."""
    rels: dict[str, tuple[str, str]] = {}
    for rel in _read_xml(zf, "xl/_rels/workbook.xml.rels", damaged).iter():
        if _local(rel.tag) == "Relationship" and rel.get("TargetMode") != "External":
            rels[rel.get("Id", "")] = (rel.get("Target", ""), rel.get("Type", ""))
    entries = []
    for sheet in _read_xml(zf, "xl/workbook.xml", damaged).iter():
        if _local(sheet.tag) != "sheet":
            continue
        target, rel_type = rels.get(_attr_local(sheet, "id") or "", ("", ""))
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
        entries.append(
            SheetEntry(
                name=sheet.get("name", ""),
                visible=sheet.get("state", "visible") not in _HIDDEN_STATES,
                worksheet=rel_type.endswith(_WORKSHEET_REL),
                part=part,
            )
        )
    return entries


def scan_xlsx_entry(zf: zipfile.ZipFile, entry: SheetEntry, damaged: str) -> SheetEntry:
    """The entry with its stats filled in from a streamed scan of its part."""
    try:
        info = zf.getinfo(entry.part)
    except KeyError:
        raise FileProblem(damaged) from None
    with zf.open(info) as member:
        stats = scan_xlsx_sheet(member, damaged)
    stats.name = entry.name
    return SheetEntry(entry.name, entry.visible, entry.worksheet, entry.part, stats)


def checked_sheet(path: Path, kind: str, content: bytes | None, name: str, part: str) -> SheetStats:
    """Scan one xlsx sheet's part and refuse it, naming it, when its data lies beyond the limits; its stats."""
    damaged = errors.damaged(container_suffix(path, "." + kind))
    try:
        with zipfile.ZipFile(path if content is None else io.BytesIO(content)) as zf:
            entry = scan_xlsx_entry(zf, SheetEntry(name, True, True, part), damaged)
    except ZIP_FAILURES:
        raise FileProblem(damaged) from None
    assert entry.stats is not None
    problem = entry.stats.problem()
    if problem is not None:
        raise FileProblem(sheet_problem(problem, name))
    return entry.stats


def sheet_problem(problem: str, name: str) -> str:
    """A sheet's problem as said of the sheet by its name (the workbook has several)."""
    return problem.replace("This sheet", f"The sheet \u201c{name}\u201d", 1)


def ods_sheets(zf: zipfile.ZipFile, damaged: str) -> list[SheetEntry]:
    """Every table of content.xml, scanned, with visibility from its table style."""
    if "META-INF/manifest.xml" in zf.namelist():
        info = zf.getinfo("META-INF/manifest.xml")
        if info.file_size > MAX_METADATA_PART_BYTES:
            raise FileProblem(damaged)
        if b"encryption-data" in zf.read(info):
            raise FileProblem(errors.PASSWORD_ODS)
    try:
        info = zf.getinfo("content.xml")
    except KeyError:
        raise FileProblem(damaged) from None
    with zf.open(info) as member:
        tables, hidden = scan_ods_content(member, damaged)
    return [SheetEntry(t.name, t.style not in hidden, True, "content.xml", t) for t in tables]
