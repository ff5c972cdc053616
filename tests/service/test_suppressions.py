"""Suppression lists: exported with channel and reason only, applied on import, kept for people imported later,
undone whole; presets for national tools leave out people who must not be contacted."""

from __future__ import annotations

import csv
from pathlib import Path

from organizer.services.container import Services
from organizer.services.imports import ImportOptions
from organizer.services.person_input import PersonInput


def _csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    return path


def test_export_holds_only_what_must_not_be_contacted(services: Services, tmp_path: Path) -> None:
    services.people.add(PersonInput(given_name="Ana", family_name="Silva", emails=["ana@example.org"],
                                    flags=["do_not_email"], notes="secret"))
    services.people.add(PersonInput(given_name="Ana", family_name="Silva", emails=["other@example.org"]))
    out = tmp_path / "s.csv"
    assert services.sharing.export_suppressions(out) == 1
    text = out.read_text(encoding="utf-8-sig")
    assert "ana@example.org" in text and "other@example.org" not in text and "Silva" not in text
    assert text.splitlines()[0] == "email,phone,channel,reason"


def test_import_applies_now_and_to_people_imported_later_and_undoes(services: Services, tmp_path: Path) -> None:
    ana = services.people.add(PersonInput(given_name="Ana", family_name="Silva", emails=["ana@example.org"]))
    listed = _csv(tmp_path / "optouts.csv", [["email", "can2_subscription_status"], ["ana@example.org", "unsubscribed"],
                                             ["later@example.org", "unsubscribed"], ["nope", ""]])
    result = services.imports.run(listed, "suppressions", ImportOptions())
    assert (result.created, result.rejected, result.count("people_flagged")) == (2, 1, 1)
    assert "do_not_email" in services.people.get(ana.id).flags
    people = _csv(tmp_path / "people.csv", [["First", "Last", "Email"], ["Leo", "Li", "later@example.org"]])
    services.imports.run(people, "people", ImportOptions())
    leo = next(p for p in services.people.iter_all() if p.given_name == "Leo")
    assert "do_not_email" in services.people.get(leo.id).flags
    services.imports.undo(result.batch or 0, force=True)
    assert "do_not_email" not in services.people.get(ana.id).flags
    assert services.imports.run(listed, "suppressions", ImportOptions()).created == 2


def test_presets_write_digits_and_leave_out_opt_outs(services: Services, tmp_path: Path) -> None:
    services.people.add(PersonInput(given_name="Ana", family_name="Silva", emails=["ana@example.org"],
                                    phones=["(919) 555-0101"]))
    services.people.add(PersonInput(given_name="Bo", family_name="Li", emails=["bo@example.org"], flags=["do_not_email"]))
    out = tmp_path / "an.csv"
    assert services.sharing.export_preset(out, "actionnetwork") == 1
    rows = list(csv.reader(out.open(encoding="utf-8-sig")))
    assert rows[0][:5] == ["first_name", "last_name", "email", "zip_code", "can2_phone"]
    assert rows[1][4] == "19195550101" and "bo@example.org" not in out.read_text(encoding="utf-8-sig")


def test_presets_never_write_a_suppressed_email_or_phone(services: Services, tmp_path: Path) -> None:
    from sqlalchemy import update

    from organizer.storage.models import EmailAddress

    services.people.add(PersonInput(given_name="Cy", family_name="Ray", emails=["cy@example.org"],
                                    phones=["(919) 555-0102"], flags=["do_not_text"]))
    services.people.add(PersonInput(given_name="Di", family_name="Smith", emails=["smiths@example.org"],
                                    phones=["(919) 555-0103"]))
    ed = services.people.add(PersonInput(given_name="Ed", family_name="Smith", emails=["smiths@example.org"],
                                         flags=["do_not_call"]))
    with services.db.write() as session:  # Ed unsubscribed the address he shares with Di
        session.execute(update(EmailAddress).where(EmailAddress.person_id == ed.id).values(status="unsubscribed"))
    suppressed = tmp_path / "s.csv"
    services.sharing.export_suppressions(suppressed)
    listed = suppressed.read_text(encoding="utf-8-sig")
    assert "smiths@example.org" in listed and "19195550102" in listed
    out = tmp_path / "an.csv"
    assert services.sharing.export_preset(out, "actionnetwork") == 1
    rows = list(csv.reader(out.open(encoding="utf-8-sig")))
    assert [row[:5] for row in rows[1:]] == [["Cy", "Ray", "cy@example.org", "", ""]]


def test_national_tools_opt_out_columns_become_do_not_contact_flags(services: Services, tmp_path: Path) -> None:
    an = _csv(tmp_path / "an.csv", [["first_name", "last_name", "email", "can2_subscription_status"],
                                    ["Ana", "Silva", "ana@example.org", "unsubscribed"],
                                    ["Ana", "Silva", "ana2@example.org", "subscribed"]])
    nb = _csv(tmp_path / "nb.csv", [["first_name", "last_name", "email", "email_opt_in", "do_not_contact"],
                                    ["Bo", "Li", "bo@example.org", "FALSE", "FALSE"],
                                    ["Cy", "Ng", "cy@example.org", "TRUE", "TRUE"]])
    services.imports.run(an, "people", ImportOptions())
    services.imports.run(nb, "people", ImportOptions())
    flags = {p.emails[0]: set(p.flags) for p in services.people.iter_all()}
    assert flags["ana@example.org"] == {"do_not_email"} and flags["ana2@example.org"] == set()
    assert flags["bo@example.org"] == {"do_not_email"}
    assert {"do_not_call", "do_not_text", "do_not_email", "do_not_walk"} <= flags["cy@example.org"]


def test_national_tools_text_opt_outs_become_do_not_text(services: Services, tmp_path: Path) -> None:
    an = _csv(tmp_path / "an.csv", [["first_name", "last_name", "email", "can2_phone", "can2_sms_status"],
                                    ["Gus", "Hay", "gus@example.org", "6175550401", "unsubscribed"],
                                    ["Ida", "Hay", "ida@example.org", "6175550402", "subscribed"]])
    nb = _csv(tmp_path / "nb.csv", [["first_name", "last_name", "email", "mobile_number", "mobile_opt_in"],
                                    ["Jo", "Ek", "jo@example.org", "617-555-0301", "false"]])
    report = services.imports.run(an, "people", ImportOptions())
    assert report.mapping["can2_sms_status"] == "sms_subscription"
    services.imports.run(nb, "people", ImportOptions())
    flags = {p.emails[0]: set(p.flags) for p in services.people.iter_all()}
    assert flags == {"gus@example.org": {"do_not_text"}, "ida@example.org": set(), "jo@example.org": {"do_not_text"}}


def test_a_national_tools_export_as_a_suppression_list_leaves_out_the_subscribed_and_keeps_phones(
        services: Services, tmp_path: Path) -> None:
    people = _csv(tmp_path / "people.csv", [["first_name", "last_name", "email", "phone"],
                                            ["Ana", "Silva", "ana@example.org", "919-555-1111"],
                                            ["Bo", "Li", "bo@example.org", "919-555-2222"]])
    services.imports.run(people, "people", ImportOptions())
    an = _csv(tmp_path / "an.csv", [["first_name", "last_name", "email", "can2_phone", "can2_subscription_status"],
                                    ["Ana", "Silva", "ana@example.org", "919-555-1111", "unsubscribed"],
                                    ["Bo", "Li", "bo@example.org", "919-555-2222", "subscribed"]])
    report = services.imports.run(an, "suppressions", ImportOptions())
    assert (report.created, report.unchanged, report.rejected) == (1, 1, 0)
    assert any("still subscribed" in notice for notice in report.notices)
    flags = {p.emails[0]: set(p.flags) for p in services.people.iter_all()}
    assert flags == {"ana@example.org": {"do_not_email"}, "bo@example.org": set()}


def test_an_import_that_gives_someone_a_listed_email_or_phone_flags_them_and_undo_turns_it_off(
        services: Services, tmp_path: Path) -> None:
    first = _csv(tmp_path / "first.csv", [["First", "Last", "Address", "ZIP"], ["Kim", "Lee", "5 Oak Ave", "27601"]])
    services.imports.run(first, "people", ImportOptions())
    kim = next(p for p in services.people.iter_all() if p.given_name == "Kim")
    tess = services.people.add(PersonInput(given_name="Tess", family_name="Ray", emails=["tess@example.org"]))
    listed = _csv(tmp_path / "optouts.csv", [["email", "phone", "channel", "reason"],
                                             ["kim@example.org", "", "email", "unsubscribed"],
                                             ["", "9195553333", "text", "STOP"]])
    services.imports.run(listed, "suppressions", ImportOptions())
    people = _csv(tmp_path / "people.csv", [["First", "Last", "Address", "ZIP", "Email", "Mobile"],
                                            ["Kim", "Lee", "5 Oak Ave", "27601", "kim@example.org", "919-555-3333"],
                                            ["Tess", "Ray", "", "", "tess@example.org", ""]])
    result = services.imports.run(people, "people", ImportOptions())
    assert result.updated == 1 and result.unchanged == 1
    assert {"do_not_email", "do_not_text"} <= set(services.people.get(kim.id).flags)
    assert any("suppression list" in notice for notice in result.notices)
    assert not services.people.get(tess.id).flags  # nothing of hers was on the list
    services.imports.undo(result.batch or 0)  # the flags are the import's own: no "edited since"
    assert not services.people.get(kim.id).flags and not services.people.get(kim.id).emails


def test_undoing_an_import_whose_newcomer_a_list_on_file_flagged_needs_no_force(
        services: Services, tmp_path: Path) -> None:
    listed = _csv(tmp_path / "optouts.csv", [["email", "channel"], ["leo@example.org", "email"]])
    services.imports.run(listed, "suppressions", ImportOptions())
    people = _csv(tmp_path / "people.csv", [["First", "Last", "Email"], ["Leo", "Li", "leo@example.org"]])
    result = services.imports.run(people, "people", ImportOptions())
    assert result.created == 1
    services.imports.undo(result.batch or 0)
    assert list(services.people.iter_all()) == []
