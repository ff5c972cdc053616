"""`organizer review`: the queues as bare JSON arrays, merge asks or needs --yes, unknown ids are exit 2."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from organizer.cli.main import build_parser
from tests.service.importing_helpers import write_csv
from tests.unit.test_cli import run


@pytest.fixture
def chapter(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """Two Ana Silvas proposed as one, and Bo Chen whose pronouns differ between two files."""
    db = str(tmp_path / "c.db")
    assert run(capsys, "--db", db, "init", "--chapter", "Riverside")[0] == 0
    header = ["First", "Last", "Email", "Pronouns"]
    for name, rows in (("a.csv", [["Ana", "Silva", "ana@example.org", ""], ["Bo", "Chen", "bo@example.org", "he"]]),
                       ("b.csv", [["Ana", "Silva", "ana2@example.org", ""], ["Bo", "Chen", "bo@example.org", "they"]])):
        assert run(capsys, "--db", db, "import", "people", str(write_csv(tmp_path / name, [header, *rows])))[0] == 0
    return db


def test_conflicts_and_duplicates_are_bare_json_arrays(chapter: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--db", chapter, "review", "conflicts", "--json")
    [conflict] = json.loads(out)
    assert code == 0
    assert {k: conflict[k] for k in ("person_name", "field", "existing", "incoming")} == {
        "person_name": "Bo Chen", "field": "gender_pronouns", "existing": "he", "incoming": "they"}
    assert isinstance(conflict["id"], int) and len(conflict["person_uuid"]) == 36 and conflict["batch_id"] == 2
    code, out, _ = run(capsys, "review", "duplicates", "--json", "--db", chapter)
    [pair] = json.loads(out)
    assert (pair["person_name"], pair["other_name"], pair["reason"], pair["score"]) == (
        "Ana Silva", "Ana Silva", "same name", 100.0)
    assert pair["person_uuid"] != pair["other_uuid"]


def test_text_output_starts_with_a_header_line(chapter: str, capsys: pytest.CaptureFixture[str]) -> None:
    for queue in ("conflicts", "duplicates", "merges"):
        code, out, _ = run(capsys, "--db", chapter, "review", queue)
        assert code == 0 and out.splitlines()[0].startswith("ID\t")
    out = run(capsys, "--db", chapter, "review", "conflicts")[1]
    assert "Bo Chen\tgender_pronouns\the\tthey" in out


def _pair(chapter: str, capsys: pytest.CaptureFixture[str]) -> dict[str, str]:
    out = run(capsys, "--db", chapter, "review", "duplicates", "--json")[1]
    pair: dict[str, str] = json.loads(out)[0]
    return pair


def test_merge_refuses_without_yes_when_no_one_can_answer(chapter: str, capsys: pytest.CaptureFixture[str],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    pair = _pair(chapter, capsys)
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    code, _out, err = run(capsys, "--db", chapter, "review", "merge", pair["other_uuid"], pair["person_uuid"])
    assert code == 2 and err.startswith("error:") and "--yes" in err and len(err.splitlines()) == 1
    assert len(json.loads(run(capsys, "--db", chapter, "people", "list", "--json")[1])) == 3


def test_merge_asks_on_a_terminal(chapter: str, capsys: pytest.CaptureFixture[str],
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    pair = _pair(chapter, capsys)
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda _prompt: "n")
    assert run(capsys, "--db", chapter, "review", "merge", pair["other_uuid"], pair["person_uuid"])[0] == 2
    monkeypatch.setattr("builtins.input", lambda _prompt: "y")
    code, out, _ = run(capsys, "--db", chapter, "review", "merge", pair["other_uuid"], pair["person_uuid"])
    assert code == 0 and "undo-merge 1" in out


def test_merge_with_yes_then_undo(chapter: str, capsys: pytest.CaptureFixture[str]) -> None:
    pair = _pair(chapter, capsys)
    code, out, _ = run(capsys, "--db", chapter, "review", "merge", pair["other_uuid"], pair["person_uuid"], "--yes",
                       "--json")
    merged = json.loads(out)
    assert code == 0 and merged["survivor_uuid"] == pair["other_uuid"] and merged["merged_uuid"] == pair["person_uuid"]
    people = json.loads(run(capsys, "--db", chapter, "people", "list", "--json")[1])
    ana = next(p for p in people if p["uuid"] == pair["other_uuid"])
    assert sorted(ana["emails"]) == ["ana2@example.org", "ana@example.org"] and len(people) == 2
    assert json.loads(run(capsys, "--db", chapter, "review", "duplicates", "--json")[1]) == []
    code, out, _ = run(capsys, "--db", chapter, "review", "undo-merge", str(merged["merge_id"]))
    assert code == 0 and pair["person_uuid"] in out
    assert len(json.loads(run(capsys, "--db", chapter, "people", "list", "--json")[1])) == 3


def test_keep_take_both_and_not_same(chapter: str, capsys: pytest.CaptureFixture[str]) -> None:
    [conflict] = json.loads(run(capsys, "--db", chapter, "review", "conflicts", "--json")[1])
    code, out, _ = run(capsys, "--db", chapter, "review", "take", str(conflict["id"]))
    assert code == 0 and out.startswith("Took the incoming pronouns of Bo Chen")
    people = json.loads(run(capsys, "--db", chapter, "people", "list", "--json")[1])
    assert next(p for p in people if p["given_name"] == "Bo")["gender_pronouns"] == "they"
    pair = _pair(chapter, capsys)
    assert run(capsys, "--db", chapter, "review", "not-same", str(pair["id"]))[0] == 0
    assert json.loads(run(capsys, "--db", chapter, "review", "duplicates", "--json")[1]) == []


@pytest.mark.parametrize("args", [
    ("keep", "99"), ("take", "99"), ("both", "99"), ("not-same", "99"), ("undo-merge", "99"),
    ("merge", "00000000-0000-7000-8000-000000000000", "00000000-0000-7000-8000-000000000001", "--yes"),
    ("keep", "abc"), ("merge", "x", "x", "--yes"),
])
def test_unknown_ids_are_one_error_line_and_exit_2(chapter: str, capsys: pytest.CaptureFixture[str],
                                                   args: tuple[str, ...]) -> None:
    code, out, err = run(capsys, "--db", chapter, "review", *args)
    assert code == 2 and out == "" and err.startswith("error:") and len(err.splitlines()) == 1


def test_a_person_merged_with_themself_is_refused(chapter: str, capsys: pytest.CaptureFixture[str]) -> None:
    pair = _pair(chapter, capsys)
    code, _out, err = run(capsys, "--db", chapter, "review", "merge", pair["person_uuid"], pair["person_uuid"], "--yes")
    assert code == 2 and "themself" in err


def test_every_review_option_has_help() -> None:
    parser = build_parser()
    review = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices["review"]
    commands = next(a for a in review._actions if isinstance(a, argparse._SubParsersAction)).choices
    assert {"conflicts", "duplicates", "merge", "keep", "take", "both", "not-same", "merges", "undo-merge"} <= set(
        commands)
    for command in commands.values():
        for action in command._actions:
            assert action.help, f"{command.prog} {action.dest} has no help"
