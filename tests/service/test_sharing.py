"""Share workbooks between chapters: every table and column travels, re-imports change nothing, conflicts
and deletions go to review, undo puts everything back, hostile files are refused whole."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from organizer.errors import UserError
from organizer.services.container import Services
from organizer.services.person_input import PersonInput
from organizer.services.sharing.options import ShareChoice, ShareRequest
from organizer.services.sharing.schema import shared_tables
from organizer.storage.models import MergeConflict, Person, PersonAlias
from tests.service.share_helpers import add_voter, fill_every_table, other_chapter, stored


def _share(services: Services, path: Path, **choice: object) -> Path:
    services.sharing.export(ShareRequest(path, ShareChoice(**choice)))  # type: ignore[arg-type]
    return path


def test_every_shared_table_and_every_column_travels(services: Services, tmp_path: Path) -> None:
    fill_every_table(services)
    path = _share(services, tmp_path / "all.xlsx")
    other = other_chapter(tmp_path)
    add_voter(other)
    try:
        outcome = other.sharing.import_share(path)
        assert outcome.result.rejected == 0 and not outcome.missing
        for table in shared_tables():
            mine, theirs = stored(services, table.name), stored(other, table.name)
            assert mine and mine == theirs, table.name  # a column added later and not carried fails here
    finally:
        other.close()


def test_round_trip_gives_the_same_sheets_and_a_reimport_changes_nothing(services: Services, tmp_path: Path) -> None:
    from python_calamine import CalamineWorkbook

    fill_every_table(services)
    first = _share(services, tmp_path / "a.xlsx")
    other = other_chapter(tmp_path)
    add_voter(other)
    try:
        other.sharing.import_share(first)
        again = other.sharing.import_share(first)
        assert again.result.created == again.result.updated == 0
        assert again.result.unchanged == again.result.rows
        second = _share(other, tmp_path / "b.xlsx")
    finally:
        other.close()
    a, b = CalamineWorkbook.from_path(str(first)), CalamineWorkbook.from_path(str(second))
    assert a.sheet_names == b.sheet_names
    for name in a.sheet_names[1:]:
        assert a.get_sheet_by_name(name).to_python() == b.get_sheet_by_name(name).to_python(), name


def test_people_match_by_the_rules_and_couples_stay_two(services: Services, tmp_path: Path) -> None:
    services.people.add(PersonInput(given_name="Ana", family_name="Silva", emails=["home@example.org"]))
    services.people.add(PersonInput(given_name="Leo", family_name="Silva", emails=["home@example.org"]))
    path = _share(services, tmp_path / "couple.xlsx")
    other = other_chapter(tmp_path)
    try:
        kept = other.people.add(PersonInput(given_name="Ana", family_name="Silva", emails=["home@example.org"]))
        outcome = other.sharing.import_share(path)
        assert outcome.sections["people"]["created"] == 1  # Leo; Ana is the Ana this chapter had
        with other.db.read() as session:
            assert session.scalar(select(func.count()).select_from(Person)) == 2
            assert session.scalar(select(func.count()).select_from(PersonAlias)
                                  .where(PersonAlias.person_id == kept.id)) == 1
    finally:
        other.close()


def test_both_sides_changing_a_field_is_a_conflict_for_review(services: Services, tmp_path: Path) -> None:
    ana = services.people.add(PersonInput(given_name="Ana", family_name="Silva", emails=["ana@example.org"]))
    path = _share(services, tmp_path / "one.xlsx")
    other = other_chapter(tmp_path)
    try:
        other.sharing.import_share(path)
        theirs = next(iter(other.people.iter_all()))
        other.people.update(theirs.id, PersonInput(given_name="Anita", family_name="Silva",
                                                   emails=["ana@example.org"]))
        services.people.update(ana.id, PersonInput(given_name="Ana Maria", family_name="Silva",
                                                   emails=["ana@example.org"]))
        with services.db.write() as session:  # changed there after it was changed here
            session.execute(update(Person).values(modified_at=datetime.now(UTC) + timedelta(minutes=1)))
        later = _share(services, tmp_path / "two.xlsx")
        outcome = other.sharing.import_share(later)
        assert outcome.result.conflicts == 1
        assert next(iter(other.people.iter_all())).given_name == "Anita"  # never overwritten silently
        with other.db.read() as session:
            assert session.scalar(select(MergeConflict.incoming_value)) == "Ana Maria"
        assert other.sharing.import_share(later).result.conflicts == 0  # recorded once
    finally:
        other.close()


def test_an_older_copy_that_differs_is_for_review_unless_this_chapter_had_it_already(services: Services,
                                                                                      tmp_path: Path) -> None:
    services.people.add(PersonInput(given_name="Zoë", family_name="Núñez", emails=["zoe@example.org"],
                                    notes="theirs"))
    old_file = _share(services, tmp_path / "old.xlsx")
    other = other_chapter(tmp_path)
    try:  # the receiver's own Zoe, keyed after the file was written: the file's copy is the older one
        other.people.add(PersonInput(given_name="Zoe", family_name="Nunez", emails=["ZOE@example.org"], notes="mine"))
        outcome = other.sharing.import_share(old_file)
        assert outcome.result.conflicts == 3  # both names and the notes: never dropped without a trace
        assert next(iter(other.people.iter_all())).notes == "mine"
    finally:
        other.close()
    third = other_chapter(tmp_path, "Third Chapter")
    try:  # a copy this chapter already had, changed here since: only this chapter changed it, nothing to review
        third.sharing.import_share(old_file)
        zoe = next(iter(third.people.iter_all()))
        third.people.update(zoe.id, PersonInput(given_name="Zoë", family_name="Núñez", emails=["zoe@example.org"],
                                                notes="edited here"))
        again = third.sharing.import_share(_share(services, tmp_path / "again.xlsx"))
        assert again.result.conflicts == 0 and next(iter(third.people.iter_all())).notes == "edited here"
    finally:
        third.close()


def test_a_deletion_is_offered_never_made_and_undo_takes_the_import_back(services: Services, tmp_path: Path) -> None:
    ana = services.people.add(PersonInput(given_name="Ana", family_name="Silva", emails=["ana@example.org"]))
    path = _share(services, tmp_path / "one.xlsx")
    other = other_chapter(tmp_path)
    try:
        other.sharing.import_share(path)
        services.people.delete([ana.id])
        services.people.add(PersonInput(given_name="Bo", family_name="Li"))
        outcome = other.sharing.import_share(_share(services, tmp_path / "two.xlsx"))
        assert outcome.sections["deletions"]["offered"] == 1
        offers = other.sharing.offered_deletions()
        assert [o.what for o in offers] == ["Person: Ana Silva"] and other.people.count() == 2
        undone = other.imports.undo(outcome.result.batch or 0, force=True)
        assert undone.removed == 1, undone
        assert other.people.count() == 1 and other.sharing.offered_deletions() == []
        other.sharing.import_share(tmp_path / "two.xlsx")
        other.sharing.resolve_deletion(other.sharing.offered_deletions()[0].id, delete=True)
        assert [p.given_name for p in list(other.people.iter_all())] == ["Bo"]
    finally:
        other.close()


def test_hostile_files_are_refused_whole(services: Services, tmp_path: Path) -> None:
    from openpyxl import Workbook

    services.people.add(PersonInput(given_name="=cmd|' /C calc'!A0", family_name="Silva"))
    path = _share(services, tmp_path / "own.xlsx")
    with pytest.raises(UserError, match="this chapter itself"):
        services.sharing.import_share(path)
    book = Workbook()
    about = book.active
    about.title = "About"
    for row in (("key", "value"), ("format", "Chapter Organizer share"), ("version", 99)):
        about.append(row)
    book.save(tmp_path / "newer.xlsx")
    other = other_chapter(tmp_path)
    try:
        with pytest.raises(UserError, match="newer version"):
            other.sharing.import_share(tmp_path / "newer.xlsx")
        people = book.create_sheet("people")
        people.append(["uuid", "given_name"])
        people.append(["not-a-uuid", "Ana"])
        signatures = book.create_sheet("email_addresses")
        signatures.append(["uuid", "person_uuid", "address"])
        signatures.append(["01a24ca9-a6c5-7750-857c-ee36fe8f3c6f", "01a24ca9-a6c5-7750-857c-ee36fe8f3c60", "x@y.org"])
        about["B3"] = 1
        book.save(tmp_path / "broken.xlsx")
        outcome = other.sharing.import_share(tmp_path / "broken.xlsx")
        assert outcome.result.rejected == 2 and other.people.count() == 0
        assert "petitions" in outcome.missing
        other.sharing.import_share(path)
        assert next(iter(other.people.iter_all())).given_name == "=cmd|' /C calc'!A0"
    finally:
        other.close()


def test_an_unknown_code_or_an_empty_time_rejects_its_row_only(services: Services, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    services.people.add(PersonInput(given_name="Ana", family_name="Silva", emails=["ana@example.org"]))
    services.people.add(PersonInput(given_name="Bo", family_name="Li", emails=["bo@example.org"]))
    book = load_workbook(_share(services, tmp_path / "a.xlsx"))
    emails, people = book["email_addresses"], book["people"]
    emails.cell(2, [c.value for c in emails[1]].index("status") + 1).value = "weird"
    people.cell(3, [c.value for c in people[1]].index("modified_at") + 1).value = None
    book.save(tmp_path / "edited.xlsx")
    other = other_chapter(tmp_path)
    try:
        outcome = other.sharing.import_share(tmp_path / "edited.xlsx")
        reasons = [issue.reason for issue in outcome.result.errors]
        assert any("'weird' is not one of: subscribed" in r for r in reasons), reasons
        assert any("modified_at is needed and empty" in r for r in reasons), reasons
        assert other.people.count() == 1
    finally:
        other.close()


def test_a_password_protected_share_opens_with_its_password_only(services: Services, tmp_path: Path) -> None:
    services.people.add(PersonInput(given_name="Ana", family_name="Silva"))
    path = tmp_path / "locked.xlsx"
    services.sharing.export(ShareRequest(path, password="s3cret"))
    assert path.read_bytes()[:4] == b"\xd0\xcf\x11\xe0"  # an Office encrypted container
    other = other_chapter(tmp_path)
    try:
        with pytest.raises(UserError):
            other.sharing.import_share(path, password="wrong")
        assert other.sharing.import_share(path, password="s3cret").result.created >= 1
    finally:
        other.close()


def test_choices_never_share_more_than_chosen(services: Services, tmp_path: Path) -> None:
    from python_calamine import CalamineWorkbook

    services.people.add(PersonInput(given_name="Ana", family_name="Silva", emails=["a@example.org"],
                                    tags=["Teacher"], notes="private"))
    services.people.add(PersonInput(given_name="Bo", family_name="Li", emails=["b@example.org"]))
    path = _share(services, tmp_path / "few.xlsx", tags=("teacher",), no_contact_details=True, no_notes=True)
    book = CalamineWorkbook.from_path(str(path))
    assert "email_addresses" not in book.sheet_names
    people = book.get_sheet_by_name("people").to_python()
    assert len(people) == 2 and "private" not in repr(people) and "Bo" not in repr(people)
    summary = tmp_path / "summary.xlsx"
    services.sharing.export(ShareRequest(summary, summary_only=True))
    assert "Silva" not in repr([CalamineWorkbook.from_path(str(summary)).get_sheet_by_name(n).to_python()
                                for n in ("Counts", "Petitions", "Events")])


def test_only_some_people_shared_means_only_their_records(services: Services, tmp_path: Path) -> None:
    """Prospects, signatures and contact attempts about someone not chosen (or about nobody in People) stay home."""
    from python_calamine import CalamineWorkbook

    fill_every_table(services)  # its prospect, signature and contact attempt are about its one person
    services.people.add(PersonInput(given_name="Ana", family_name="Silva", tags=["Teacher"]))
    everyone = CalamineWorkbook.from_path(str(_share(services, tmp_path / "all.xlsx")))
    few = CalamineWorkbook.from_path(str(_share(services, tmp_path / "few.xlsx", tags=("teacher",))))
    for name in ("prospects", "prospect_stage_changes", "signatures", "contact_attempts", "volunteers"):
        assert len(everyone.get_sheet_by_name(name).to_python()) == 2, name
        assert few.get_sheet_by_name(name).to_python()[1:] == [], name
    people = few.get_sheet_by_name("people").to_python()
    assert [row[people[0].index("given_name")] for row in people[1:]] == ["Ana"]


def test_every_shareable_model_has_a_sheet_and_every_column_a_header() -> None:
    from organizer.services.sharing.schema import CHAPTER_OWN, DERIVED, LOCAL, PROVENANCE, UNMATCHED_VOTER_ID
    from organizer.storage.models.base import Base, Shareable

    models = {m.class_.__tablename__: m.class_ for m in Base.registry.mappers if issubclass(m.class_, Shareable)}
    sheets = {t.name: t for t in shared_tables() if not t.is_link}
    assert set(models) == set(sheets)
    for name, model in models.items():
        left_out = (LOCAL | PROVENANCE | DERIVED.get(name, frozenset()) | CHAPTER_OWN.get(name, frozenset())
                    | {UNMATCHED_VOTER_ID})  # it fills the voter_id cell (tests/service/test_share_voter_ids.py)
        carried = {c.name for c in sheets[name].columns}
        assert carried == {c.name for c in model.__table__.columns} - left_out, name


def test_a_person_history_names_the_chapter_they_came_from(services: Services, tmp_path: Path) -> None:
    from organizer.services.person_history import person_history

    services.people.add(PersonInput(given_name="Ana", family_name="Silva"))
    path = _share(services, tmp_path / "one.xlsx")
    other = other_chapter(tmp_path)
    try:
        other.sharing.import_share(path)
        pid = next(iter(other.people.iter_all())).id
        with other.db.read() as session:
            titles = [e.title for e in person_history(session, pid)]
        assert "Arrived from Test Chapter" in titles
    finally:
        other.close()


def test_an_attendance_both_chapters_recorded_is_one(services: Services, tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from organizer.storage.models import Attendance, Event

    with services.db.write() as session:
        session.add(Event(title="Meeting", starts_at=datetime(2027, 3, 9, 19, tzinfo=UTC)))
    first = _share(services, tmp_path / "event.xlsx")
    other = other_chapter(tmp_path)
    try:
        other.sharing.import_share(first)
        for chapter in (services, other):  # the same human, entered in each chapter, at the same meeting
            person = chapter.people.add(PersonInput(given_name="Ana", family_name="Silva", emails=["a@example.org"]))
            with chapter.db.write() as session:
                event_id = session.scalar(select(Event.id))
                session.add(Attendance(event_id=event_id, person_id=person.id, status="registered"))
        outcome = other.sharing.import_share(_share(services, tmp_path / "again.xlsx"))
        assert outcome.sections["attendances"]["created"] == 0 and outcome.result.rejected == 0
        with other.db.read() as session:
            assert session.scalar(select(func.count()).select_from(Attendance)) == 1
    finally:
        other.close()


def test_a_file_with_a_cell_longer_than_a_spreadsheet_holds_is_refused_whole(services: Services,
                                                                            tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    about = book.active
    about.title = "About"
    for row in (("key", "value"), ("format", "Chapter Organizer share"), ("version", 1)):
        about.append(row)
    people = book.create_sheet("people")
    people.append(["uuid", "given_name", "notes"])
    people.append(["01a24ca9-a6c5-7750-857c-ee36fe8f3c61", "Bo", "fine"])
    people.append(["01a24ca9-a6c5-7750-857c-ee36fe8f3c6f", "Ana", "x" * 100_000])
    book.save(tmp_path / "huge.xlsx")
    with pytest.raises(UserError, match="Nothing was imported"):
        services.sharing.import_share(tmp_path / "huge.xlsx")
    assert services.people.count() == 0


def test_what_this_chapter_deleted_stays_deleted_when_a_share_file_still_holds_it(services: Services,
                                                                                  tmp_path: Path) -> None:
    ana = services.people.add(PersonInput(given_name="Ana", family_name="Silva", emails=["ana@example.org"]))
    services.people.add(PersonInput(given_name="Bo", family_name="Li", emails=["bo@example.org"]))
    first = _share(services, tmp_path / "one.xlsx")
    other = other_chapter(tmp_path)
    try:
        other.sharing.import_share(first)
        here = next(p for p in other.people.iter_all() if p.given_name == "Ana")
        other.people.delete([here.id])  # she asked this chapter to forget her
        # The source chapter still has her, and has since given her a phone: a record of hers this chapter never had.
        services.people.update(ana.id, PersonInput(given_name="Ana", family_name="Silva", emails=["ana@example.org"],
                                                   phones=["919 555 0101"]))
        outcome = other.sharing.import_share(_share(services, tmp_path / "two.xlsx"))
        assert [p.given_name for p in other.people.iter_all()] == ["Bo"]
        assert outcome.result.rejected == 0 and outcome.result.created == 0
        assert outcome.result.notices == ("Left out, so that what was deleted here stays deleted: people: 1 this "
                                          "chapter deleted; email addresses: 1 belonging to records this chapter "
                                          "deleted; phone numbers: 1 belonging to records this chapter deleted.",)
        # An import of a share file, undone, leaves nothing deleted: the same file brings everyone again.
        third = other_chapter(tmp_path, "Third Chapter")
        try:
            done = third.sharing.import_share(first)
            third.imports.undo(done.result.batch or 0, force=True)
            assert third.sharing.import_share(first).result.notices == ()
            assert sorted(p.given_name for p in third.people.iter_all()) == ["Ana", "Bo"]
        finally:
            third.close()
    finally:
        other.close()


def test_an_email_or_phone_row_without_its_value_is_rejected_and_an_unreadable_one_told(services: Services,
                                                                                        tmp_path: Path) -> None:
    from openpyxl import load_workbook

    services.people.add(PersonInput(given_name="Ana", family_name="Silva", emails=["ana@example.org"],
                                    phones=["919 555 0101"]))
    services.people.add(PersonInput(given_name="Bo", family_name="Li", emails=["bo@example.org"]))
    path = _share(services, tmp_path / "one.xlsx")
    book = load_workbook(path)
    emails, phones = book["email_addresses"], book["phone_numbers"]
    column = [c.value for c in emails[1]].index("address") + 1
    emails.cell(2, column).value = '=HYPERLINK("mailto:ana@example.org")'  # no result saved: read as empty
    phones.cell(2, [c.value for c in phones[1]].index("number") + 1).value = "call me after 5"
    book.save(path)
    other = other_chapter(tmp_path)
    try:
        outcome = other.sharing.import_share(path)
        assert outcome.result.notices == ("1 cell holds a formula whose result was never saved (the first in sheet "
                                          f"email_addresses, cell {emails.cell(2, column).coordinate}), read as "
                                          "empty: open the file in Excel or LibreOffice, save it, and import it "
                                          "again to keep those values.",)
        assert outcome.sections["email_addresses"] == {"rows": 2, "created": 1, "updated": 0, "unchanged": 0,
                                                       "rejected": 1}
        assert [(r.row, r.column) for r in outcome.result.errors] == [(2, "email_addresses: address")]
        assert [(w.row, w.value) for w in outcome.result.warnings] == [(2, "call me after 5")]
        record = {p.given_name: p for p in other.people.iter_all()}
        assert list(record["Ana"].emails) == [] and list(record["Bo"].emails) == ["bo@example.org"]
        assert list(record["Ana"].phones) == ["call me after 5"]
    finally:
        other.close()


def test_a_share_file_text_is_checked_as_any_import_is(services: Services, tmp_path: Path) -> None:
    """Control characters are removed with a warning; a value too long for its column rejects its row, and the
    records that belong to it follow it into the rejected rows."""
    from openpyxl import load_workbook

    services.people.add(PersonInput(given_name="Ana", family_name="Silva", emails=["ana@example.org"]))
    services.people.add(PersonInput(given_name="Bo", family_name="Li", custom_fields={"Employer": "Retired"}))
    path = _share(services, tmp_path / "one.xlsx")
    book = load_workbook(path)
    people = book["people"]
    header = [c.value for c in people[1]]
    rows = {people.cell(r, header.index("given_name") + 1).value: r for r in range(2, people.max_row + 1)}
    people.cell(rows["Ana"], header.index("given_name") + 1).value = "A" * 201
    people.cell(rows["Bo"], header.index("family_name") + 1).value = "L_x0000_i"  # a NUL, as Excel escapes it
    people.cell(rows["Bo"], header.index("custom_fields") + 1).value = '{"Employer": "Ret\\u0000ired"}'
    book.save(path)
    other = other_chapter(tmp_path)
    try:
        outcome = other.sharing.import_share(path)
        errors = [(e.column, e.reason.split(":")[0]) for e in outcome.result.errors]
        assert errors == [("people: given_name", "longer than the 200 characters this column holds"),
                          ("email_addresses: person_uuid", "belongs to a record rejected above (see its row)")]
        assert sorted(w.column for w in outcome.result.warnings) == ["people: custom_fields", "people: family_name"]
        [bo] = list(other.people.iter_all())
        assert (bo.family_name, bo.custom_fields) == ("Li", {"Employer": "Retired"})
    finally:
        other.close()
