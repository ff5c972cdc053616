"""A voter file without a voter id column: ids made from name and address, the same in every such file."""

from __future__ import annotations

from pathlib import Path

from organizer.services.container import Services
from organizer.services.voters import VoterQuery
from tests.service.importing_helpers import write_csv

ROWS = [["First_Name", "Last_Name", "Street_Number", "Street_Name", "Street_Type"],
        ["Ana", "Silva", "12", "North Main", "Street"], ["Leo", "Silva", "12", "North Main", "Street"],
        ["Ana", "Silva", "400", "Oak", "Ave"], ["", "", "5", "Elm", "St"]]


def test_ids_are_made_from_name_and_address_and_stay_the_same(services: Services, tmp_path: Path) -> None:
    report = services.imports.run(write_csv(tmp_path / "roll.csv", ROWS), "voters")
    assert (report.created, report.rejected) == (3, 1) and "no voter id column" in report.notices[0]
    ids = sorted(r.voter_id for r in services.voters.rows(services.voters.search_ids(VoterQuery())))
    assert len(set(ids)) == 3 and all(i.startswith("N") and len(i) == 16 for i in ids)
    again = services.imports.run(write_csv(tmp_path / "again.csv", ROWS), "voters")
    assert (again.created, again.unchanged) == (0, 3)
    assert sorted(r.voter_id for r in services.voters.rows(services.voters.search_ids(VoterQuery()))) == ids
