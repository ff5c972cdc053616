"""A share workbook encrypted as it streams opens with its password, whole and with its integrity code right."""

from __future__ import annotations

import io
import os
import zipfile

import olefile
import pytest
from msoffcrypto.format.ooxml import OOXMLFile

from organizer.services.sharing.encryption import encrypt_workbook


def _workbook(size: int) -> bytes:
    """A zip (what decryption checks it got) of about ``size`` bytes that do not compress."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as book:
        book.writestr("[Content_Types].xml", "<Types/>")
        book.writestr("xl/worksheets/sheet1.xml", os.urandom(size))
    return out.getvalue()


def _opened(locked: bytes, password: str) -> bytes:
    book = OOXMLFile(io.BytesIO(locked))
    book.load_key(password=password, verify_password=True)
    out = io.BytesIO()
    book.decrypt(out, verify_integrity=True)
    return out.getvalue()


@pytest.mark.parametrize("size", [4096, 4097, 8192 - 200, 70_001, 1_000_003])
def test_an_encrypted_workbook_decrypts_to_the_same_bytes(size: int) -> None:
    plain = _workbook(size)
    out = io.BytesIO()
    encrypt_workbook(io.BytesIO(plain), len(plain), out, "s3cret ☂")
    assert olefile.isOleFile(out.getvalue())
    assert _opened(out.getvalue(), "s3cret ☂") == plain


def test_the_wrong_password_does_not_open_it() -> None:
    plain = _workbook(10_000)
    out = io.BytesIO()
    encrypt_workbook(io.BytesIO(plain), len(plain), out, "right")
    with pytest.raises(Exception, match=r"(?i)password|key"):
        _opened(out.getvalue(), "wrong")


def test_a_changed_byte_fails_the_integrity_check() -> None:
    plain = _workbook(20_000)
    out = io.BytesIO()
    encrypt_workbook(io.BytesIO(plain), len(plain), out, "right")
    damaged = bytearray(out.getvalue())
    damaged[len(damaged) // 2] ^= 0xFF  # inside the encrypted package, most of the file
    with pytest.raises(Exception, match=r"(?i)integrity"):
        _opened(bytes(damaged), "right")
