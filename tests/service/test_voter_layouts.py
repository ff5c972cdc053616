"""Voter files in the layouts states and VAN publish: by header, by position (no header row), or refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from organizer.errors import UserError
from organizer.services.container import Services
from organizer.services.importing.kinds.voter_layouts import FLORIDA, NEW_YORK_45, NEW_YORK_47
from organizer.services.importing.presets import NeedsMapping
from organizer.services.imports import ImportOptions
from organizer.services.people import PeopleQuery
from organizer.storage.models import Voter
from tests.service.importing_helpers import write_csv


def voters(services: Services) -> dict[str, Voter]:
    with services.db.read() as session:
        return {v.voter_id: v for v in session.scalars(select(Voter))}


def positional(columns: tuple[tuple[str, str], ...], values: dict[str, str]) -> list[str]:
    """A headerless row: each column's value by its header, the rest empty."""
    unknown = set(values) - {h for h, _ in columns}
    assert not unknown, unknown
    return [values.get(header, "") for header, _ in columns]


def florida_row(voter_id: str, last: str, first: str, street: str, zip_code: str, precinct: str,
                status: str = "ACT") -> list[str]:
    return positional(FLORIDA, {
        "County Code": "ALA", "Voter ID": voter_id, "Name Last": last, "Name First": first,
        "Requested public records exemption": "N", "Residence Address Line 1": street,
        "Residence City (USPS)": "GAINESVILLE", "Residence State": "FL", "Residence Zipcode": zip_code,
        "Birth Date": "04/12/1961", "Party Affiliation": "DEM", "Precinct": precinct, "Voter Status": status,
        "Email address": "x@example.org"})


def new_york_row(columns: tuple[tuple[str, str], ...], sboeid: str, last: str, first: str, number: str,
                 street: str, apartment: str = "") -> list[str]:
    values = {"LASTNAME": last, "FIRSTNAME": first, "RADDNUMBER": number, "RHALFCODE": "", "RPREDIRECTION": "E",
              "RSTREETNAME": street, "RPOSTDIRECTION": "", "RAPARTMENT": apartment, "RCITY": "ALBANY",
              "RZIP5": "12203", "DOB": "19800102", "ENROLLMENT": "DEM", "ED": "012", "AD": "109", "STATUS": "A",
              "SBOEID": sboeid, "VOTERHISTORY": "20201103 GE;20181106 GE"}
    if len(columns) == 47:
        values["RAPARTMENTTYPE"] = "APT" if apartment else ""
    return positional(columns, values)


def test_a_florida_extract_without_a_header_row_is_read_by_position(services: Services, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "ALA_20260101.txt", [
        florida_row("100000001", "SMITH", "MARY", "12 NW 3RD AVE", "326011234", "0101"),
        florida_row("100000002", "SMITH", "MARY", "40 SW 8TH ST", "32601", "0102"),  # the same name, twice
        florida_row("100000003", "GARCIA", "JOSE", "7 OAK LN", "32605", "0101", status="INA"),
    ], delimiter="\t")
    preview = services.imports.preview(path, "voters")
    assert preview.layout.header_row == 0 and "Florida" in preview.layout.preset
    report = services.imports.run(path, "voters")
    assert (report.rows, report.created, report.rejected) == (3, 3, 0)
    roll = voters(services)
    mary = roll["100000001"]
    assert (mary.family_name, mary.given_name, mary.street_address, mary.postal_code, mary.precinct) == (
        "Smith", "Mary", "12 NW 3RD AVE", "32601-1234", "0101")
    assert (mary.party, mary.status, mary.birth_year, mary.extra["County Code"]) == ("DEM", "active", 1961, "ALA")
    assert roll["100000002"].family_name == "Smith" and roll["100000003"].status == "inactive"


@pytest.mark.parametrize("columns", [NEW_YORK_47, NEW_YORK_45], ids=["47 columns", "45 columns"])
def test_a_new_york_file_without_a_header_row_is_read_by_position(
        services: Services, tmp_path: Path, columns: tuple[tuple[str, str], ...]) -> None:
    path = write_csv(tmp_path / "AllNYSVoters.txt", [
        new_york_row(columns, "NY000000000012345678", "LEE", "KIM", "40", "MAIN ST", "2B"),
        new_york_row(columns, "NY000000000012345679", "LEE", "KIM", "44", "MAIN ST"),
    ])
    assert len(columns) in (45, 47)
    report = services.imports.run(path, "voters")
    assert (report.created, report.rejected) == (2, 0)
    kim = voters(services)["NY000000000012345678"]
    assert (kim.street_address, kim.street_number, kim.unit, kim.postal_code) == ("40 E MAIN ST", "40", "2B", "12203")
    assert (kim.precinct, kim.district, kim.party, kim.birth_year) == ("012", "109", "DEM", 1980)
    assert kim.extra["VOTERHISTORY"] == "20201103 GE;20181106 GE"


def test_a_headerless_file_of_unknown_shape_is_refused_until_mapped(services: Services, tmp_path: Path) -> None:
    rows = [["A1", "SMITH", "MARY", "12 ELM ST", "27601"], ["A2", "SMITH", "MARY", "14 ELM ST", "27601"]]
    path = write_csv(tmp_path / "odd.csv", rows)
    with pytest.raises(NeedsMapping, match=r"--layout florida\|new-york.*--map \"Column A=voter_id\""):
        services.imports.run(path, "voters")
    assert voters(services) == {}
    mapped = ImportOptions(overrides={"Column A": "voter_id", "Column B": "family_name", "Column C": "given_name",
                                      "Column D": "street"})
    report = services.imports.run(path, "voters", mapped)
    assert (report.created, report.header_row) == (2, 0)
    assert voters(services)["A2"].street_address == "14 ELM ST"


def test_a_layout_picked_by_hand_must_fit_the_file(services: Services, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "odd.csv", [["A1", "SMITH", "MARY"]])
    with pytest.raises(UserError, match="has 3 columns, but the Florida"):
        services.imports.run(path, "voters", ImportOptions(layout="florida"))
    with pytest.raises(UserError, match="no voter file layout called 'texas'"):
        services.imports.run(path, "voters", ImportOptions(layout="texas"))


def test_a_florida_extract_picked_by_hand_is_read_even_when_its_values_look_odd(
        services: Services, tmp_path: Path) -> None:
    row = florida_row("100000001", "*", "*", "*", "", "")  # an exempt record: asterisks in its fields
    row[0] = "12"  # not a county code: the shape alone would not say Florida
    path = write_csv(tmp_path / "exempt.txt", [row], delimiter="\t")
    with pytest.raises(NeedsMapping):
        services.imports.run(path, "voters")
    report = services.imports.run(path, "voters", ImportOptions(layout="florida"))
    assert report.created == 1


OHIO_HEADER = ["SOS_VOTERID", "COUNTY_NUMBER", "COUNTY_ID", "LAST_NAME", "FIRST_NAME", "MIDDLE_NAME", "SUFFIX",
               "DATE_OF_BIRTH", "REGISTRATION_DATE", "VOTER_STATUS", "PARTY_AFFILIATION", "RESIDENTIAL_ADDRESS1",
               "RESIDENTIAL_SECONDARY_ADDR", "RESIDENTIAL_CITY", "RESIDENTIAL_STATE", "RESIDENTIAL_ZIP",
               "RESIDENTIAL_ZIP_PLUS4", "CITY", "PRECINCT_NAME", "PRECINCT_CODE", "WARD",
               "PRIMARY-03/17/2020", "GENERAL-11/03/2020", "PRIMARY-05/02/2023"]


def test_an_ohio_file_keeps_every_election_column(services: Services, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "SWVF_1_22.txt", [
        OHIO_HEADER,
        ["OH0012345678", "18", "987", "JONES", "PAT", "Q", "", "1975-05-01", "2001-01-01", "ACTIVE", "D",
         "100 EUCLID AVE", "APT 5", "CLEVELAND", "OH", "44115", "1234", "CLEVELAND", "CLEVELAND-03-A", "AAB",
         "03", "D", "X", ""],
        ["OH0012345679", "18", "988", "JONES", "PAT", "", "", "1980-02-02", "2005-01-01", "CONFIRMATION", "",
         "102 EUCLID AVE", "", "CLEVELAND", "OH", "44115", "", "CLEVELAND", "CLEVELAND-03-A", "AAB", "03",
         "", "", "R"],
    ])
    report = services.imports.run(path, "voters")
    assert (report.created, report.rejected, report.warnings) == (2, 0, ())
    roll = voters(services)
    pat = roll["OH0012345678"]
    assert (pat.family_name, pat.street_address, pat.unit, pat.locality, pat.precinct, pat.ward) == (
        "Jones", "100 EUCLID AVE", "5", "CLEVELAND", "CLEVELAND-03-A", "03")
    assert pat.extra["PRIMARY-03/17/2020"] == "D" and pat.extra["GENERAL-11/03/2020"] == "X"
    assert pat.extra["PRECINCT_CODE"] == "AAB" and pat.extra["CITY"] == "CLEVELAND"
    other = roll["OH0012345679"]
    assert other.extra["PRIMARY-05/02/2023"] == "R" and other.status == "inactive"


NC_HEADER = ["county_id", "county_desc", "voter_reg_num", "ncid", "last_name", "first_name", "middle_name",
             "name_suffix_lbl", "status_cd", "voter_status_desc", "res_street_address", "res_city_desc", "state_cd",
             "zip_code", "full_phone_number", "party_cd", "birth_year", "precinct_abbrv", "precinct_desc",
             "municipality_abbrv", "ward_abbrv"]


def test_a_north_carolina_file_is_keyed_by_the_statewide_ncid(services: Services, tmp_path: Path) -> None:
    # voter_reg_num repeats across counties: the same number in two counties is two voters.
    path = tmp_path / "ncvoter_Statewide.txt"
    lines = [NC_HEADER,
             ["92", "WAKE", "000123", "AB12345", "SMITH", "MARY", "", "", "A", "ACTIVE",
              "12  N  MAIN   ST", "RALEIGH", "NC", "276011234", "", "DEM", "1970", "01-01", "PCT 01-01", "RAL", "W1"],
             ["32", "DURHAM", "000123", "CD67890", "SMITH", "MARY", "", "", "I", "INACTIVE",
              "5 ELM ST", "DURHAM", "NC", "27701", "", "UNA", "1971", "05", "PCT 05", "DUR", ""]]
    path.write_text("\n".join("\t".join(f'"{c}"' for c in row) for row in lines) + "\n", encoding="latin-1")
    report = services.imports.run(path, "voters")
    assert (report.created, report.mapping["ncid"], report.mapping["voter_reg_num"]) == (2, "voter_id", "custom")
    roll = voters(services)
    assert set(roll) == {"AB12345", "CD67890"}
    mary = roll["AB12345"]
    assert (mary.street_address, mary.postal_code, mary.precinct, mary.ward) == (
        "12 N MAIN ST", "27601-1234", "01-01", "W1")
    assert mary.extra["voter_reg_num"] == "000123" and mary.extra["municipality_abbrv"] == "RAL"
    assert roll["CD67890"].status == "inactive"


VAN_HEADER = ["Voter File VANID", "LastName", "FirstName", "MiddleName", "StreetNo", "StreetNoHalf", "StreetPrefix",
              "StreetName", "StreetType", "StreetSuffix", "AptType", "AptNo", "City", "State", "Zip5", "Zip4",
              "PreferredEmail", "Preferred Phone", "PrecinctName", "VHHID"]
VAN_ROWS = [
    ["1001", "Diaz", "Carmen", "", "123", "1/2", "N", "Main", "St", "E", "Apt", "4", "Raleigh", "NC", "27601",
     "1234", "carmen@example.org", "919-555-0101", "01-01", "77"],
    ["1002", "Diaz", "Carmen", "L", "9", "", "", "Oak", "Ave", "", "", "", "Raleigh", "NC", "27604", "",
     "carmen.l@example.org", "", "01-02", "78"],
]


def test_a_van_export_with_the_address_in_parts_loads_voters(services: Services, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "van.txt", [VAN_HEADER, *VAN_ROWS], encoding="utf-16", delimiter="\t")
    report = services.imports.run(path, "voters")
    assert (report.created, report.rejected) == (2, 0)
    carmen = voters(services)["1001"]
    assert (carmen.street_address, carmen.street_number, carmen.unit, carmen.precinct) == (
        "123 1/2 N Main St E", "123 1/2", "4", "01-01")
    assert carmen.extra["PreferredEmail"] == "carmen@example.org"


def test_a_van_export_imported_as_people_gives_them_a_street_and_an_email(services: Services, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "van-people.txt", [VAN_HEADER, *VAN_ROWS], encoding="utf-16", delimiter="\t")
    report = services.imports.run(path, "people")
    assert (report.created, report.rejected) == (2, 0)
    rows = services.people.rows(services.people.search_ids(PeopleQuery(text="diaz")))
    by_email = {r.emails[0]: r for r in rows}
    carmen = by_email["carmen@example.org"]
    assert (carmen.street, carmen.postal_code) == ("123 1/2 N Main St E, Apt 4", "27601")
    assert by_email["carmen.l@example.org"].street == "9 Oak Ave"


def test_a_van_layout_with_the_address_whole_still_wins_over_parts(services: Services, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "van2.csv", [
        ["VanID", "LastName", "FirstName", "vAddress", "StreetName", "Zip5", "PreferredEmail"],
        ["5", "Ng", "Bo", "77 Pine Rd", "Pine", "27601", "bo@example.org"],
    ])
    services.imports.run(path, "people")
    row = services.people.rows(services.people.search_ids(PeopleQuery(text="ng")))[0]
    assert (row.street, row.emails) == ("77 Pine Rd", ("bo@example.org",))


def test_a_new_york_file_given_a_header_row_by_hand_is_read_by_its_headers(
        services: Services, tmp_path: Path) -> None:
    headers = [h for h, _ in NEW_YORK_47]
    path = write_csv(tmp_path / "ny-with-header.csv", [
        headers, new_york_row(NEW_YORK_47, "NY000000000012345678", "LEE", "KIM", "40", "MAIN ST", "2B")])
    report = services.imports.run(path, "voters")
    assert (report.header_row, report.created, report.mapping["RSTREETNAME"]) == (1, 1, "street_part")
    assert voters(services)["NY000000000012345678"].street_address == "40 E MAIN ST"


@pytest.mark.parametrize(("header", "row", "street"), [
    (["Voter ID", "First", "Last", "Street", "Zip"], ["71", "Ana", "Silva", "12 N Main St", "27601"], "12 N Main St"),
    (["Voter ID", "First", "Last", "House Number", "Street", "Zip"], ["72", "Bo", "Ng", "77", "Pine Rd", "27601"],
     "77 Pine Rd"),
])
def test_a_plain_street_column_gives_voters_their_street(services: Services, tmp_path: Path, header: list[str],
                                                         row: list[str], street: str) -> None:
    report = services.imports.run(write_csv(tmp_path / "roll.csv", [header, row]), "voters")
    voter = voters(services)[row[0]]
    assert (report.created, report.mapping["Street"], voter.street_address, voter.extra) == (
        1, "street_part", street, {})
