"""The fields a spreadsheet column can map to, for people and for the voter roll."""

from __future__ import annotations

from dataclasses import dataclass

CUSTOM = "custom"  # keep the column in custom_fields under its header (the default)
IGNORE = "ignore"  # the user chose to leave the column out
TAG = "tag"  # a yes/no column: a "yes" puts a tag named after the header on the person


@dataclass(frozen=True, slots=True)
class Field:
    """A target of a column mapping."""

    key: str
    label: str
    multi: bool = False  # several columns may feed it (emails, phones, tags)


PEOPLE_FIELDS: tuple[Field, ...] = (
    Field("full_name", "Full name (split into parts)"),
    Field("given_name", "Given (first) name"),
    Field("family_name", "Family (last) name"),
    Field("additional_name", "Middle name"),
    Field("honorific_prefix", "Prefix (Dr., Rev.)"),
    Field("honorific_suffix", "Suffix (Jr., III)"),
    Field("email", "Email", multi=True),
    Field("phone", "Phone", multi=True),
    Field("mobile_phone", "Mobile phone", multi=True),
    Field("home_phone", "Home phone", multi=True),
    Field("work_phone", "Work phone", multi=True),
    Field("street", "Street address"),
    Field("address_line2", "Address line 2 (apt, unit)"),
    Field("locality", "City"),
    Field("region", "State"),
    Field("postal_code", "ZIP / postal code"),
    Field("country", "Country"),
    Field("tags", "Tags (comma-separated)", multi=True),
    Field(TAG, "Tag when yes (named after the column)", multi=True),
    Field("volunteer", "Volunteer (yes/no)"),
    Field("do_not_call", "Do not call (yes/no)"),
    Field("do_not_text", "Do not text (yes/no)"),
    Field("do_not_email", "Do not email (yes/no)"),
    Field("do_not_walk", "Do not walk (yes/no)"),
    Field("notes", "Notes", multi=True),
    Field("gender_pronouns", "Pronouns"),
    Field("birthdate", "Birthdate"),
    Field("languages", "Languages spoken", multi=True),
    Field("uuid", "Chapter Organizer id (uuid)"),
    Field(CUSTOM, "Keep as a custom field", multi=True),
    Field(IGNORE, "Leave out", multi=True),
)

VOTER_FIELDS: tuple[Field, ...] = (
    Field("voter_id", "Voter id"),
    Field("full_name", "Full name (split into parts)"),
    Field("given_name", "Given (first) name"),
    Field("family_name", "Family (last) name"),
    Field("additional_name", "Middle name"),
    Field("honorific_suffix", "Suffix (Jr., III)"),
    Field("street", "Residence street address"),
    Field("street_number", "House number"),
    Field("street_name", "Street name"),
    Field("address_line2", "Unit / apartment"),
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

FIELDS_BY_KIND: dict[str, tuple[Field, ...]] = {"people": PEOPLE_FIELDS, "voters": VOTER_FIELDS}


def field_keys(kind: str) -> set[str]:
    """The field keys valid for an import kind."""
    return {f.key for f in FIELDS_BY_KIND[kind]}


def is_multi(kind: str, key: str) -> bool:
    """Whether several columns may map to this field."""
    return any(f.key == key and f.multi for f in FIELDS_BY_KIND[kind])
