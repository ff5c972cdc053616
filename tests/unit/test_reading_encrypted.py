"""Password-protected workbooks: opened with the password (decrypted in memory, in the sandbox), else one clear line."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from organizer.files.reading import FileProblem, inspect_file, iter_rows, read_preview, read_workbook, sandbox
from organizer.files.reading import errors as msg

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PASSWORD = "Riverside-2024"  # tests/fixtures/make_encrypted_fixtures.py
LIBREOFFICE_PASSWORD = "secret"  # tests/fixtures/make_libreoffice_fixtures.py
MEMBERS = [
    ["First", "Last", "Phone", "Joined"],
    ["Ana", "Núñez", "9195550101", "2024-03-05"],
]


def plain_rows(name: str) -> list[list[str]]:
    source = inspect_file(FIXTURES / name)
    return list(iter_rows(source))


def test_encrypted_xlsx_reads_like_the_plain_one() -> None:
    source = inspect_file(FIXTURES / "encrypted_signin.xlsx", password=PASSWORD)
    assert source.kind == "xlsx" and source.content is not None
    assert list(iter_rows(source)) == plain_rows("signin_libreoffice.xlsx")
    assert PASSWORD not in repr(source) and "content" not in repr(source)


def test_encrypted_xlsx_preview_and_every_sheet() -> None:
    _source, rows = read_preview(FIXTURES / "encrypted_signin.xlsx", password=PASSWORD, limit=4)
    assert rows == plain_rows("signin_libreoffice.xlsx")[:4]
    sheets = read_workbook(FIXTURES / "encrypted_multisheet.xlsx", password=PASSWORD)
    assert [s.name for s in sheets] == ["Notes", "Empty", "Members"]
    assert sheets[2].rows[:2] == MEMBERS


def test_encrypted_xls_from_libreoffice_opens_with_its_password() -> None:
    source = inspect_file(FIXTURES / "encrypted_libreoffice.xls", password=LIBREOFFICE_PASSWORD, sheet="Members")
    assert source.kind == "xls"
    assert list(iter_rows(source))[:2] == MEMBERS
    assert list(iter_rows(source)) == list(iter_rows(inspect_file(FIXTURES / "multisheet_libreoffice.xls",
                                                                  sheet="Members")))


@pytest.mark.parametrize("name", ["encrypted_signin.xlsx", "encrypted_libreoffice.xls"])
def test_no_password_says_one_is_needed(name: str) -> None:
    with pytest.raises(FileProblem) as info:
        inspect_file(FIXTURES / name)
    assert str(info.value) == msg.PASSWORD and "\n" not in str(info.value)
    with pytest.raises(FileProblem, match="password-protected"):
        read_workbook(FIXTURES / name)


@pytest.mark.parametrize("name", ["encrypted_signin.xlsx", "encrypted_libreoffice.xls"])
def test_wrong_password_says_it_is_wrong(name: str) -> None:
    with pytest.raises(FileProblem) as info:
        inspect_file(FIXTURES / name, password="riverside-2024")
    assert str(info.value) == msg.WRONG_PASSWORD
    assert "riverside" not in str(info.value)


def test_libreoffice_encrypted_ods_is_refused_even_with_its_password() -> None:
    with pytest.raises(FileProblem) as info:
        inspect_file(FIXTURES / "encrypted_libreoffice.ods", password=LIBREOFFICE_PASSWORD)
    assert str(info.value) == msg.PASSWORD_ODS
    assert "without a password, or as .xlsx with one" in str(info.value)


def test_a_password_for_a_plain_file_is_ignored() -> None:
    for name in ("signin_libreoffice.xlsx", "signin_libreoffice.xls", "signin.csv"):
        source = inspect_file(FIXTURES / name, password="unused")
        assert source.content is None
        assert list(iter_rows(source)) == plain_rows(name)


def test_the_decrypted_workbook_passes_the_same_preflight(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A zip bomb inside the encryption is refused like an unencrypted one, before any parser sees it."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr("xl/sheet.xml", b"<x>" + b" " * (5 << 20) + b"</x>")
    monkeypatch.setattr("organizer.files.reading.api.decrypt_workbook", lambda *_args: buf.getvalue())
    with pytest.raises(FileProblem) as info:
        inspect_file(FIXTURES / "encrypted_signin.xlsx", password=PASSWORD)
    assert str(info.value) == msg.ZIP_BOMB


def test_decryption_writes_nothing_to_disk(tmp_path: Path) -> None:
    """The child may write no file at all (RLIMIT_FSIZE is 0): decryption must work in memory only."""
    for name, password in (("encrypted_signin.xlsx", PASSWORD), ("encrypted_libreoffice.xls", LIBREOFFICE_PASSWORD)):
        data = sandbox.decrypt_workbook(FIXTURES / name, "xlsx", password)
        assert data is not None and len(data) > 1000


def test_decrypt_of_a_plain_xls_says_so() -> None:
    assert sandbox.decrypt_workbook(FIXTURES / "signin_libreoffice.xls", "xls", "x") is None


def test_a_broken_encrypted_container_with_a_password_is_damaged(tmp_path: Path) -> None:
    from tests.unit.test_reading_hostile import ole2_bytes

    path = tmp_path / "locked.xlsx"
    path.write_bytes(ole2_bytes("EncryptionInfo", "EncryptedPackage", "\x06DataSpaces"))
    with pytest.raises(FileProblem) as info:
        inspect_file(path, password=PASSWORD)
    assert str(info.value) == msg.damaged(".xlsx")
