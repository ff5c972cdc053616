"""Lists the stream names of an OLE2 compound file (legacy .xls, encrypted .xlsx) without parsing them."""

from __future__ import annotations

import struct
from typing import BinaryIO

MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_END_OF_CHAIN = 0xFFFFFFFE
_MAX_SECTOR = 0xFFFFFFFA
_MAX_DIRECTORY_SECTORS = 4_096
_MAX_FAT_SECTORS = 65_536
_HEADER_DIFAT = 109


class Ole2Error(ValueError):
    """The compound file's structure is broken."""


def stream_names(f: BinaryIO) -> set[str]:
    """Return the lower-cased names of every storage and stream in the directory."""
    f.seek(0)
    header = f.read(512)
    if len(header) < 512 or not header.startswith(MAGIC):
        raise Ole2Error("bad header")
    shift = struct.unpack_from("<H", header, 0x1E)[0]
    if shift not in (9, 12):
        raise Ole2Error("bad sector size")
    size = 1 << shift
    fat_sectors = _fat_sector_list(f, header, size)
    names: set[str] = set()
    for sector in _chain(f, fat_sectors, size, struct.unpack_from("<I", header, 0x30)[0]):
        names.update(_directory_names(_read_sector(f, sector, size)))
    return names


def _read_sector(f: BinaryIO, sector: int, size: int) -> bytes:
    f.seek((sector + 1) * size)
    data = f.read(size)
    if len(data) != size:
        raise Ole2Error("truncated")
    return data


def _fat_sector_list(f: BinaryIO, header: bytes, size: int) -> list[int]:
    count = struct.unpack_from("<I", header, 0x2C)[0]
    if count > _MAX_FAT_SECTORS:
        raise Ole2Error("FAT too large")
    sectors = [s for s in struct.unpack_from(f"<{_HEADER_DIFAT}I", header, 0x4C) if s <= _MAX_SECTOR]
    difat = struct.unpack_from("<I", header, 0x44)[0]
    per_sector = size // 4 - 1
    seen: set[int] = set()
    while len(sectors) < count and difat <= _MAX_SECTOR:
        if difat in seen:
            raise Ole2Error("DIFAT loop")
        seen.add(difat)
        entries = struct.unpack(f"<{per_sector + 1}I", _read_sector(f, difat, size))
        sectors.extend(s for s in entries[:per_sector] if s <= _MAX_SECTOR)
        difat = entries[per_sector]
    return sectors[:count]


def _fat_entry(f: BinaryIO, fat_sectors: list[int], size: int, sector: int) -> int:
    per_sector = size // 4
    index, slot = divmod(sector, per_sector)
    if index >= len(fat_sectors):
        raise Ole2Error("sector outside FAT")
    f.seek((fat_sectors[index] + 1) * size + slot * 4)
    raw = f.read(4)
    if len(raw) != 4:
        raise Ole2Error("truncated FAT")
    value: int = struct.unpack("<I", raw)[0]
    return value


def _chain(f: BinaryIO, fat_sectors: list[int], size: int, start: int) -> list[int]:
    chain: list[int] = []
    seen: set[int] = set()
    sector = start
    while sector != _END_OF_CHAIN:
        if sector > _MAX_SECTOR or sector in seen or len(chain) >= _MAX_DIRECTORY_SECTORS:
            raise Ole2Error("bad directory chain")
        seen.add(sector)
        chain.append(sector)
        sector = _fat_entry(f, fat_sectors, size, sector)
    return chain


def _directory_names(sector: bytes) -> list[str]:
    names = []
    for offset in range(0, len(sector), 128):
        entry = sector[offset : offset + 128]
        name_len = struct.unpack_from("<H", entry, 0x40)[0]
        kind = entry[0x42]
        if kind in (1, 2, 5) and 2 <= name_len <= 64:
            names.append(entry[: name_len - 2].decode("utf-16-le", "replace").lower())
    return names
