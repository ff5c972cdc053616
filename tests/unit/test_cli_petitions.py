"""`organizer petition`: the contract's JSON shapes, and bad input as one error line with exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.service.importing_helpers import write_csv
from tests.unit.test_cli import run


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    path = str(tmp_path / "c.db")
    assert run(capsys, "--db", path, "init", "--chapter", "Riverside")[0] == 0
    return path


def test_create_import_check_signatures_sample(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    roll = write_csv(tmp_path / "roll.csv", [["voter_reg_num", "last_name", "first_name", "res_street_address",
                                              "zip_code"], ["V1", "SILVA", "ANA", "12 N MAIN ST", "27601"],
                                             ["V2", "SILVA", "LEO", "12 N MAIN ST", "27601"]])
    assert run(capsys, "--db", db, "import", "voters", str(roll))[0] == 0
    code, out, _ = run(capsys, "--db", db, "petition", "create", "--title", "T", "--kind", "ballot_access",
                       "--required", "10", "--json")
    pid = str(json.loads(out)["id"])
    sig = write_csv(tmp_path / "sig.csv", [["Sheet", "Line", "First Name", "Last Name", "Address", "Zip"],
                                           ["1", "1", "Ana", "Silva", "12 North Main Street", "27601"],
                                           ["1", "2", "Leo", "Silva", "", ""]])
    code, out, _ = run(capsys, "--db", db, "petition", "import-signatures", pid, str(sig), "--json")
    assert code == 0 and (json.loads(out)["rows"], json.loads(out)["created"]) == (2, 2)
    code, out, _ = run(capsys, "--db", db, "petition", "check", pid, "--json")
    counts = json.loads(out)
    assert (counts["total"], counts["valid"], counts["needs_review"], counts["at_risk"]) == (2, 1, 1, 1)  # sheet 1: no statement yet
    code, out, _ = run(capsys, "--db", db, "petition", "signatures", pid, "--json")
    assert [(r["status"], r["reason"], r["voter_id"], r["sheet"], r["line"]) for r in json.loads(out)] == [
        ("valid", None, "V1", 1, 1), ("needs_review", "no_address", None, 1, 2)]
    code, out, _ = run(capsys, "--db", db, "petition", "sample", pid, "--seed", "1", "--json")
    assert json.loads(out)["sample_size"] == 2 and json.loads(out)["outcome"] == "fails"


@pytest.mark.parametrize("args", [
    ["petition", "check", "42"],
    ["petition", "create", "--title", "T", "--kind", "recall"],
    ["petition", "create", "--title", "T", "--kind", "issue", "--required", "-3"],
    ["petition", "sample", "1", "--rate", "3"],
])
def test_bad_input_is_one_error_line(db: str, args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--db", db, *args)
    assert code == 2 and err.startswith("error:") and "Traceback" not in err + out


def test_check_without_a_voter_roll_says_what_is_missing(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    _code, out, _ = run(capsys, "--db", db, "petition", "create", "--title", "T", "--kind", "issue", "--json")
    pid = str(json.loads(out)["id"])
    assert run(capsys, "--db", db, "petition", "sign", pid, "--given", "Ana", "--family", "Silva")[0] == 0
    code, _out, err = run(capsys, "--db", db, "petition", "check", pid)
    assert code == 2 and "No voter roll is loaded" in err and len(err.strip().splitlines()) == 1


def test_lookup_by_a_family_name_alone(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    roll = write_csv(tmp_path / "roll.csv", [["voter_reg_num", "last_name", "first_name", "res_street_address",
                                              "zip_code"], ["V1", "SILVA", "ANA", "12 N MAIN ST", "27601"],
                                             ["V11", "NÚÑEZ", "JOSÉ", "90 WALNUT ST", "27601"]])
    assert run(capsys, "--db", db, "import", "voters", str(roll))[0] == 0
    code, out, _ = run(capsys, "--db", db, "petition", "lookup", "--family", "silva", "--json")
    assert code == 0 and [(r["voter_id"], r["name"]) for r in json.loads(out)] == [("V1", "Ana Silva")]
    code, out, _ = run(capsys, "--db", db, "petition", "lookup", "--family", "nunez", "--address", "90")
    assert code == 0 and "V11" in out and "may need to register" not in out
