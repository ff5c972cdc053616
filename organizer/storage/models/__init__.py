"""Typed models for the whole data model; importing this registers every table."""

from organizer.storage.models.base import Base
from organizer.storage.models.events import Attendance, Event, Shift
from organizer.storage.models.merges import NotSamePair, PersonMerge
from organizer.storage.models.organizing import Office, Prospect, ProspectStageChange, Volunteer
from organizer.storage.models.people import (
    EmailAddress,
    ListMember,
    Person,
    PersonAlias,
    PersonList,
    PhoneNumber,
    PostalAddress,
    Tag,
    Tagging,
)
from organizer.storage.models.petitions import Petition, PetitionSheet, Signature
from organizer.storage.models.records import (
    ColumnMapping,
    ImportBatch,
    ImportChange,
    MergeConflict,
    PossibleDuplicate,
    Setting,
    Tombstone,
)
from organizer.storage.models.sharing import OfferedDeletion, Suppression
from organizer.storage.models.vote_history import VoteRecord
from organizer.storage.models.voters import ContactAttempt, Turf, Voter, WalkList, WalkListEntry

__all__ = [
    "Attendance",
    "Base",
    "ColumnMapping",
    "ContactAttempt",
    "EmailAddress",
    "Event",
    "ImportBatch",
    "ImportChange",
    "ListMember",
    "MergeConflict",
    "NotSamePair",
    "OfferedDeletion",
    "Office",
    "Person",
    "PersonAlias",
    "PersonList",
    "PersonMerge",
    "Petition",
    "PetitionSheet",
    "PhoneNumber",
    "PossibleDuplicate",
    "PostalAddress",
    "Prospect",
    "ProspectStageChange",
    "Setting",
    "Shift",
    "Signature",
    "Suppression",
    "Tag",
    "Tagging",
    "Tombstone",
    "Turf",
    "Volunteer",
    "VoteRecord",
    "Voter",
    "WalkList",
    "WalkListEntry",
]
