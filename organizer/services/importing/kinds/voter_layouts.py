"""The voter-file layouts states and VAN publish (see ../shared/DOMAIN.md): by header, or by position.

Florida's county extracts and New York's statewide file have no header row: they are recognised by
their number of columns and the look of their values, and read by position.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from organizer.services.importing.fields import CUSTOM
from organizer.services.importing.preset import Columns, LayoutPreset, plain

_DIGITS = re.compile(r"\d{1,12}")
_COUNTY = re.compile(r"[A-Z]{3}")
_SBOEID = re.compile(r"NY\d{6,}")
_YMD = re.compile(r"(19|20)\d{6}")


def _columns(spec: str) -> Columns:
    """ "Header=field; Other" → ((header, field), (other, CUSTOM)): unmapped columns are kept as extra fields."""
    out = []
    for item in spec.split(";"):
        header, _, key = item.strip().partition("=")
        out.append((header.strip(), key.strip() or CUSTOM))
    return tuple(out)


FLORIDA = _columns(
    "County Code; Voter ID=voter_id; Name Last=family_name; Name Suffix=honorific_suffix; Name First=given_name;"
    "Name Middle=additional_name; Requested public records exemption; Residence Address Line 1=street;"
    "Residence Address Line 2=address_line2; Residence City (USPS)=locality; Residence State=region;"
    "Residence Zipcode=postal_code; Mailing Address Line 1; Mailing Address Line 2; Mailing Address Line 3;"
    "Mailing City; Mailing State; Mailing Zipcode; Mailing Country; Gender; Race; Birth Date=birthdate;"
    "Registration Date; Party Affiliation=party; Precinct=precinct; Precinct Group; Precinct Split;"
    "Precinct Suffix; Voter Status=voter_status; Congressional District; House District=district;"
    "Senate District; County Commission District; School Board District; Daytime Area Code;"
    "Daytime Phone Number; Daytime Phone Extension; Email address")

_NY_NAMES = "LASTNAME=family_name; FIRSTNAME=given_name; MIDDLENAME=additional_name; NAMESUFFIX=honorific_suffix"
_NY_TAIL = (
    "MAILADD1; MAILADD2; MAILADD3; MAILADD4; DOB=birthdate; GENDER; ENROLLMENT=party; OTHERPARTY; COUNTYCODE;"
    "ED=precinct; LD; TOWNCITY; WARD=ward; CD; SD; AD=district; {last_voted}; PREVYEARVOTED; PREVCOUNTY;"
    "PREVADDRESS; PREVNAME; COUNTYVRNUMBER; REGDATE; VRSOURCE; IDREQUIRED; IDMET; STATUS=voter_status;"
    "REASONCODE; INACT_DATE; PURGE_DATE; SBOEID=voter_id; VOTERHISTORY")
# Since 2025: the apartment's type, and a non-standard address (whole, when the parts are empty).
NEW_YORK_47 = _columns(
    f"{_NY_NAMES}; RADDNUMBER=street_part; RHALFCODE=street_part; RPREDIRECTION=street_part;"
    "RSTREETNAME=street_part; RPOSTDIRECTION=street_part; RAPARTMENTTYPE=unit_part; RAPARTMENT=unit_part;"
    "RADDRNONSTD=street; RCITY=locality; RZIP5=postal_code; RZIP4; " + _NY_TAIL.format(last_voted="LASTVOTERDATE"))
NEW_YORK_45 = _columns(
    f"{_NY_NAMES}; RADDNUMBER=street_part; RHALFCODE=street_part; RAPARTMENT=unit_part; RPREDIRECTION=street_part;"
    "RSTREETNAME=street_part; RPOSTDIRECTION=street_part; RCITY=locality; RZIP5=postal_code; RZIP4; "
    + _NY_TAIL.format(last_voted="LASTVOTEDDATE"))


def _florida_row(row: Sequence[str]) -> bool:
    """County code of three capitals, a numeric voter id."""
    return bool(_COUNTY.fullmatch(row[0].strip()) and _DIGITS.fullmatch(row[1].strip()))


def _new_york_row(row: Sequence[str]) -> bool:
    """An SBOEID ("NY" and digits) two columns from the end, a YYYYMMDD birth date where dates go."""
    dob = row[19 if len(row) == 47 else 17].strip()
    return bool(_SBOEID.fullmatch(row[-2].strip()) and (not dob or _YMD.fullmatch(dob)))


def _mapping(spec: str) -> dict[str, str]:
    return {plain(header): key for header, key in _columns(spec)}


VAN = LayoutPreset(
    "van", "VAN export (address in parts)",
    mapping=_mapping(
        "Voter File VANID=voter_id; VanID=voter_id; LastName=family_name; FirstName=given_name;"
        "MiddleName=additional_name; Suffix=honorific_suffix; StreetNo=street_part; StreetNoHalf=street_part;"
        "StreetPrefix=street_part; StreetName=street_part; StreetType=street_part; StreetSuffix=street_part;"
        "AptType=unit_part; AptNo=unit_part; Address=street; vAddress=street; City=locality; State=region;"
        "Zip5=postal_code; Zip4; PrecinctName=precinct; Party=party; PreferredEmail; VHHID"),
    signatures=(frozenset({"vanid"}), frozenset({"voterfilevanid"})),
)
NORTH_CAROLINA = LayoutPreset(
    "north-carolina", "North Carolina (ncvoter)",
    mapping=_mapping(
        "ncid=voter_id; voter_reg_num; last_name=family_name; first_name=given_name; middle_name=additional_name;"
        "name_suffix_lbl=honorific_suffix; status_cd; voter_status_desc=voter_status; res_street_address=street;"
        "res_city_desc=locality; state_cd=region; zip_code=postal_code; full_phone_number=phone; party_cd=party;"
        "birth_year=birth_year; precinct_abbrv=precinct; precinct_desc; municipality_abbrv; ward_abbrv=ward;"
        "cong_dist_abbrv; nc_house_abbrv=district"),
    signatures=(frozenset({"ncid", "voterregnum"}),),
)
OHIO = LayoutPreset(
    "ohio", "Ohio statewide voter file (SWVF)",
    mapping=_mapping(
        "SOS_VOTERID=voter_id; COUNTY_NUMBER; COUNTY_ID; LAST_NAME=family_name; FIRST_NAME=given_name;"
        "MIDDLE_NAME=additional_name; SUFFIX=honorific_suffix; DATE_OF_BIRTH=birthdate; REGISTRATION_DATE;"
        "VOTER_STATUS=voter_status; PARTY_AFFILIATION=party; RESIDENTIAL_ADDRESS1=street;"
        "RESIDENTIAL_SECONDARY_ADDR=address_line2; RESIDENTIAL_CITY=locality; RESIDENTIAL_STATE=region;"
        "RESIDENTIAL_ZIP=postal_code; CITY; PRECINCT_NAME=precinct; PRECINCT_CODE;"
        "STATE_REPRESENTATIVE_DISTRICT=district; WARD=ward"),
    signatures=(frozenset({"sosvoterid"}),),
)
# Someone may have added the header row by hand: then these headers are recognised too.
FLORIDA_EXTRACT = LayoutPreset("florida", "Florida county extract (no header row, 38 columns)",
                               by_width={38: FLORIDA}, row_check=_florida_row,
                               mapping={plain(h): key for h, key in FLORIDA},
                               signatures=(frozenset({"voterid", "residenceaddressline1"}),))
NEW_YORK = LayoutPreset("new-york", "New York statewide file (no header row, 45 or 47 columns)",
                        by_width={47: NEW_YORK_47, 45: NEW_YORK_45}, row_check=_new_york_row,
                        mapping={plain(h): key for h, key in (*NEW_YORK_45, *NEW_YORK_47)},
                        signatures=(frozenset({"sboeid", "raddnumber"}),))

PRESETS: tuple[LayoutPreset, ...] = (VAN, NORTH_CAROLINA, OHIO, FLORIDA_EXTRACT, NEW_YORK)
