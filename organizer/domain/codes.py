"""The fixed vocabularies of the domain (statuses, result codes, kinds) with plain labels."""

from __future__ import annotations

from enum import StrEnum
from typing import Self

from organizer.domain.errors import InvalidValue


class Code(StrEnum):
    """A stored code: its value is what the database and CSV files hold, its label what people read."""

    @property
    def label(self) -> str:
        """Plain English: "not_registered" → "Not registered", unless the table says otherwise."""
        return _LABELS.get((type(self).__name__, self.value)) or self.value.replace("_", " ").capitalize()

    @property
    def order(self) -> int:
        """Position in the declared order: the rung of a ladder, the step of a pipeline."""
        return list(type(self)).index(self)

    @classmethod
    def parse(cls, raw: str) -> Self:
        """The member whose value or label is raw, ignoring case, spaces and hyphens ("Phone Bank")."""
        wanted = "_".join(str(raw).replace("-", " ").split()).casefold()
        for member in cls:
            if wanted in (member.value, "_".join(member.label.split()).casefold()):
                return member
        raise InvalidValue(f"not a known {_readable(cls.__name__)}: {str(raw).strip()!r}")


def _readable(class_name: str) -> str:
    words = "".join(f" {ch}" if ch.isupper() else ch for ch in class_name).split()
    return " ".join(w.lower() for w in words)


class EmailStatus(Code):
    SUBSCRIBED = "subscribed"
    UNSUBSCRIBED = "unsubscribed"
    BOUNCING = "bouncing"


class PhoneType(Code):
    MOBILE = "mobile"
    HOME = "home"
    WORK = "work"
    OTHER = "other"


class VolunteerStatus(Code):
    ACTIVE = "active"
    INACTIVE = "inactive"
    ALUMNI = "alumni"


class EngagementLevel(Code):
    """The volunteer ladder, lowest rung first."""

    SIGNED_UP = "signed_up"
    ATTENDED = "attended"
    TOOK_SHIFT = "took_shift"
    LED_SHIFT = "led_shift"
    LEADS_TEAM = "leads_team"


class ProspectStage(Code):
    """Candidate recruitment pipeline, in order; the last four are outcomes."""

    IDENTIFIED = "identified"
    INTRO_CALL = "intro_call"
    QUESTIONNAIRE = "questionnaire"
    VETTING = "vetting"
    ENDORSED = "endorsed"
    TRAINED = "trained"
    FILED = "filed"
    ON_BALLOT = "on_ballot"
    WON = "won"
    LOST = "lost"
    WITHDREW = "withdrew"
    NOT_A_FIT = "not_a_fit"


class PetitionKind(Code):
    ISSUE = "issue"
    BALLOT_ACCESS = "ballot_access"


class SheetStatus(Code):
    COLLECTED = "collected"
    CHECKED = "checked"
    CERTIFIED = "certified"
    FILED = "filed"


class SignatureStatus(Code):
    UNCHECKED = "unchecked"
    VALID = "valid"
    NOT_REGISTERED = "not_registered"
    OUTSIDE_DISTRICT = "outside_district"
    DUPLICATE = "duplicate"
    WRONG_PARTY = "wrong_party"
    INACTIVE = "inactive"
    ILLEGIBLE = "illegible"
    NEEDS_REVIEW = "needs_review"


class EventType(Code):
    MEETING = "meeting"
    TRAINING = "training"
    CANVASS = "canvass"
    PHONE_BANK = "phone_bank"
    TEXT_BANK = "text_bank"
    RALLY = "rally"
    HOUSE_PARTY = "house_party"
    VOTER_REGISTRATION = "voter_registration"
    FUNDRAISER = "fundraiser"
    OTHER = "other"


class EventStatus(Code):
    CONFIRMED = "confirmed"
    TENTATIVE = "tentative"
    CANCELLED = "cancelled"


class Visibility(Code):
    PUBLIC = "public"
    PRIVATE = "private"


class AttendanceStatus(Code):
    INVITED = "invited"
    REGISTERED = "registered"
    CONFIRMED = "confirmed"
    CANCELLED = "cancelled"
    DECLINED = "declined"


class ContactChannel(Code):
    DOOR = "door"
    PHONE = "phone"
    TEXT = "text"


class DoorResult(Code):
    CANVASSED = "canvassed"
    NOT_HOME = "not_home"
    REFUSED = "refused"
    MOVED = "moved"
    DECEASED = "deceased"
    INACCESSIBLE = "inaccessible"
    LANGUAGE_BARRIER = "language_barrier"
    DO_NOT_WALK = "do_not_walk"
    COME_BACK = "come_back"


class PhoneResult(Code):
    NOT_HOME = "not_home"
    LEFT_MESSAGE = "left_message"
    WRONG_NUMBER = "wrong_number"
    DISCONNECTED = "disconnected"
    DO_NOT_CALL = "do_not_call"
    REFUSED = "refused"


class VoterStatus(Code):
    ACTIVE = "active"
    INACTIVE = "inactive"


class ImportKind(Code):
    PEOPLE = "people"
    VOTERS = "voters"
    SHARE = "share"
    SIGNATURES = "signatures"
    ATTENDANCE = "attendance"
    VOTE_HISTORY = "vote-history"
    WALK_RESULTS = "walk-results"
    SUPPRESSIONS = "suppressions"


class RowOutcome(Code):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    REJECTED = "rejected"


class ListKind(Code):
    STATIC = "static"
    FILTER = "filter"


class WalkListSource(Code):
    VOTERS = "voters"
    PEOPLE = "people"


class DuplicateStatus(Code):
    OPEN = "open"
    MERGED = "merged"
    DISMISSED = "dismissed"


class RecordKind(Code):
    """The kinds of record a chapter shares; a tombstone names the kind of what was deleted."""

    PERSON = "person"
    EMAIL_ADDRESS = "email_address"
    PHONE_NUMBER = "phone_number"
    POSTAL_ADDRESS = "postal_address"
    TAG = "tag"
    LIST = "list"
    VOLUNTEER = "volunteer"
    PROSPECT = "prospect"
    PROSPECT_STAGE_CHANGE = "prospect_stage_change"
    PETITION = "petition"
    PETITION_SHEET = "petition_sheet"
    SIGNATURE = "signature"
    EVENT = "event"
    SHIFT = "shift"
    ATTENDANCE = "attendance"
    CONTACT_ATTEMPT = "contact_attempt"
    WALK_LIST = "walk_list"
    TURF = "turf"


# Where "value with spaces, capitalised" does not read well. Keyed by (enum name, value)
# because members of different enums with the same value compare equal as strings.
_LABELS: dict[tuple[str, str], str] = {
    ("EngagementLevel", "took_shift"): "Took a shift",
    ("EngagementLevel", "led_shift"): "Led a shift",
    ("EngagementLevel", "leads_team"): "Leads a team",
    ("ProspectStage", "on_ballot"): "On the ballot",
    ("PetitionKind", "ballot_access"): "Ballot access",
    ("SignatureStatus", "outside_district"): "Outside the district",
    ("PhoneResult", "left_message"): "Left a message",
    ("ImportKind", "share"): "Chapter share file",
    ("ImportKind", "voters"): "Voter file",
    ("ImportKind", "signatures"): "Petition signatures",
}
