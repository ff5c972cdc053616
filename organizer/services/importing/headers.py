"""Finding the header row and mapping headers to fields by synonyms (generic and national tools)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from organizer.services.importing.fields import CUSTOM, TAG

_NON_ALNUM = re.compile(r"[^a-z0-9#]+")
# An exported custom field whose name would read as a known field ("Custom: Phone #").
CUSTOM_PREFIX = "Custom: "

_PEOPLE: dict[str, tuple[str, ...]] = {
    "full_name": ("name", "fullname", "yourname", "contactname", "participant", "participantname",
                  "attendee", "attendeename", "signername", "printedname", "printname", "nombre completo",
                  "nombrecompleto", "nomcomplet", "nom complet", "volunteername", "member", "membername"),
    "given_name": ("first", "firstname", "fname", "givenname", "usergivenname", "forename", "nombre",
                   "prenom", "vorname", "primernombre", "first name"),
    "family_name": ("last", "lastname", "lname", "surname", "familyname", "userfamilyname", "apellido",
                    "apellidos", "nom", "nachname", "last name"),
    "additional_name": ("middle", "middlename", "middleinitial", "mi", "middlenameinitial"),
    "honorific_prefix": ("prefix", "title", "salutation", "honorific"),
    "honorific_suffix": ("suffix", "namesuffix", "suffixname"),
    "email": ("email", "emailaddress", "mail", "useremailaddress", "correo", "correoelectronico",
              "courriel", "emailadresse", "primaryemail", "personalemail", "workemail", "email1", "email2"),
    "phone": ("phone", "phonenumber", "phone#", "tel", "telephone", "telefono", "can2phone",
              "userphonenumber", "preferredphone", "prefphone", "contactphone", "primaryphone",
              "phone1", "phone2", "telefon", "numero", "telephonenumber", "phoneno"),
    "mobile_phone": ("mobile", "mobilenumber", "cell", "cellphone", "mobilephone", "cellnumber",
                     "celular", "cellphonenumber", "mobilephonenumber", "movil", "portable", "handy"),
    "home_phone": ("homephone", "landline", "homenumber", "homephonenumber"),
    "work_phone": ("workphone", "officephone", "workphonenumber", "businessphone"),
    "street": ("address", "address1", "addressline1", "street", "streetaddress", "vaddress",
               "mailingaddress", "resstreetaddress", "can2useraddress", "direccion", "adresse",
               "homeaddress", "residentialaddress", "residenceaddress", "useraddress", "addressline"),
    "address_line2": ("address2", "addressline2", "apt", "unit", "apartment", "suite", "aptunit",
                      "apartmentnumber", "aptnumber", "apt#"),
    "locality": ("city", "town", "locality", "can2usercity", "ciudad", "ville", "stadt", "usercity",
                 "municipality", "rescity", "rescityname"),
    "region": ("state", "stateabbreviated", "can2stateabbreviated", "province", "region", "stateprovince",
               "estado", "statecode", "userstate"),
    "postal_code": ("zip", "zipcode", "zip5", "postal", "postalcode", "postcode", "userpostalcode",
                    "codigopostal", "cp", "zippostalcode", "zipcode5", "plz", "can2userzipcode"),
    "country": ("country", "pais", "pays", "countrycode"),
    "tags": ("tags", "taglist", "can2usertags", "labels", "groups", "etiquetas"),
    "volunteer": ("isvolunteer", "volunteer", "wanttovolunteer", "canvolunteer", "voluntario",
                  "volunteer?", "interestedinvolunteering"),
    "do_not_call": ("donotcall", "dnc", "nocalls"),
    "do_not_text": ("donottext", "nosms", "notext"),
    "do_not_email": ("donotemail", "unsubscribed", "emailoptout"),
    "do_not_walk": ("donotwalk", "donotknock"),
    "notes": ("notes", "note", "comments", "comment", "notas", "remarques", "bemerkungen"),
    "gender_pronouns": ("pronouns", "genderpronouns", "pronombres"),
    "birthdate": ("birthdate", "dob", "dateofbirth", "birthday", "fechadenacimiento"),
    "languages": ("language", "languages", "languagesspoken", "idioma", "idiomas", "langue"),
    "uuid": ("uuid", "organizeruuid", "personuuid", "chapterorganizerid"),
}

_VOTERS: dict[str, tuple[str, ...]] = {
    "voter_id": ("voterregnum", "voterid", "vanid", "voterregistrationnumber", "regnum", "ncid",
                 "stateid", "statevoterid", "voternumber", "registrationnumber", "sosvoterid"),
    "full_name": ("name", "fullname", "votername"),
    "given_name": ("firstname", "first", "fname", "givenname"),
    "family_name": ("lastname", "last", "lname", "surname", "familyname"),
    "additional_name": ("middlename", "middle", "mi", "middleinitial"),
    "honorific_suffix": ("namesufxcd", "suffix", "namesuffix", "suffixname"),
    "street": ("resstreetaddress", "residentialaddress", "residenceaddress", "address", "vaddress",
               "streetaddress", "resaddress", "address1", "addressline1"),
    "street_number": ("househouse", "housenumber", "resHouseNumber".lower(), "streetnumber", "houseno"),
    "street_name": ("streetname", "resstreetname"),
    "address_line2": ("unit", "apt", "resunit", "unitnumber", "apartment", "address2"),
    "locality": ("rescityDesc".lower(), "city", "rescity", "town"),
    "region": ("state", "statecd", "resstate"),
    "postal_code": ("zipcode", "zip", "zip5", "reszipcode", "postalcode", "zipcd"),
    "precinct": ("precinctabbrv", "precinct", "precinctname", "precinctdesc", "precinctcode", "pct"),
    "ward": ("ward", "wardabbrv", "warddesc", "municipalityabbrv"),
    "district": ("district", "citycouncildistrict", "councildistrict", "districtname", "cong_dist_abbrv"),
    "party": ("party", "partycd", "partyaffiliation", "partycode"),
    "voter_status": ("voterstatusdesc", "status", "voterstatus", "registrationstatus", "statuscd"),
    "birth_year": ("birthyear", "yearofbirth", "byear"),
    "birthdate": ("birthdate", "dob", "dateofbirth"),
    "phone": ("phone", "phonenum", "fullphonenumber", "cellphone", "prefphone", "telephone"),
}


def normalize_header(header: str) -> str:
    """Lowercase, accents and punctuation dropped: "Phone #" → "phone#", "E-mail" → "email"."""
    text = unicodedata.normalize("NFKD", header)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return _NON_ALNUM.sub("", text)


def _index(table: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {normalize_header(s): key for key, synonyms in table.items() for s in synonyms}


SYNONYMS: dict[str, dict[str, str]] = {"people": _index(_PEOPLE), "voters": _index(_VOTERS)}


def field_for_header(kind: str, header: str) -> str | None:
    """The field a header names, or None when no synonym matches."""
    key = normalize_header(header)
    if not key:
        return None
    found = SYNONYMS[kind].get(key)
    if found is None and key.rstrip("0123456789") != key:
        # "Email 3", "Phone2": a numbered copy of a field that takes several values.
        base = SYNONYMS[kind].get(key.rstrip("0123456789"))
        found = base if base in {"email", "phone", "mobile_phone", "home_phone", "work_phone", "tags",
                                 "notes"} else None
    return found


def find_header_row(rows: Sequence[Sequence[str]], kind: str, scan: int = 30) -> int:
    """Index (0-based) of the header row among the first rows: the one naming most known fields."""
    best, best_score = -1, 0
    for index, row in enumerate(rows[:scan]):
        cells = [c for c in row if c.strip()]
        if len(cells) < 2 and not (len(cells) == 1 and field_for_header(kind, cells[0])):
            continue
        known = sum(1 for c in cells if field_for_header(kind, c))
        score = known * 10 + (len(cells) if known else 0)
        if score > best_score:
            best, best_score = index, score
    if best >= 0:
        return best
    for index, row in enumerate(rows[:scan]):
        if sum(1 for c in row if c.strip()) >= 2:
            return index
    return next((i for i, row in enumerate(rows) if any(c.strip() for c in row)), 0)


YES = frozenset({"y", "yes", "x", "true", "1", "si", "sí", "oui", "ja", "✓", "✔", "checked", "t"})
NO = frozenset({"n", "no", "false", "0", "f", "non", "nein", "unchecked", ""})


def is_yes_no_column(values: Sequence[str]) -> bool:
    """Whether the non-empty values are (nearly all) yes/no marks: a checkbox column."""
    marks = [v.strip().casefold() for v in values if v.strip()]
    known = sum(1 for m in marks if m in YES or m in NO)
    # One odd value ("maybe") in a checkbox column is kept as typed with a warning.
    odd = len(marks) - known
    return known >= 2 and odd <= max(1, len(marks) // 5) and any(m in YES for m in marks)


def _looks_typed_by_hand(header: str) -> bool:
    """A header a person wrote ("Spanish speaker?"), not a machine export's field ("attended")."""
    text = header.strip()
    if not text or "_" in text:
        return False
    return " " in text or "?" in text or any(ch.isupper() for ch in text)


def auto_map(kind: str, headers: Sequence[str], samples: Sequence[Sequence[str]]) -> list[str]:
    """A field key for each column: synonyms first, yes/no columns as tags, the rest custom."""
    mapping: list[str] = []
    used: set[str] = set()
    from organizer.services.importing.fields import is_multi

    for col, header in enumerate(headers):
        if header.casefold().startswith(CUSTOM_PREFIX.casefold()):
            mapping.append(CUSTOM)
            continue
        field = field_for_header(kind, header)
        if field is not None and field in used and not is_multi(kind, field):
            field = None
        if field is None:
            values = [row[col] if col < len(row) else "" for row in samples]
            is_tag = kind == "people" and _looks_typed_by_hand(header) and is_yes_no_column(values)
            field = TAG if is_tag else CUSTOM
        used.add(field)
        mapping.append(field)
    return mapping
