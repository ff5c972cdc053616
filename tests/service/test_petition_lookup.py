"""The look-up at the signing table (and beside a line in review) by a family name alone lists that family."""

from __future__ import annotations

from pathlib import Path

import pytest

from organizer.services.container import Services
from organizer.services.petitions import PetitionInput, SignatureInput
from tests.service.importing_helpers import write_csv

ROLL = [["voter_id", "first_name", "last_name", "res_street_address", "zip_code", "district", "status"],
        ["V1", "ANA", "SILVA", "12 N MAIN ST", "27601", "District 2", "A"],
        ["V2", "LEO", "SILVA", "40 OAK AVE", "27601", "District 2", "A"],
        ["V3", "RITA", "SILVANO", "7 ELM ST", "27601", "District 2", "A"],
        ["V4", "JOSÉ", "NÚÑEZ", "90 WALNUT ST", "27601", "District 2", "A"],
        ["V5", "EVA", "NUNES", "90 WALNUT ST", "27601", "District 2", "A"],
        *[[f"S{n}", f"PAT{n:02}", "SMITH", f"{n} PINE RD", "27601", "District 2", "A"] for n in range(1, 13)]]


@pytest.fixture
def roll(services: Services, tmp_path: Path) -> Services:
    services.imports.run(write_csv(tmp_path / "roll.csv", ROLL), "voters")
    return services


def ids(services: Services, family: str, address: str = "", given: str = "") -> list[str]:
    return [c.voter_id for c in services.petitions.lookup(given, family, address)]


def test_a_family_name_alone_lists_that_family_whole_names_first(roll: Services) -> None:
    assert ids(roll, "silva") == ["V1", "V2", "V3"]  # SILVANO starts with what was typed: after the SILVAs
    assert ids(roll, "Nunez") == ["V4"]  # accents folded; NUNES is another name
    assert ids(roll, "silv") == ["V1", "V2", "V3"]


def test_the_house_typed_puts_its_voter_first(roll: Services) -> None:
    assert ids(roll, "silva", "40 Oak Ave")[0] == "V2"
    assert ids(roll, "nunez", "90") == ["V4"]


def test_a_common_family_name_is_limited(roll: Services) -> None:
    assert len(ids(roll, "smith")) == 8


def test_a_line_in_review_with_only_a_family_name_shows_that_family(roll: Services) -> None:
    pid = roll.petitions.create(PetitionInput("D2", kind="ballot_access", required=2, district="District 2")).id
    line = roll.petitions.add_signature(pid, SignatureInput("", "Silva", "", "27601"))
    assert [c.voter_id for c in roll.petitions.candidates(line.id)] == ["V1", "V2"]


def test_a_given_name_still_narrows_the_look_up(roll: Services) -> None:
    assert ids(roll, "silva", given="ana") == ["V1"]
