"""`people show`, `edit`, `delete`, `tag`, `untag` and `list --tag`: shapes, exit codes, --db after the command."""

from __future__ import annotations

import io
import json
import sqlite3
from pathlib import Path

import pytest

from organizer.cli import main
from organizer.cli.main import build_parser

UNKNOWN = "00000000-0000-0000-0000-000000000000"


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
    assert run(capsys, "--db", path, "init", "--chapter", "Riverside", "--region", "US")[0] == 0
    return path


def add(capsys: pytest.CaptureFixture[str], db: str, *args: str) -> str:
    code, out, err = run(capsys, "people", "add", *args, "--db", db)
    assert code == 0, err
    return out.strip()


def show(capsys: pytest.CaptureFixture[str], db: str, uuid: str) -> dict[str, object]:
    code, out, err = run(capsys, "people", "show", uuid, "--json", "--db", db)
    assert code == 0, err
    data = json.loads(out)
    assert isinstance(data, dict)
    return data


def test_show_prints_every_field_as_json_and_as_text(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    uuid = add(capsys, db, "--given", "Ana", "--family", "Silva", "--email", "ana@example.org",
               "--phone", "(919) 555-0101 ext. 12", "--zip", "27601", "--tag", "Teacher", "--notes", "Met at the fair")
    data = show(capsys, db, uuid)
    assert data["uuid"] == uuid and (data["given_name"], data["family_name"]) == ("Ana", "Silva")
    assert data["emails"] == [{"address": "ana@example.org", "primary": True, "status": "subscribed"}]
    [phone] = data["phones"]  # type: ignore[misc]
    assert (phone["number"], phone["extension"], phone["type"], phone["display"]) == (
        "+19195550101", "12", "other", "(919) 555-0101 ext. 12")
    assert data["addresses"][0]["postal_code"] == "27601"  # type: ignore[index]
    assert data["tags"] == ["Teacher"] and data["custom_fields"] == {}
    assert data["do_not_contact"] == {"walk": False, "call": False, "text": False, "email": False}
    assert (data["deceased"], data["moved"], data["volunteer"]) == (False, False, None)
    assert {"honorific_prefix", "honorific_suffix", "history", "notes", "kept_as_typed"} <= set(data)
    code, out, _ = run(capsys, "people", "show", uuid, "--db", db)
    assert code == 0
    assert out.splitlines()[0] == "Ana Silva"
    for section in ("Emails:", "Phones:", "Contact wishes:", "Custom fields:", "Volunteer:", "History:"):
        assert section in out.splitlines()
    assert "(919) 555-0101 ext. 12  (other, primary)" in out


@pytest.mark.parametrize("command", [
    ("show", UNKNOWN), ("show", "not-a-uuid"), ("edit", UNKNOWN, "--given", "X"), ("delete", UNKNOWN, "--yes"),
    ("tag", UNKNOWN, "Teacher"), ("untag", "nope", "Teacher"), ("show", ""),
])
def test_an_unknown_uuid_is_one_error_line_and_exit_2(db: str, capsys: pytest.CaptureFixture[str],
                                                      command: tuple[str, ...]) -> None:
    add(capsys, db, "--given", "Ana")
    code, out, err = run(capsys, "people", *command, "--db", db)
    assert code == 2 and out == ""
    assert err.startswith("error:") and err.count("\n") == 1 and "Traceback" not in err


def test_edit_replaces_only_the_fields_given(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    uuid = add(capsys, db, "--given", "Ana", "--family", "Silva", "--email", "ana@example.org",
               "--phone", "919 555 0101", "--zip", "27601", "--tag", "Teacher", "--notes", "old")
    code, out, err = run(capsys, "people", "edit", uuid, "--family", "Silva-Reyes", "--notes", "new", "--db", db)
    assert code == 0, err
    assert uuid in out
    data = show(capsys, db, uuid)
    assert (data["given_name"], data["family_name"], data["notes"]) == ("Ana", "Silva-Reyes", "new")
    assert [e["address"] for e in data["emails"]] == ["ana@example.org"]  # type: ignore[attr-defined]
    assert data["tags"] == ["Teacher"] and data["addresses"][0]["postal_code"] == "27601"  # type: ignore[index]
    code, out, _ = run(capsys, "people", "edit", uuid, "--email", "a@example.org", "--email", "b@example.org",
                       "--zip", "02134", "--json", "--db", db)
    assert code == 0
    row = json.loads(out)
    assert row["emails"] == ["a@example.org", "b@example.org"] and row["postal_code"] == "02134"
    assert row["phones"] == ["+19195550101"]
    code, _out, err = run(capsys, "people", "edit", uuid, "--phone", "555-12", "--db", db)
    assert code == 2 and err.startswith("error:") and "phones" in err
    assert show(capsys, db, uuid)["family_name"] == "Silva-Reyes"


def test_delete_asks_refuses_without_a_terminal_and_leaves_a_tombstone(
        db: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    uuid = add(capsys, db, "--given", "Ana", "--family", "Silva", "--email", "ana@example.org")
    other = add(capsys, db, "--given", "Ana", "--family", "Silva")  # the same name: only the uuid says who
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))  # not a terminal
    code, _out, err = run(capsys, "people", "delete", uuid, "--db", db)
    assert code == 2 and "--yes" in err and err.count("\n") == 1
    assert show(capsys, db, uuid)["uuid"] == uuid
    code, out, err = run(capsys, "people", "delete", uuid, "--yes", "--db", db)
    assert code == 0, err
    assert uuid in out
    code, _out, _err = run(capsys, "people", "show", uuid, "--db", db)
    assert code == 2
    assert show(capsys, db, other)["uuid"] == other
    con = sqlite3.connect(db)
    kinds = {k for (k,) in con.execute("SELECT kind FROM tombstones WHERE uuid = ?", (uuid,))}
    con.close()
    assert kinds == {"person"}


def test_delete_at_a_terminal_asks_first(db: str, capsys: pytest.CaptureFixture[str],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    uuid = add(capsys, db, "--given", "Ana")

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr("sys.stdout", Terminal())
    monkeypatch.setattr("sys.stdin", Terminal("n\n"))
    assert run(capsys, "people", "delete", uuid, "--db", db)[0] == 2
    monkeypatch.setattr("sys.stdin", Terminal("yes\n"))
    assert run(capsys, "people", "delete", uuid, "--db", db)[0] == 0
    monkeypatch.undo()
    assert run(capsys, "people", "show", uuid, "--db", db)[0] == 2


def test_tag_untag_and_list_by_tag(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    ana = add(capsys, db, "--given", "Ana", "--family", "Silva", "--tag", "Door knocker")
    other = add(capsys, db, "--given", "Ana", "--family", "Silva")
    code, out, err = run(capsys, "people", "tag", other, "door  KNOCKER", "--db", db)
    assert code == 0, err
    assert "Tagged" in out and "Door knocker" in out  # the one tag, as first named
    assert run(capsys, "people", "tag", other, "Door knocker", "--db", db)[1].startswith("Already tagged")
    code, out, _ = run(capsys, "people", "list", "--tag", "door knocker", "--json", "--db", db)
    assert sorted(p["uuid"] for p in json.loads(out)) == sorted([ana, other])
    code, out, _ = run(capsys, "people", "untag", ana, "Door Knocker", "--json", "--db", db)
    assert code == 0 and json.loads(out) == {"uuid": ana, "tag": "Door knocker", "changed": True, "tags": []}
    code, out, _ = run(capsys, "people", "list", "--tag", "Door knocker", "--json", "--db", db)
    assert [p["uuid"] for p in json.loads(out)] == [other]
    assert run(capsys, "people", "untag", ana, "Door knocker", "--db", db)[1].startswith("Was not tagged")
    code, out, _ = run(capsys, "people", "list", "--tag", "Nobody has this", "--db", db)
    assert code == 0 and out.splitlines() == ["Name\tEmail or phone\tUUID"]


def test_list_prints_a_header_line_in_text_form(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    uuid = add(capsys, db, "--given", "Ana", "--family", "Silva", "--email", "ana@example.org")
    code, out, _ = run(capsys, "--db", db, "people", "list")
    assert code == 0
    assert out.splitlines() == ["Name\tEmail or phone\tUUID", f"Ana Silva\tana@example.org\t{uuid}"]


def test_db_before_the_command_works_for_the_new_commands_too(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    uuid = add(capsys, db, "--given", "Ana")
    for args in (("people", "show", uuid), ("people", "tag", uuid, "X"), ("people", "edit", uuid, "--notes", "n"),
                 ("people", "untag", uuid, "X"), ("people", "delete", uuid, "--yes")):
        code, _out, err = run(capsys, "--db", db, *args)
        assert code == 0, (args, err)


def test_every_people_option_has_help_text() -> None:
    parser = build_parser()
    people = parser._subparsers._group_actions[0].choices["people"]  # type: ignore[union-attr]
    commands = people._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    for name in ("list", "show", "add", "edit", "delete", "tag", "untag"):
        for action in commands[name]._actions:
            assert action.help, f"people {name} {action.dest} has no help"
