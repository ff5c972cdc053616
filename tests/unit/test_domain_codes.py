"""The fixed vocabularies: stored values, plain labels, ladder order and parsing."""

from __future__ import annotations

import pytest

from organizer.domain import codes
from organizer.domain.codes import (
    AttendanceStatus,
    Code,
    ContactChannel,
    DoorResult,
    DuplicateStatus,
    EmailStatus,
    EngagementLevel,
    EventStatus,
    EventType,
    ImportKind,
    ListKind,
    PetitionKind,
    PhoneResult,
    PhoneType,
    ProspectStage,
    RecordKind,
    RowOutcome,
    SheetStatus,
    SignatureStatus,
    Visibility,
    VolunteerStatus,
    VoterStatus,
    WalkListSource,
)
from organizer.domain.errors import InvalidValue

ALL_CODES: list[type[Code]] = [
    EmailStatus, PhoneType, VolunteerStatus, EngagementLevel, ProspectStage, PetitionKind, SheetStatus,
    SignatureStatus, EventType, EventStatus, Visibility, AttendanceStatus, ContactChannel, DoorResult,
    PhoneResult, VoterStatus, ImportKind, RowOutcome, ListKind, WalkListSource, DuplicateStatus, RecordKind,
]


@pytest.mark.parametrize(
    ("enum", "values"),
    [
        (EmailStatus, "subscribed unsubscribed bouncing"),
        (PhoneType, "mobile home work other"),
        (VolunteerStatus, "active inactive alumni"),
        (EngagementLevel, "signed_up attended took_shift led_shift leads_team"),
        (ProspectStage, "identified intro_call questionnaire vetting endorsed trained filed on_ballot won lost "
                        "withdrew not_a_fit"),
        (PetitionKind, "issue ballot_access"),
        (SheetStatus, "collected checked certified filed"),
        (SignatureStatus, "unchecked valid not_registered outside_district duplicate wrong_party inactive "
                          "illegible needs_review"),
        (EventType, "meeting training canvass phone_bank text_bank rally house_party voter_registration "
                    "fundraiser other"),
        (EventStatus, "confirmed tentative cancelled"),
        (Visibility, "public private"),
        (AttendanceStatus, "invited registered confirmed cancelled declined"),
        (ContactChannel, "door phone text"),
        (DoorResult, "canvassed not_home refused moved deceased inaccessible language_barrier do_not_walk "
                     "come_back"),
        (PhoneResult, "not_home left_message wrong_number disconnected do_not_call refused"),
        (VoterStatus, "active inactive"),
        (ImportKind, "people voters share signatures attendance vote-history walk-results suppressions"),
        (RowOutcome, "created updated unchanged rejected"),
        (ListKind, "static filter"),
        (WalkListSource, "voters people"),
        (DuplicateStatus, "open merged dismissed"),
        (RecordKind, "person email_address phone_number postal_address tag list volunteer prospect "
                     "prospect_stage_change petition petition_sheet signature event shift attendance "
                     "contact_attempt walk_list turf"),
    ],
)
def test_stored_values_in_declared_order(enum: type[Code], values: str) -> None:
    assert [m.value for m in enum] == values.split()
    assert [m.name for m in enum] == [v.upper().replace("-", "_") for v in values.split()]  # "vote-history"


@pytest.mark.parametrize(
    ("member", "label"),
    [
        (EngagementLevel.SIGNED_UP, "Signed up"),
        (EngagementLevel.ATTENDED, "Attended"),
        (EngagementLevel.TOOK_SHIFT, "Took a shift"),
        (EngagementLevel.LED_SHIFT, "Led a shift"),
        (EngagementLevel.LEADS_TEAM, "Leads a team"),
        (ProspectStage.INTRO_CALL, "Intro call"),
        (ProspectStage.ON_BALLOT, "On the ballot"),
        (ProspectStage.NOT_A_FIT, "Not a fit"),
        (SignatureStatus.NOT_REGISTERED, "Not registered"),
        (SignatureStatus.OUTSIDE_DISTRICT, "Outside the district"),
        (SignatureStatus.NEEDS_REVIEW, "Needs review"),
        (DoorResult.NOT_HOME, "Not home"),
        (DoorResult.DO_NOT_WALK, "Do not walk"),
        (DoorResult.LANGUAGE_BARRIER, "Language barrier"),
        (PhoneResult.LEFT_MESSAGE, "Left a message"),
        (PhoneResult.NOT_HOME, "Not home"),
        (EventType.PHONE_BANK, "Phone bank"),
        (EventType.VOTER_REGISTRATION, "Voter registration"),
        (PetitionKind.BALLOT_ACCESS, "Ballot access"),
        (ImportKind.SHARE, "Chapter share file"),
        (EmailStatus.BOUNCING, "Bouncing"),
        (RowOutcome.REJECTED, "Rejected"),
    ],
)
def test_label(member: Code, label: str) -> None:
    assert member.label == label


@pytest.mark.parametrize("enum", ALL_CODES)
def test_every_member_has_a_distinct_plain_label(enum: type[Code]) -> None:
    labels = [m.label for m in enum]
    assert all(label and label[0].isupper() and "_" not in label for label in labels)
    assert len(set(labels)) == len(labels)


def test_same_value_in_two_enums_keeps_its_own_label() -> None:
    assert str(EventStatus.CANCELLED) == str(AttendanceStatus.CANCELLED) == "cancelled"
    assert DoorResult.NOT_HOME.label == PhoneResult.NOT_HOME.label == "Not home"
    assert ImportKind.VOTERS.label == "Voter file"


def test_ladder_order() -> None:
    assert [m.order for m in EngagementLevel] == [0, 1, 2, 3, 4]
    assert EngagementLevel.LEADS_TEAM.order > EngagementLevel.TOOK_SHIFT.order
    assert ProspectStage.IDENTIFIED.order < ProspectStage.VETTING.order < ProspectStage.WON.order
    assert sorted([ProspectStage.FILED, ProspectStage.IDENTIFIED], key=lambda s: s.order)[0] is ProspectStage.IDENTIFIED


def test_members_are_plain_strings() -> None:
    assert isinstance(VolunteerStatus.ACTIVE, str)
    assert f"{VolunteerStatus.ACTIVE}" == "active"
    assert "-".join([VolunteerStatus.ACTIVE, PhoneType.MOBILE]) == "active-mobile"
    assert VolunteerStatus("alumni") is VolunteerStatus.ALUMNI


@pytest.mark.parametrize(
    ("enum", "raw", "member"),
    [
        (AttendanceStatus, "REGISTERED", AttendanceStatus.REGISTERED),
        (AttendanceStatus, " confirmed ", AttendanceStatus.CONFIRMED),
        (EventType, "Phone Bank", EventType.PHONE_BANK),
        (EventType, "phone-bank", EventType.PHONE_BANK),
        (EngagementLevel, "Took a shift", EngagementLevel.TOOK_SHIFT),
        (ProspectStage, "on the ballot", ProspectStage.ON_BALLOT),
        (DoorResult, "Do Not Walk", DoorResult.DO_NOT_WALK),
    ],
)
def test_parse(enum: type[Code], raw: str, member: Code) -> None:
    assert enum.parse(raw) is member


def test_parse_rejects_unknown_with_a_plain_reason() -> None:
    with pytest.raises(InvalidValue, match="not a known attendance status: 'maybe'"):
        AttendanceStatus.parse("maybe")


def test_every_code_enum_is_listed_here() -> None:
    found = {v for v in vars(codes).values() if isinstance(v, type) and issubclass(v, Code) and v is not Code}
    assert found == set(ALL_CODES)
