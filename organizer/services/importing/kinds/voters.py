"""The voters kind: a county or state voter file loaded into the voter roll, keyed by voter id.

Rows are cleaned in the reading child process (see voters_prepare), matched and written here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from organizer.errors import UserError
from organizer.services.changes import VOTERS
from organizer.services.import_rows import KindOption, ReportCount
from organizer.services.importing.fields import CUSTOM, IGNORE, Field
from organizer.services.importing.kind import ChunkCodec, KindSpec, NumberedRows, RunContext
from organizer.services.importing.kinds.voter_layouts import PRESETS

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from organizer.progress import CancelToken, Progress
    from organizer.services.importing.layout import Layout
    from organizer.services.importing.report import ImportReport, RowIssue
    from organizer.storage.models import ImportBatch

FIELDS: tuple[Field, ...] = (
    Field("voter_id", "Voter id"),
    Field("full_name", "Full name (split into parts)"),
    Field("given_name", "Given (first) name"),
    Field("family_name", "Family (last) name"),
    Field("additional_name", "Middle name"),
    Field("honorific_suffix", "Suffix (Jr., III)"),
    Field("street", "Residence street address"),
    Field("street_number", "House number"),
    Field("street_name", "Street name"),
    Field("street_part", "Part of the street address (joined in column order)", multi=True),
    Field("address_line2", "Unit / apartment"),
    Field("unit_part", "Part of the unit (joined in column order)", multi=True),
    Field("locality", "City"),
    Field("region", "State"),
    Field("postal_code", "ZIP / postal code"),
    Field("precinct", "Precinct"),
    Field("ward", "Ward"),
    Field("district", "District"),
    Field("party", "Party"),
    Field("voter_status", "Registration status"),
    Field("birth_year", "Birth year"),
    Field("birthdate", "Birthdate"),
    Field("phone", "Phone"),
    Field(CUSTOM, "Keep as an extra field", multi=True),
    Field(IGNORE, "Leave out", multi=True),
)

# County and state voter files (NC, FL, OH, …) and VAN exports.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "voter_id": ("voterregnum", "voterid", "vanid", "voterregistrationnumber", "regnum", "ncid",
                 "stateid", "statevoterid", "voternumber", "registrationnumber", "sosvoterid", "voterfilevanid",
                 "sboeid"),
    "full_name": ("name", "fullname", "votername"),
    "given_name": ("firstname", "first", "fname", "givenname"),
    "family_name": ("lastname", "last", "lname", "surname", "familyname"),
    "additional_name": ("middlename", "middle", "mi", "middleinitial"),
    "honorific_suffix": ("namesufxcd", "suffix", "namesuffix", "suffixname", "namesuffixlbl"),
    "street": ("resstreetaddress", "residentialaddress", "residenceaddress", "address", "vaddress",
               "streetaddress", "resaddress", "address1", "addressline1", "residentialaddress1"),
    "street_number": ("househouse", "housenumber", "reshousenumber", "houseno"),
    # A plain "Street" column is the whole street line in some extracts and the street's name beside a
    # house number column in others: as a part, either reads right (parts join in column order).
    "street_part": ("streetno", "streetnumber", "streetnohalf", "streetprefix", "streetname", "resstreetname",
                    "streettype", "streetsuffix", "street"),
    "address_line2": ("unit", "apt", "resunit", "unitnumber", "apartment", "address2", "residentialsecondaryaddr"),
    "unit_part": ("apttype", "aptno"),
    "locality": ("rescitydesc", "city", "rescity", "town", "residentialcity"),
    "region": ("state", "statecd", "resstate", "residentialstate"),
    "postal_code": ("zipcode", "zip", "zip5", "reszipcode", "postalcode", "zipcd", "residentialzip"),
    "precinct": ("precinctabbrv", "precinct", "precinctname", "precinctdesc", "precinctcode", "pct"),
    "ward": ("ward", "wardabbrv", "warddesc", "municipalityabbrv"),
    "district": ("district", "citycouncildistrict", "councildistrict", "districtname", "cong_dist_abbrv"),
    "party": ("party", "partycd", "partyaffiliation", "partycode"),
    "voter_status": ("voterstatusdesc", "status", "voterstatus", "registrationstatus", "statuscd"),
    "birth_year": ("birthyear", "yearofbirth", "byear"),
    "birthdate": ("birthdate", "dob", "dateofbirth"),
    "phone": ("phone", "phonenum", "fullphonenumber", "cellphone", "prefphone", "telephone"),
}

DEACTIVATED = ReportCount("deactivated", "Will be marked inactive", "Marked inactive",
                          "{n:,} voters no longer in the file were marked inactive")


MASS_INACTIVE_SHARE = 5
"""A refresh that would mark more than 1/5 of the active roll inactive stops and asks."""


class MassInactive(UserError):
    """A voter file would mark much of the active roll inactive: probably the wrong file, or a part of one."""

    def __init__(self, would: int, active: int, has_ids: bool) -> None:
        self.would, self.active, self.has_ids = would, active, has_ids
        if has_ids:
            what = (f"This voter file would mark {would:,} of the {active:,} active voters inactive "
                    "(more than a fifth of the roll is not in it)")
        else:
            what = f"This voter file holds no voter ids, so it would mark {would:,} active voters inactive"
        super().__init__(f"{what}: nothing was imported. If that is right (the file is the whole new roll), "
                         "import it again with --allow-mass-inactive.")


ALLOW_MASS_INACTIVE = KindOption(
    "allow_mass_inactive", "--allow-mass-inactive",
    "go ahead even if the file would mark more than a fifth of the active roll inactive "
    "(or any of it when the file has no voter ids)")


def prepare(layout: Layout, region: str, rows: NumberedRows, warn: Callable[[RowIssue], object]) -> Iterator[Any]:
    """The data rows under the header, cleaned into voters a chunk at a time (warnings travel in the chunks)."""
    from organizer.services.importing.voters_prepare import prepare_voters

    return prepare_voters(layout, region, rows, warn)


def chunk_to_json(chunk: Any) -> dict[str, Any]:
    from organizer.services.importing.voters_prepare import chunk_to_json as to_json

    return to_json(chunk)


def chunk_from_json(message: dict[str, Any]) -> Any:
    from organizer.services.importing.voters_prepare import chunk_from_json as from_json

    return from_json(message)


def run(context: RunContext, rows: Iterator[Any], report: ImportReport, total: int, progress: Progress,
        cancel: CancelToken) -> None:
    """Insert new voters, update changed ones, mark the ones missing from the file inactive."""
    from organizer.services.importing.voters_import import VoterRun

    VoterRun(context.session, context.batch_id, context.layout,
             allow_mass_inactive=ALLOW_MASS_INACTIVE.key in context.flags).run(rows, report, total, progress, cancel)


def undo(session: Session, batch: ImportBatch) -> dict[str, int]:
    """Remove the voters the batch added and put back what it changed (newest batch first)."""
    from organizer.services.importing.voters_import import undo_voters

    return undo_voters(session, batch)


KIND = KindSpec(
    touches=frozenset({VOTERS}),
    name="voters",
    label="Voter roll",
    description="from the county or state",
    command_help="load a county or state voter file into the voter roll",
    nouns=("voter", "voters"),
    fields=FIELDS,
    synonyms=SYNONYMS,
    # Without a voter id column, voters are known by name and address (voters_prepare.derived_id).
    identifying=frozenset({"voter_id", "family_name", "full_name"}),
    identity="the voter id (or the voters' names)",
    prepare=prepare,
    run=run,
    undo=undo,
    codec=ChunkCodec(chunk_to_json, chunk_from_json),
    numbered=frozenset({"phone"}),
    counts=(DEACTIVATED,),
    options=(ALLOW_MASS_INACTIVE,),
    presets=PRESETS,
)
