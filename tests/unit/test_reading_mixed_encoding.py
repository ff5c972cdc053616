"""A UTF-8 text file with a line or two saved by a Windows program: every line read as it was written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from organizer.cli.main import main
from organizer.files.reading import FileProblem, inspect_file, iter_rows
from organizer.files.reading.textenc import UTF8_CP1252
from organizer.services.importing.source import mixed_encoding

GOOD = [["José Núñez", "jose@example.org"], ["Zoë Brontë", "zoe@example.org"]]


def write(path: Path, lines: list[tuple[list[str], str]]) -> Path:
    path.write_bytes(b"".join((",".join(cells) + "\r\n").encode(enc) for cells, enc in lines))
    return path


def mixed(path: Path) -> Path:
    """Header and two UTF-8 lines, then one line a Windows-1252 program added (line 4)."""
    return write(path, [(["Name", "Email"], "utf-8"), *((row, "utf-8") for row in GOOD),
                        (["René Côté", "rene@example.org"], "cp1252")])


def test_the_odd_line_is_read_as_windows_1252_and_the_rest_as_utf8(tmp_path: Path) -> None:
    source = inspect_file(mixed(tmp_path / "m.csv"))
    assert source.encoding == UTF8_CP1252 and source.odd_lines == (4,) and source.odd_count == 1
    assert list(iter_rows(source)) == [["Name", "Email"], *GOOD, ["René Côté", "rene@example.org"]]
    assert mixed_encoding(source) == ("Line 4 is not UTF-8 like the rest of the file, so it was read as "
                                      "Windows-1252: check the accented letters there.")


def test_a_windows_1252_file_is_still_windows_1252_throughout(tmp_path: Path) -> None:
    path = write(tmp_path / "w.csv", [(["Name", "Email"], "cp1252"), (["René Côté", "r@example.org"], "cp1252"),
                                      (["Zoë “Z” Brontë", "z@example.org"], "cp1252")])
    source = inspect_file(path)
    assert source.encoding == "cp1252" and source.odd_count == 0 and mixed_encoding(source) == ""
    assert list(iter_rows(source))[1:] == [["René Côté", "r@example.org"], ["Zoë “Z” Brontë", "z@example.org"]]


def test_a_long_file_is_read_whole_and_many_odd_lines_are_counted(tmp_path: Path) -> None:
    good = [["Zoë Brontë é" * (i % 7 + 1), f"z{i}@example.org"] for i in range(5_000)]  # across read chunks
    odd = [["René Côté", f"r{i}@example.org"] for i in range(8)]
    path = write(tmp_path / "l.csv", [(["Name", "Email"], "utf-8"), *((r, "utf-8") for r in good),
                                      *((r, "cp1252") for r in odd)])
    source = inspect_file(path)
    assert source.encoding == UTF8_CP1252 and source.odd_lines == (5_002, 5_003, 5_004, 5_005, 5_006)
    assert list(iter_rows(source))[1:] == good + odd
    assert mixed_encoding(source).startswith("Lines 5002, 5003, 5004, 5005, 5006 and 3 more are not UTF-8")


def test_the_encoding_can_be_named_and_utf8_named_stays_strict(tmp_path: Path) -> None:
    path = mixed(tmp_path / "m.csv")
    assert list(iter_rows(inspect_file(path, encoding="utf-8-cp1252")))[3] == ["René Côté", "rene@example.org"]
    with pytest.raises(FileProblem, match="not valid utf-8"):
        list(iter_rows(inspect_file(path, encoding="utf-8")))


def test_the_import_keeps_every_name_and_says_which_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "c.db")
    assert main(["--db", db, "init", "--chapter", "Riverside"]) == 0
    assert main(["--db", db, "import", "people", str(mixed(tmp_path / "m.csv")), "--json"]) == 0
    capsys.readouterr()
    assert main(["--db", db, "people", "list", "--json"]) == 0
    names = sorted(f"{p['given_name']} {p['family_name']}" for p in json.loads(capsys.readouterr().out))
    assert names == ["José Núñez", "René Côté", "Zoë Brontë"]


def test_the_import_report_names_the_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "c.db")
    assert main(["--db", db, "init", "--chapter", "Riverside"]) == 0
    capsys.readouterr()
    assert main(["--db", db, "import", "people", str(mixed(tmp_path / "m.csv")), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["encoding"] == UTF8_CP1252
    assert any(w["reason"].startswith("Line 4 is not UTF-8") for w in report["warnings"])
