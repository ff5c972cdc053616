"""`organizer walklist`: build's JSON contract, print again, progress, results, and refused input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from organizer.cli import main
from organizer.files import scratch
from tests.service.importing_helpers import write_csv

HEADER = ["voter_reg_num", "last_name", "first_name", "res_street_address", "zip_code", "precinct_abbrv"]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    path = str(tmp_path / "c.db")
    assert run(capsys, "--db", path, "init", "--chapter", "Riverside")[0] == 0
    roll = write_csv(tmp_path / "roll.txt", [HEADER,
        ["V1", "SILVA", "ANA", "12 N MAIN ST", "27601", "01-01"],
        ["V2", "SILVA", "LEO", "12 N MAIN ST", "27601", "01-01"],
        ["V3", "CHEN", "WEI", "15 N MAIN ST", "27601", "01-01"],
        ["V4", "BOX", "PAT", "PO BOX 9", "27601", "01-01"],
    ], delimiter="\t")
    assert run(capsys, "--db", path, "import", "voters", str(roll))[0] == 0
    return path


def test_build_prints_the_contract(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_path = tmp_path / "walk.xlsx"
    code, out, _ = run(capsys, "--db", db, "walklist", "build", "--from", "voters", "--precinct", "01-01",
                       "--turf-size", "50", "--out", str(out_path), "--pdf", str(tmp_path / "walk.pdf"), "--json")
    data = json.loads(out)
    assert code == 0 and (data["turfs"], data["doors"], data["people"]) == (1, 2, 3)
    assert data["skipped"]["po_box"] == 1 and isinstance(data["list"], int)
    code, out, _ = run(capsys, "--db", db, "walklist", "show", str(data["list"]), "--json")
    assert code == 0 and json.loads(out)[0]["doors"] == 2
    code, out, _ = run(capsys, "--db", db, "walklist", "export", str(data["list"]), "--pdf",
                       str(tmp_path / "again.pdf"), "--reprint")
    assert code == 0 and (tmp_path / "again.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize("extra", [
    ["--turf-size", "0"],
    ["--voted-at-least", "3", "--of-last", "2"],
    ["--voted-at-least", "1"],
    ["--from", "people", "--party", "DEM"],
    ["--zip", "ABCDE"],
])
def test_bad_build_input_is_one_error_line(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                           extra: list[str]) -> None:
    code, _, err = run(capsys, "--db", db, "walklist", "build", "--out", str(tmp_path / "w.xlsx"), *extra)
    assert code == 2 and err.startswith("error:") and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "w.xlsx").exists()


def test_an_existing_file_needs_force(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "w.xlsx"
    target.write_text("mine")
    code, _, err = run(capsys, "--db", db, "walklist", "build", "--out", str(target))
    assert code == 2 and "--force" in err and target.read_text() == "mine"
    assert run(capsys, "--db", db, "walklist", "build", "--out", str(target), "--force")[0] == 0


def test_results_of_something_else_are_refused(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    other = write_csv(tmp_path / "x.csv", [["Name", "Result"], ["Ana", "C"]])
    code, _, err = run(capsys, "--db", db, "walklist", "results", str(other), "--json")
    assert code == 2 and err.startswith("error:") and "not a walk list" in err


def test_ctrl_c_after_the_list_is_saved_does_not_say_nothing_changed(
        db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from organizer.files.output import TempFile

    def interrupted(*_args: object, **_kwargs: object) -> None:  # Ctrl-C as the files are put in place
        raise KeyboardInterrupt

    monkeypatch.setattr(TempFile, "publish", interrupted)
    code, _out, err = run(capsys, "--db", db, "walklist", "build", "--from", "voters", "--precinct", "01-01",
                          "--out", str(tmp_path / "walk.xlsx"), "--pdf", str(tmp_path / "walk.pdf"))
    assert code == 2 and "nothing was changed" not in err and "saving" in err and err.count("\n") == 1
    shown, turfs, _ = run(capsys, "--db", db, "walklist", "show", "1", "--json")  # the list was saved
    assert shown == 0 and json.loads(turfs)[0]["doors"] == 2 and not (tmp_path / "walk.pdf").exists()
    assert not [p for p in scratch.scratch_dir().iterdir() if p.name.startswith(".walk.")]  # nothing staged is left
