"""A record from another chapter's share file that names a voter this chapter's roll lacks keeps the voter id,
so the next share file it goes into still carries it (the roll itself is never shared)."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy import select

from organizer.services.container import Services
from organizer.services.sharing.options import ShareRequest
from organizer.storage.models import ContactAttempt, Signature, Voter
from organizer.storage.models.base import new_uuid
from tests.service.share_helpers import VOTER_ID, fill_every_table, other_chapter


def _sheets(path: Path) -> dict[str, list[list[object]]]:
    book = load_workbook(path, read_only=True)
    return {name: [list(row) for row in book[name].iter_rows(values_only=True)] for name in book.sheetnames
            if name != "About"}


def _kept(services: Services) -> list[tuple[int | None, str]]:
    """Each signature's and contact attempt's voter (this chapter's row) and the voter id it kept."""
    with services.db.read() as session:
        return [(voter, kept) for model in (Signature, ContactAttempt)
                for voter, kept in session.execute(select(model.voter_row_id, model.unmatched_voter_id))]


def test_voter_ids_the_roll_lacks_travel_on_in_the_next_share_file(services: Services, tmp_path: Path) -> None:
    fill_every_table(services)
    first = tmp_path / "a.xlsx"
    services.sharing.export(ShareRequest(first))
    other = other_chapter(tmp_path)  # no voter roll
    try:
        outcome = other.sharing.import_share(first)
        assert any("voter roll" in w.reason for w in outcome.result.warnings)
        assert _kept(other) == [(None, VOTER_ID), (None, VOTER_ID)]
        again = other.sharing.import_share(first)
        assert again.result.created == again.result.updated == 0
        second = tmp_path / "b.xlsx"
        other.sharing.export(ShareRequest(second))
    finally:
        other.close()
    assert _sheets(first) == _sheets(second)


def test_a_voter_id_is_kept_when_the_records_are_read_one_by_one(services: Services, tmp_path: Path) -> None:
    fill_every_table(services)
    first = tmp_path / "a.xlsx"
    services.sharing.export(ShareRequest(first))
    book = load_workbook(first)
    sheet = book["signatures"]
    header = [cell.value for cell in sheet[1]]
    sheet.cell(row=2, column=header.index("sheet_uuid") + 1, value=new_uuid())  # a sheet neither side has
    changed = tmp_path / "changed.xlsx"
    book.save(changed)
    other = other_chapter(tmp_path)
    try:
        outcome = other.sharing.import_share(changed)
        assert outcome.result.rejected == 0
        assert _kept(other) == [(None, VOTER_ID), (None, VOTER_ID)]
        second = tmp_path / "b.xlsx"
        other.sharing.export(ShareRequest(second))
    finally:
        other.close()
    signatures = _sheets(second)["signatures"]
    assert signatures[1][signatures[0].index("voter_id")] == VOTER_ID


def test_a_kept_voter_id_is_linked_when_the_roll_arrives_and_unlinked_by_its_undo(services: Services,
                                                                                    tmp_path: Path) -> None:
    fill_every_table(services)
    first = tmp_path / "a.xlsx"
    services.sharing.export(ShareRequest(first))
    roll = tmp_path / "roll #1?.csv"
    roll.write_text("voter_reg_num,last_name,first_name,res_street_address,res_city_desc,zip_code\n"
                    f"{VOTER_ID},SILVA,ANA,12 MAIN ST,RALEIGH,27601\nNC999,CHEN,BO,4 OAK ST,RALEIGH,27601\n",
                    encoding="utf-8")
    other = other_chapter(tmp_path)  # no voter roll when the share file comes
    try:
        other.sharing.import_share(first)
        loaded = other.imports.run(roll, "voters")
        assert any("linked" in notice for notice in loaded.notices)
        with other.db.read() as session:
            voter = session.scalar(select(Voter.id).where(Voter.voter_id == VOTER_ID))
        assert voter is not None
        assert _kept(other) == [(voter, VOTER_ID), (voter, VOTER_ID)]
        linked = tmp_path / "linked.xlsx"
        other.sharing.export(ShareRequest(linked))
        again = other.imports.run(roll, "voters")
        assert not any("linked" in notice for notice in again.notices)  # linked once: nothing more to link
        other.imports.undo(again.batch or 0)
        assert _kept(other) == [(voter, VOTER_ID), (voter, VOTER_ID)]
        other.imports.undo(loaded.batch or 0)
        assert _kept(other) == [(None, VOTER_ID), (None, VOTER_ID)]
    finally:
        other.close()
    assert _sheets(linked) == _sheets(first)
