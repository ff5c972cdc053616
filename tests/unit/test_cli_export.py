"""`people export`: which people and fields, and the refusals (existing file, database, read-only folder)."""

from __future__ import annotations

import csv
import errno
import json
import os
from pathlib import Path

import pytest

from organizer.cli.main import main
from organizer.services.container import open_chapter
from organizer.services.people_export import DO_NOT_CONTACT, ExportPreset, ExportRequest
from organizer.services.person_input import PersonInput


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture
def chapter(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, list[str]]:
    """A chapter with three people, two of them with the same name; returns it and their uuids."""
    db = tmp_path / "chapter.db"
    assert run(capsys, "--db", str(db), "init", "--chapter", "Riverside")[0] == 0
    services = open_chapter(db)
    try:
        people = [PersonInput(given_name="Ana", family_name="Silva", emails=["ana@example.org"], tags=["Teacher"]),
                  PersonInput(given_name="Ana", family_name="Silva", phones=["919-555-0100"], flags=["do_not_call"]),
                  PersonInput(given_name="Bo", family_name="Chen", custom_fields={"Employer": "Acme"})]
        uuids = [services.people.add(p).uuid for p in people]
    finally:
        services.close()
    return db, uuids


def test_everyone_and_every_field_by_default(chapter: tuple[Path, list[str]], tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    db, uuids = chapter
    out_file = tmp_path / "people.csv"
    code, out, err = run(capsys, "--db", str(db), "people", "export", str(out_file), "--json")
    assert code == 0 and err == ""
    assert json.loads(out)["people"] == 3
    found = rows(out_file)
    assert sorted(r["Chapter Organizer id"] for r in found) == sorted(uuids)
    assert [r["First Name"] for r in found] == ["Bo", "Ana", "Ana"]  # name order: Chen before Silva
    assert {"Do not call", "Deceased", "Moved", "Email status", "Phone type", "Volunteer status", "Employer",
            "Precinct", "Birthdate"} <= set(found[0])
    assert "Created" not in " ".join(found[0]) and "Modified" not in " ".join(found[0])
    assert [r["Do not call"] for r in found] == ["", "", "yes"]


def test_search_tag_and_selected_uuids(chapter: tuple[Path, list[str]], tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    db, uuids = chapter
    for options, expected in ((["--search", "chen"], {uuids[2]}), (["--tag", "teacher"], {uuids[0]}),
                              (["--uuid", uuids[1], "--uuid", uuids[2].upper()], {uuids[1], uuids[2]}),
                              (["--search", "silva", "--uuid", uuids[2]], set())):
        out_file = tmp_path / "p.csv"
        code, out, err = run(capsys, "--db", str(db), "people", "export", str(out_file), "--force", *options)
        assert code == 0, err
        assert {r["Chapter Organizer id"] for r in rows(out_file)} == expected, options
        assert out.startswith(f"Exported {len(expected)} people to")


def test_fields_choose_the_columns(chapter: tuple[Path, list[str]], tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    db, _uuids = chapter
    out_file = tmp_path / "p.csv"
    code, _out, err = run(capsys, "--db", str(db), "people", "export", str(out_file), "--fields",
                          "family_name, given_name,emails")
    assert code == 0, err
    assert list(rows(out_file)[0]) == ["First Name", "Last Name", "Email", "Email status"]
    code, _out, err = run(capsys, "--db", str(db), "people", "export", str(out_file), "--force", "--fields",
                          "given_name,shoe_size")
    assert code == 2 and "'shoe_size'" in err and "custom_fields" in err and err.count("\n") == 1


def test_an_unknown_uuid_is_refused(chapter: tuple[Path, list[str]], tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    db, _uuids = chapter
    out_file = tmp_path / "p.csv"
    code, _out, err = run(capsys, "--db", str(db), "people", "export", str(out_file), "--uuid", "nobody")
    assert code == 2 and err.startswith("error: No person") and err.count("\n") == 1
    assert not out_file.exists()


def test_never_a_database_and_never_an_existing_file_without_force(chapter: tuple[Path, list[str]], tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    db, _uuids = chapter
    before = db.read_bytes()
    other_db = tmp_path / "other.csv"
    other_db.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    for target in (db, other_db, Path(f"{db}-wal")):
        code, _out, err = run(capsys, "--db", str(db), "people", "export", str(target), "--force")
        assert code == 2 and "database" in err and err.count("\n") == 1, err
    assert db.read_bytes() == before
    existing = tmp_path / "people.xlsx"
    existing.write_bytes(b"mine")
    code, _out, err = run(capsys, "--db", str(db), "people", "export", str(existing))
    assert code == 2 and "--force" in err and existing.read_bytes() == b"mine"
    assert run(capsys, "--db", str(db), "people", "export", str(existing), "--force")[0] == 0
    assert existing.read_bytes().startswith(b"PK")


def test_a_read_only_folder_is_one_line(chapter: tuple[Path, list[str]], tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    db, _uuids = chapter
    folder = tmp_path / "locked"
    folder.mkdir()
    real_open = os.open

    def read_only(path: object, flags: int, *args: object) -> int:
        if str(path).startswith(str(folder)):
            raise OSError(errno.EROFS, "Read-only file system")
        return real_open(path, flags, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", read_only)
    code, out, err = run(capsys, "--db", str(db), "people", "export", str(folder / "people.xlsx"))
    assert code == 2 and out == "" and "read-only" in err and err.count("\n") == 1
    assert "Traceback" not in err and list(folder.iterdir()) == []


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_folder_without_write_permission_is_one_line(chapter: tuple[Path, list[str]], tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    db, _uuids = chapter
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        code, _out, err = run(capsys, "--db", str(db), "people", "export", str(folder / "people.csv"))
        assert code == 2 and "permission denied" in err and err.count("\n") == 1
    finally:
        folder.chmod(0o755)


def test_a_preset_leaves_out_do_not_contact_people_unless_asked(chapter: tuple[Path, list[str]],
                                                                 tmp_path: Path) -> None:
    db, uuids = chapter
    services = open_chapter(db)
    outreach = ExportPreset("outreach", leaves_out=DO_NOT_CONTACT)
    try:
        plain = services.exports.people(ExportRequest(tmp_path / "all.csv"))
        left_out = services.exports.people(ExportRequest(tmp_path / "o.csv", preset=outreach))
        asked = services.exports.people(ExportRequest(tmp_path / "a.csv", preset=outreach,
                                                      include_do_not_contact=True))
    finally:
        services.close()
    assert (plain.people, left_out.people, asked.people) == (3, 2, 3)
    assert uuids[1] not in {r["Chapter Organizer id"] for r in rows(tmp_path / "o.csv")}


@pytest.mark.parametrize("args", [
    ("people", "export", "OUT", "--tag", ""), ("people", "export", "OUT", "--fields", " "),
    ("people", "export", "OUT", "--search", ""), ("export", "people", "OUT", "--tag", ""),
    ("export", "people", "OUT", "--format", "actionnetwork", "--tag", ""), ("export", "share", "OUT.xlsx", "--tag", ""),
])
def test_an_empty_filter_is_refused_rather_than_exporting_everyone(
        chapter: tuple[Path, list[str]], tmp_path: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...]) -> None:
    db, _uuids = chapter
    out = tmp_path / "out.csv"
    with pytest.raises(SystemExit) as refused:  # argparse's own exit
        main(["--db", str(db), *[str(out) if a == "OUT" else a for a in args]])
    err = capsys.readouterr().err
    assert (refused.value.code, err.count("\n")) == (2, 1) and "is empty, which would choose everyone" in err
    assert not out.exists() and not (tmp_path / "OUT.xlsx").exists()
    assert run(capsys, "--db", str(db), "people", "export", str(out))[0] == 0 and len(rows(out)) == 3
