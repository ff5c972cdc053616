"""The check sends near matches to review with the voter to compare: a nickname, a ZIP one slip off."""

from __future__ import annotations

from pathlib import Path

from organizer.services.container import Services
from organizer.services.petitions import PetitionInput, SignatureInput
from tests.service.importing_helpers import write_csv

ROLL = [["voter_id", "first_name", "last_name", "res_street_address", "zip_code", "district", "status"],
        ["V1", "ROBERT", "OKAFOR", "14 N MAIN ST", "27601", "District 2", "A"],
        ["V2", "ELIZABETH", "SILVA", "12 N MAIN ST", "27601", "District 2", "A"],
        ["V3", "ANA", "LOPEZ", "20 N MAIN ST", "27601", "District 2", "A"],
        ["V4", "BEN", "CHEN", "30 N MAIN ST", "27601", "District 2", "A"]]


def test_nicknames_and_zip_slips_go_to_review_with_their_voter(services: Services, tmp_path: Path) -> None:
    services.imports.run(write_csv(tmp_path / "roll.csv", ROLL), "voters")
    pid = services.petitions.create(PetitionInput("D2", kind="ballot_access", required=2, district="District 2")).id
    for given, family, address, postal in [("Bob", "Okafor", "14 N Main St", "27601"),
                                           ("Liz", "Silva", "12 N Main St", "27601"),
                                           ("Ana", "Lopez", "20 N Main St", "27610"),  # two digits swapped
                                           ("Ben", "Chen", "30 N Main St", "27602"),  # one digit off
                                           ("Ana", "Lopez", "20 N Main St", "27999")]:  # another ZIP
        services.petitions.add_signature(pid, SignatureInput(given, family, address, postal))
    services.petitions.check(pid)
    lines = services.petitions.signatures(pid)
    assert [(ln.status, ln.reason) for ln in lines] == [("needs_review", "weak_match")] * 4 + [
        ("not_registered", "registered_elsewhere")]
    assert [[c.voter_id for c in services.petitions.candidates(ln.id)][:1] for ln in lines[:4]] == [
        ["V1"], ["V2"], ["V3"], ["V4"]]
