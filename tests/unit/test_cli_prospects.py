"""`prospect …`, `office …` and `dashboard`: JSON shapes, exit codes and the one error line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from organizer.cli import main
from tests.pdf_words import pdf_pages, pdf_words


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def ok_json(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> Any:
    code, out, err = run(capsys, "--db", str(db), *args, "--json")
    assert code == 0, err
    return json.loads(out)


def test_add_move_and_list(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    added = ok_json(capsys, db_path, "prospect", "add", "--given", "Rae", "--family", "Kim", "--office", "School Board",
                    "--election", "2027-11-02", "--filing-deadline", "2027-07-16", "--due", "2027-01-10",
                    "--next-step", "Intro call")
    assert isinstance(added["id"], int) and added["person_created"] is True
    code, out, err = run(capsys, "--db", str(db_path), "prospect", "move", str(added["id"]), "on the ballot",
                         "--note", "Certified", "--by", "Sam")
    assert code == 0 and "On the ballot" in out, err
    rows = ok_json(capsys, db_path, "prospect", "list")
    assert rows == [{**rows[0], "person": added["person"], "office": "School Board", "stage": "on_ballot",
                     "next_step_due": "2027-01-10", "filing_deadline": "2027-07-16", "election": "2027-11-02"}]
    shown = ok_json(capsys, db_path, "prospect", "show", str(added["id"]))
    assert [(t["from"], t["to"], t["by"]) for t in shown["timeline"]][-1] == ("identified", "on_ballot", "Sam")


def test_an_unknown_stage_is_one_error_line_listing_the_stages(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    added = ok_json(capsys, db_path, "prospect", "add", "--given", "Rae", "--family", "Kim", "--office", "Mayor")
    code, out, err = run(capsys, "--db", str(db_path), "prospect", "move", str(added["id"]), "nowhere")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("error: ")
    assert "identified, intro_call, questionnaire, vetting, endorsed, trained, filed, on_ballot, won, lost, " \
           "withdrew, not_a_fit" in err
    code, _out, err = run(capsys, "--db", str(db_path), "prospect", "add", "--given", "A", "--family", "B",
                          "--office", "Mayor", "--stage", "elsewhere")
    assert code == 2 and "the stages are" in err


@pytest.mark.parametrize(("extra", "says"), [
    (("--election", "2027-11-02", "--filing-deadline", "2027-12-01"), "after the election"),
    (("--election", "11/02/2027"), "YYYY-MM-DD"),
])
def test_bad_dates_are_refused(db_path: Path, capsys: pytest.CaptureFixture[str], extra: tuple[str, ...],
                               says: str) -> None:
    code, _out, err = run(capsys, "--db", str(db_path), "prospect", "add", "--given", "Rae", "--family", "Kim",
                          "--office", "Mayor", *extra)
    assert code == 2 and err.startswith("error:") and says in err and "Traceback" not in err
    assert ok_json(capsys, db_path, "prospect", "list") == []


def test_the_same_person_and_office_again_is_refused(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ok_json(capsys, db_path, "prospect", "add", "--given", "Rae", "--family", "Kim", "--office", "Mayor")
    code, _out, err = run(capsys, "--db", str(db_path), "prospect", "add", "--given", "Rae", "--family", "Kim",
                          "--office", "mayor")
    assert code == 2 and "already in the pipeline" in err
    assert len(ok_json(capsys, db_path, "prospect", "list")) == 1


def test_a_shared_name_asks_for_the_uuid(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for _ in range(2):
        assert run(capsys, "--db", str(db_path), "people", "add", "--given", "Ana", "--family", "Silva")[0] == 0
    code, _out, err = run(capsys, "--db", str(db_path), "prospect", "add", "--given", "Ana", "--family", "Silva",
                          "--office", "Mayor")
    assert code == 2 and "2 people are named Ana Silva" in err and "--person" in err
    code, _out, err = run(capsys, "--db", str(db_path), "prospect", "add", "--given", "ana", "--family", "SILVA",
                          "--office", "Mayor")  # the same name written otherwise is still the same name
    assert code == 2 and "2 people are named" in err
    uuid = ok_json(capsys, db_path, "people", "list")[0]["uuid"]
    added = ok_json(capsys, db_path, "prospect", "add", "--person", uuid, "--office", "Mayor")
    assert added["person"] == uuid and added["person_created"] is False


def test_a_name_written_otherwise_finds_the_person(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--db", str(db_path), "people", "add", "--given", "José", "--family", "García")[0] == 0
    ok_json(capsys, db_path, "prospect", "add", "--given", "jose", "--family", "garcia", "--office", "Mayor")
    assert len(ok_json(capsys, db_path, "people", "list")) == 1


def test_offices_link_prospects_and_reminders(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    office = ok_json(capsys, db_path, "office", "add", "--name", "School Board", "--seat", "Seat 3",
                     "--election", "2099-11-03", "--filing-closes", "2099-07-01")
    assert [o["id"] for o in ok_json(capsys, db_path, "office", "list", "--open")] == [office["id"]]
    added = ok_json(capsys, db_path, "prospect", "add", "--given", "Rae", "--family", "Kim", "--office", "school board")
    assert (added["office_id"], added["filing_deadline"], added["election"]) == (office["id"], "2099-07-01",
                                                                                 "2099-11-03")
    assert ok_json(capsys, db_path, "office", "list", "--open") == []
    assert ok_json(capsys, db_path, "prospect", "reminders") == []


def test_dashboard_is_one_object_with_every_panel(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    board = ok_json(capsys, db_path, "dashboard")
    assert {"as_of", "people", "events", "petitions", "prospects", "canvass", "review", "attention"} <= set(board)
    assert board["prospects"]["empty"] is True
    code, out, _err = run(capsys, "--db", str(db_path), "dashboard")
    assert code == 0 and "Candidate pipeline: nothing yet" in out


def test_export_writes_the_pipeline_and_its_moves(db_path: Path, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    added = ok_json(capsys, db_path, "prospect", "add", "--given", "Rae", "--family", "Kim", "--office", "Mayor")
    run(capsys, "--db", str(db_path), "prospect", "move", str(added["id"]), "vetting")
    out = tmp_path / "pipeline.xlsx"
    result = ok_json(capsys, db_path, "prospect", "export", str(out))
    assert (result["prospects"], result["moves"]) == (1, 2)
    book = load_workbook(out, read_only=True)
    assert [r[:5] for r in book["Pipeline"].iter_rows(values_only=True)][1] == ("Rae Kim", "Mayor", None, None,
                                                                                "Vetting")
    code, _o, err = run(capsys, "--db", str(db_path), "prospect", "export", str(out))
    assert code == 2 and err.startswith("error:")


def test_deleting_a_prospect_person_asks_and_keeps_the_history(db_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    added = ok_json(capsys, db_path, "prospect", "add", "--given", "Rae", "--family", "Kim", "--office", "Mayor")
    code, _out, err = run(capsys, "--db", str(db_path), "people", "delete", added["person"])
    assert code == 2 and "--yes" in err and "prospect for Mayor" in err
    assert run(capsys, "--db", str(db_path), "people", "delete", added["person"], "--yes")[0] == 0
    rows = ok_json(capsys, db_path, "prospect", "list")
    assert [(r["person"], r["name"], r["office"]) for r in rows] == [(None, "Rae Kim", "Mayor")]
    assert len(ok_json(capsys, db_path, "prospect", "show", str(added["id"]))["timeline"]) == 1


def test_dashboard_writes_a_one_page_pdf_summary(db_path: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    ok_json(capsys, db_path, "prospect", "add", "--given", "Nguyễn", "--family", "Thị (Lan)", "--office", "Mayor",
            "--next-step", "Call", "--due", "2020-01-01")
    out = tmp_path / "summary.pdf"
    code, printed, err = run(capsys, "--db", str(db_path), "dashboard", "--pdf", str(out))
    assert code == 0 and "summary" in printed, err
    data = out.read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF") and pdf_pages(data) == 1
    assert {"Nguyễn", "Thị", "(Lan)", "pipeline"} <= pdf_words(data)  # drawn in a Unicode font
    code, _o, err = run(capsys, "--db", str(db_path), "dashboard", "--pdf", str(out))
    assert code == 2 and "already exists" in err
    code, _o, err = run(capsys, "--db", str(db_path), "dashboard", "--pdf", str(tmp_path / "summary.txt"))
    assert code == 2 and ".pdf" in err


def test_the_checklist_is_the_chapters_to_edit(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert ok_json(capsys, db_path, "prospect", "checklist")[0] == "Intro call done"
    items = ok_json(capsys, db_path, "prospect", "checklist", "--item", "Residency checked", "--item", "Intro call done")
    assert items == ["Residency checked", "Intro call done"]
    added = ok_json(capsys, db_path, "prospect", "add", "--given", "Rae", "--family", "Kim", "--office", "Mayor")
    assert run(capsys, "--db", str(db_path), "prospect", "check", str(added["id"]), "residency CHECKED")[0] == 0
    shown = ok_json(capsys, db_path, "prospect", "show", str(added["id"]))
    assert list(shown["checklist"]) == ["Residency checked", "Intro call done"] and shown["checklist"][
        "Residency checked"]
    code, _o, err = run(capsys, "--db", str(db_path), "prospect", "check", str(added["id"]), "Nope")
    assert code == 2 and "the items are Residency checked, Intro call done" in err
