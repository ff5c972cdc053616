"""The signatures kind: petition lines keyed into a spreadsheet, imported into one petition.

Rows are prepared in the import's own process; `organizer.services.petitions.signature_import` writes them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from organizer.services.changes import PEOPLE, PETITIONS, REVIEW, SIGNATURES, TAGS
from organizer.services.import_rows import ReportCount
from organizer.services.importing.fields import CUSTOM, IGNORE, Field
from organizer.services.importing.kind import KindSpec, NumberedRows, RunContext

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from organizer.progress import CancelToken, Progress
    from organizer.services.importing.layout import Layout
    from organizer.services.importing.report import ImportReport, RowIssue
    from organizer.storage.models import ImportBatch

FIELDS: tuple[Field, ...] = (
    Field("sheet", "Sheet number"),
    Field("line", "Line number"),
    Field("full_name", "Printed name (split into parts)"),
    Field("given_name", "Given (first) name"),
    Field("family_name", "Family (last) name"),
    Field("street", "Residence street address"),
    Field("street_part", "Part of the street address (joined in column order)", multi=True),
    Field("address_line2", "Unit / apartment"),
    Field("postal_code", "ZIP / postal code"),
    Field("date_signed", "Date signed"),
    Field("email", "Signer's email"),
    Field("phone", "Signer's phone"),
    Field("locality", "City / town"),
    Field("circulator", "Circulator (who carried the sheet)"),
    Field(CUSTOM, "Keep on the line as typed", multi=True),
    Field(IGNORE, "Leave out", multi=True),
)

SYNONYMS: dict[str, tuple[str, ...]] = {
    "sheet": ("sheet", "sheetnumber", "sheetno", "page", "pagenumber", "petitionsheet", "hoja"),
    "line": ("line", "linenumber", "lineno", "linea"),
    "full_name": ("name", "fullname", "printedname", "signername", "nombre"),
    "given_name": ("firstname", "first", "fname", "givenname"),
    "family_name": ("lastname", "last", "lname", "surname", "familyname", "apellido"),
    "street": ("address", "streetaddress", "residenceaddress", "residentialaddress", "homeaddress", "address1",
               "direccion"),
    "street_part": ("streetnumber", "streetno", "housenumber", "streetname", "streettype", "streetdirsuffix",
                    "streetdirprefix", "streetsuffix"),
    "address_line2": ("unit", "apt", "apartment", "address2", "suite"),
    "postal_code": ("zip", "zipcode", "zip5", "postalcode", "postcode"),
    "date_signed": ("date", "datesigned", "signed", "signaturedate", "dated", "fecha"),
    "email": ("email", "emailaddress", "correo", "correoelectronico"),
    "phone": ("phone", "phone#", "phonenumber", "phoneno", "telephone", "tel", "cell", "cellphone", "mobile",
              "telefono"),
    "locality": ("city", "town", "locality", "municipality", "ciudad"),
    "circulator": ("circulator", "circulatorname", "circulatedby", "collector", "collectedby", "gatherer",
                   "circulador"),
}

PEOPLE_CREATED = ReportCount("people_created", "New people (signers)", "New people (signers)",
                             "{n:,} signers were new to the chapter and added to People")
SHEETS_CREATED = ReportCount("sheets_created", "New sheets", "New sheets", "{n:,} sheets were added")


def prepare(layout: Layout, region: str, rows: NumberedRows, warn: Callable[[RowIssue], object]) -> Iterator[Any]:
    """The data rows under the header, as they are (cleaned while they are written)."""
    from organizer.services.importing.prepare import data_rows

    return data_rows(rows, layout, warn)


def run(context: RunContext, rows: Iterator[Any], report: ImportReport, total: int, progress: Progress,
        cancel: CancelToken) -> None:
    """Add the lines to the petition named by the import's target; signers become or match people."""
    from organizer.services.petitions.signature_import import SignatureRun

    SignatureRun(context).run(rows, report, total, progress, cancel)


def undo(session: Session, batch: ImportBatch) -> dict[str, int]:
    """Take the batch's lines off, and the signers and sheets only it brought."""
    from organizer.services.petitions.signature_import import undo_signatures

    return undo_signatures(session, batch)


KIND = KindSpec(
    touches=frozenset({SIGNATURES, PETITIONS, PEOPLE, TAGS, REVIEW}),
    name="signatures",
    label="Petition signatures",
    description="lines keyed from petition sheets, into one petition",
    command_help="import petition signatures (use 'petition import-signatures PETITION_ID FILE')",
    nouns=("signature", "signatures"),
    fields=FIELDS,
    synonyms=SYNONYMS,
    identifying=frozenset({"full_name", "family_name", "given_name"}),
    identity="the signers' names",
    prepare=prepare,
    run=run,
    undo=undo,
    counts=(PEOPLE_CREATED, SHEETS_CREATED),
)
