"""`organizer voters`: the roll as JSON or text, filters, limits, refreshes, and refused input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from organizer.cli import main
from tests.service.importing_helpers import write_csv

HEADER = ["voter_reg_num", "last_name", "first_name", "res_street_address", "zip_code", "precinct_abbrv",
          "voter_status_desc", "party_cd"]


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
        ["0001", "SILVA", "ANA", "12 N MAIN ST", "02760", "01-01", "ACTIVE", "DEM"],
        ["0002", "SILVA", "ANA", "40 ELM ST", "27604", "01-02", "ACTIVE", "REP"],
        ["0003", "CHEN", "WEI", "15 N MAIN ST", "27601", "01-01", "INACTIVE", "UNA"],
    ], delimiter="\t")
    assert run(capsys, "--db", path, "import", "voters", str(roll))[0] == 0
    return path


def test_list_json_is_every_matching_voter(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "voters", "list", "--json", "--db", db)
    voters = json.loads(out)
    assert code == 0 and [v["voter_id"] for v in voters] == ["0003", "0001", "0002"]
    assert {"voter_id", "given_name", "family_name", "street", "postal_code", "precinct", "party", "status"} <= set(
        voters[0])
    assert voters[1]["postal_code"] == "02760" and voters[1]["street"] == "12 N MAIN ST"
    code, out, _ = run(capsys, "--db", db, "voters", "list", "--precinct", "01-01", "--search", "silva", "--json")
    assert [v["voter_id"] for v in json.loads(out)] == ["0001"]
    code, out, _ = run(capsys, "--db", db, "voters", "list", "--party", "REP", "--json")
    assert [v["voter_id"] for v in json.loads(out)] == ["0002"]
    code, out, _ = run(capsys, "--db", db, "voters", "list", "--status", "inactive", "--json")
    assert [v["voter_id"] for v in json.loads(out)] == ["0003"]
    code, out, _ = run(capsys, "--db", db, "voters", "list", "--limit", "2", "--json")
    assert len(json.loads(out)) == 2


def test_list_text_has_a_header_line(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--db", db, "voters", "list", "--search", "ana silva")
    lines = out.splitlines()
    assert code == 0 and lines[0].startswith("Voter id\tName") and len(lines) == 3
    assert lines[1].split("\t")[:2] == ["0001", "Ana Silva"]


def test_refreshes_and_changes(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--db", db, "voters", "refreshes", "--json")
    [refresh] = json.loads(out)
    assert code == 0 and (refresh["added"], refresh["marked_inactive"]) == (3, 0)
    code, out, _ = run(capsys, "--db", db, "voters", "changes", str(refresh["batch"]), "--what", "added", "--json")
    assert [v["voter_id"] for v in json.loads(out)] == ["0003", "0001", "0002"]
    code, out, _ = run(capsys, "--db", db, "voters", "refreshes")
    assert "Why voters are marked inactive" in out


@pytest.mark.parametrize("args", [
    ("voters", "list", "--limit", "0"),
    ("voters", "list", "--status", "gone"),
    ("voters", "changes", "99"),
    ("voters", "list", "--search", "x " * 80),
])
def test_bad_input_is_one_error_line(db: str, capsys: pytest.CaptureFixture[str], args: tuple[str, ...]) -> None:
    code, _out, err = run(capsys, "--db", db, *args)
    assert code == 2 and err.startswith("error:") and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_a_headerless_file_of_unknown_shape_asks_for_the_layout(db: str, tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    odd = write_csv(tmp_path / "odd.csv", [["A1", "SMITH", "MARY", "12 ELM ST"], ["A2", "LEE", "KIM", "1 OAK"]])
    code, _, err = run(capsys, "--db", db, "import", "voters", str(odd))
    assert code == 2 and err.startswith("error:") and "--layout florida|new-york" in err and "--map" in err
    code, out, _ = run(capsys, "--db", db, "import", "voters", str(odd), "--header-row", "0", "--json",
                       "--map", "Column A=voter_id", "--map", "Column B=family_name", "--allow-mass-inactive")
    assert code == 0 and json.loads(out)["created"] == 2


def test_every_voters_option_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    from organizer.cli.main import build_parser

    parser = build_parser()
    voters = next(a for a in parser._actions if a.dest == "command").choices["voters"]  # type: ignore[attr-defined]
    for command in next(a for a in voters._actions if a.dest == "voters_command").choices.values():
        for action in command._actions:
            assert action.help, f"{command.prog} {action.option_strings} has no help"
    imp = next(a for a in parser._actions if a.dest == "command").choices["import"]  # type: ignore[attr-defined]
    layout = next(a for a in next(a for a in imp._actions if a.dest == "import_command").choices["voters"]._actions
                  if "--layout" in a.option_strings)
    assert set(layout.choices) == {"van", "north-carolina", "ohio", "florida", "new-york"}
