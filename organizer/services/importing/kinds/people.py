"""The people kind: members, sign-in sheets and volunteers, matched to the chapter's people.

Rows are cleaned in the reading child process (see prepare_child), matched and written here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from organizer.domain.text import counted
from organizer.services.changes import PEOPLE, REVIEW, TAGS, VOLUNTEERS
from organizer.services.importing.fields import CUSTOM, IGNORE, TAG, Field
from organizer.services.importing.kind import ChunkCodec, KindSpec, NumberedRows, RunContext

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from organizer.progress import CancelToken, Progress
    from organizer.services.importing.layout import Layout
    from organizer.services.importing.prepare import PreparedChunk
    from organizer.services.importing.report import ImportReport, RowIssue
    from organizer.storage.models import ImportBatch

FIELDS: tuple[Field, ...] = (
    Field("full_name", "Full name (split into parts)"),
    Field("given_name", "Given (first) name"),
    Field("family_name", "Family (last) name"),
    Field("additional_name", "Middle name"),
    Field("honorific_prefix", "Prefix (Dr., Rev.)"),
    Field("honorific_suffix", "Suffix (Jr., III)"),
    Field("email", "Email", multi=True),
    Field("email_status", "Email status (subscribed, unsubscribed, bouncing)"),
    Field("phone", "Phone", multi=True),
    Field("mobile_phone", "Mobile phone", multi=True),
    Field("home_phone", "Home phone", multi=True),
    Field("work_phone", "Work phone", multi=True),
    Field("phone_type", "Phone type (mobile, home, work, other)"),
    Field("phone_texts", "Phone takes texts (yes/no)"),
    Field("phone_do_not_call", "Phone: do not call this number (yes/no)"),
    Field("street", "Street address"),
    Field("street_part", "Part of the street address (joined in column order)", multi=True),
    Field("address_line2", "Address line 2 (apt, unit)"),
    Field("unit_part", "Part of the apartment or unit (joined in column order)", multi=True),
    Field("locality", "City"),
    Field("region", "State"),
    Field("postal_code", "ZIP / postal code"),
    Field("country", "Country"),
    Field("precinct", "Precinct"),
    Field("tags", "Tags (comma-separated)", multi=True),
    Field(TAG, "Tag when yes (named after the column)", multi=True),
    Field("volunteer", "Volunteer (yes/no)"),
    Field("do_not_call", "Do not call (yes/no)"),
    Field("do_not_text", "Do not text (yes/no)"),
    Field("do_not_email", "Do not email (yes/no)"),
    Field("do_not_walk", "Do not walk (yes/no)"),
    Field("do_not_contact", "Do not contact at all (yes/no)"),
    Field("email_subscription", "Email subscription (subscribed / unsubscribed)"),
    Field("email_opt_in", "Email opt-in (yes/no; no means do not email)"),
    Field("sms_subscription", "Text message subscription (subscribed / unsubscribed)"),
    Field("sms_opt_in", "Text message opt-in (yes/no; no means do not text)"),
    Field("deceased", "Deceased (yes/no)"),
    Field("moved", "Moved (yes/no)"),
    Field("volunteer_status", "Volunteer status (active, inactive, alumni)"),
    Field("engagement_level", "Volunteer engagement (signed up ... leads a team)"),
    Field("skills", "Volunteer skills", multi=True),
    Field("volunteer_languages", "Volunteer languages", multi=True),
    Field("availability", "Volunteer availability"),
    Field("volunteer_since", "Volunteer since (date)"),
    Field("volunteer_notes", "Volunteer notes"),
    Field("recruited_by", "Recruited by (Chapter Organizer id)"),
    Field("point_person", "Point person (Chapter Organizer id)"),
    Field("notes", "Notes", multi=True),
    Field("gender_pronouns", "Pronouns"),
    Field("birthdate", "Birthdate"),
    Field("languages", "Languages spoken", multi=True),
    Field("uuid", "Chapter Organizer id (uuid)"),
    Field(CUSTOM, "Keep as a custom field", multi=True),
    Field(IGNORE, "Leave out", multi=True),
)

# Generic sign-in sheets, Action Network, Mobilize, NationBuilder, and a few Spanish/French/German headers.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "full_name": ("name", "fullname", "yourname", "contactname", "participant", "participantname",
                  "attendee", "attendeename", "signername", "printedname", "printname", "nombre completo",
                  "nombrecompleto", "nomcomplet", "nom complet", "volunteername", "membername"),
    "given_name": ("first", "firstname", "fname", "givenname", "usergivenname", "forename", "nombre",
                   "prenom", "vorname", "primernombre", "first name"),
    "family_name": ("last", "lastname", "lname", "surname", "familyname", "userfamilyname", "apellido",
                    "apellidos", "nom", "nachname", "last name"),
    "additional_name": ("middle", "middlename", "middleinitial", "mi", "middlenameinitial"),
    "honorific_prefix": ("prefix", "salutation", "honorific", "nameprefix"),
    "honorific_suffix": ("suffix", "namesuffix", "suffixname"),
    "email": ("email", "emailaddress", "mail", "useremailaddress", "correo", "correoelectronico",
              "courriel", "emailadresse", "primaryemail", "personalemail", "workemail", "email1", "email2",
              "preferredemail"),
    "phone": ("phone", "phonenumber", "phone#", "tel", "telephone", "telefono", "can2phone",
              "userphonenumber", "preferredphone", "prefphone", "contactphone", "primaryphone",
              "phone1", "phone2", "telefon", "numero", "telephonenumber", "phoneno"),
    "mobile_phone": ("mobile", "mobilenumber", "cell", "cellphone", "mobilephone", "cellnumber",
                     "celular", "cellphonenumber", "mobilephonenumber", "movil", "portable", "handy"),
    "home_phone": ("homephone", "landline", "homenumber", "homephonenumber"),
    "work_phone": ("workphone", "officephone", "workphonenumber", "businessphone"),
    "street": ("address", "address1", "addressline1", "street", "streetaddress", "vaddress",
               "mailingaddress", "resstreetaddress", "can2useraddress", "direccion", "adresse",
               "homeaddress", "residentialaddress", "residenceaddress", "useraddress", "addressline",
               "primaryaddress1", "primaryaddress"),
    "street_part": ("streetno", "streetnohalf", "streetprefix", "streetname", "streettype", "streetsuffix"),
    "address_line2": ("address2", "addressline2", "apt", "unit", "apartment", "suite", "aptunit",
                      "apartmentnumber", "aptnumber", "apt#", "primaryaddress2"),
    "unit_part": ("apttype", "aptno"),
    "locality": ("city", "town", "locality", "can2usercity", "ciudad", "ville", "stadt", "usercity",
                 "municipality", "rescity", "rescityname", "primarycity"),
    "region": ("state", "stateabbreviated", "can2stateabbreviated", "province", "region", "stateprovince",
               "estado", "statecode", "userstate", "primarystate"),
    "postal_code": ("zip", "zipcode", "zip5", "postal", "postalcode", "postcode", "userpostalcode",
                    "codigopostal", "cp", "zippostalcode", "zipcode5", "plz", "can2userzipcode", "primaryzip"),
    "country": ("country", "pais", "pays", "countrycode", "primarycountrycode", "primarycountry"),
    "tags": ("tags", "taglist", "can2usertags", "labels", "groups", "etiquetas"),
    "volunteer": ("isvolunteer", "volunteer", "wanttovolunteer", "canvolunteer", "voluntario",
                  "volunteer?", "interestedinvolunteering"),
    "do_not_call": ("donotcall", "dnc", "nocalls"),
    "do_not_text": ("donottext", "nosms", "notext"),
    "do_not_email": ("donotemail", "unsubscribed", "emailoptout"),
    "do_not_walk": ("donotwalk", "donotknock"),
    # National tools' opt-out columns (Action Network, NationBuilder).
    "do_not_contact": ("donotcontact",),
    "email_subscription": ("can2subscriptionstatus", "subscriptionstatus"),
    "email_opt_in": ("emailoptin",),
    "sms_subscription": ("can2smsstatus", "smsstatus", "smssubscriptionstatus", "textstatus"),
    "sms_opt_in": ("mobileoptin", "smsoptin", "textoptin"),
    "notes": ("notes", "note", "comments", "comment", "notas", "remarques", "bemerkungen"),
    "gender_pronouns": ("pronouns", "genderpronouns", "pronombres"),
    "birthdate": ("birthdate", "dob", "dateofbirth", "birthday", "fechadenacimiento", "bornat"),
    "languages": ("language", "languages", "languagesspoken", "idioma", "idiomas", "langue"),
    "uuid": ("uuid", "organizeruuid", "personuuid", "chapterorganizerid"),
    # What a full export writes (organizer.services.people_export), read back column for column.
    "email_status": ("emailstatus", "emailsubscription"),
    "phone_type": ("phonetype",),
    "phone_texts": ("phonetexts", "phonesms", "phonetakestexts"),
    "phone_do_not_call": ("phonedonotcall",),
    "precinct": ("precinct", "precinctname"),
    "deceased": ("deceased", "isdeceased"),
    "moved": ("moved", "hasmoved"),
    "volunteer_status": ("volunteerstatus",),
    "engagement_level": ("engagement", "engagementlevel", "volunteerengagement"),
    "skills": ("skills", "volunteerskills"),
    "volunteer_languages": ("volunteerlanguages",),
    "availability": ("availability", "volunteeravailability"),
    "volunteer_since": ("volunteersince", "volunteerstartedon"),
    "volunteer_notes": ("volunteernotes",),
    "recruited_by": ("recruitedbyid",),
    "point_person": ("pointpersonid",),
}

IDENTIFYING = frozenset({"full_name", "given_name", "family_name", "email", "phone", "mobile_phone", "home_phone",
                         "work_phone"})


def prepare(layout: Layout, region: str, rows: NumberedRows, warn: Callable[[RowIssue], object]) -> Iterator[Any]:
    """Clean each data row into a candidate person (warnings travel in the chunks)."""
    from organizer.services.importing.prepare import Preparer

    return Preparer(layout, region).chunks(rows)


def chunk_to_json(chunk: PreparedChunk) -> dict[str, Any]:
    """A prepared chunk as the child sends it."""
    from organizer.services.importing.prepare import chunk_to_json as to_json

    return to_json(chunk)


def chunk_from_json(message: dict[str, Any]) -> PreparedChunk:
    """A prepared chunk the child sent."""
    from organizer.services.importing.prepare import chunk_from_json as from_json

    return from_json(message)


def run(context: RunContext, chunks: Iterator[Any], report: ImportReport, total: int, progress: Progress,
        cancel: CancelToken) -> None:
    """Match, merge and write the prepared people."""
    from organizer.services.importing.people_import import PeopleRun

    PeopleRun(context.session, context.batch_id, context.layout, context.region,
              f"import: {context.file_name}").run(chunks, report, total, progress, cancel)
    from organizer.services.suppressions import apply_on_file

    flagged = apply_on_file(context.session, context.batch_id)  # suppression lists kept on file
    if flagged:
        report.notices.append(f"{counted(flagged, 'do-not-contact flag was', 'do-not-contact flags were')} turned "
                              "on: an email or phone this file brought is on a suppression list kept on file.")


def undo(session: Session, batch: ImportBatch) -> dict[str, int]:
    """Remove the people the batch created and put back what it changed."""
    from organizer.services.importing.undo_people import undo_people

    return undo_people(session, batch)


KIND = KindSpec(
    touches=frozenset({PEOPLE, VOLUNTEERS, TAGS, REVIEW}),
    name="people",
    label="People",
    description="members, sign-in sheets, volunteers",
    command_help="import people from .xlsx, .xls, .ods, .csv, .tsv or .txt",
    nouns=("person", "people"),
    fields=FIELDS,
    synonyms=SYNONYMS,
    identifying=IDENTIFYING,
    identity="a name, email or phone",
    prepare=prepare,
    run=run,
    undo=undo,
    codec=ChunkCodec(chunk_to_json, chunk_from_json),
    numbered=frozenset({"email", "phone", "mobile_phone", "home_phone", "work_phone", "tags", "notes"}),
    yes_no_tags=True,
    grouped=True,
)
