"""Petitions: sheets and circulators, signatures, checking them against the voter roll, the clerk's sample."""

from organizer.services.changes import PETITIONS
from organizer.services.petitions.checking import NoVoterRoll
from organizer.services.petitions.records import LineTaken, petition_problems
from organizer.services.petitions.reports import PetitionProgress
from organizer.services.petitions.rows import (
    CheckResult,
    PetitionInput,
    PetitionRow,
    ReasonTally,
    SheetInput,
    SheetRow,
    SignatureInput,
    SignatureRow,
    VoterCandidate,
)
from organizer.services.petitions.service import PetitionService

__all__ = ["PETITIONS", "CheckResult", "LineTaken", "NoVoterRoll", "PetitionInput", "PetitionProgress", "PetitionRow",
           "PetitionService", "ReasonTally", "SheetInput", "SheetRow", "SignatureInput", "SignatureRow",
           "VoterCandidate", "petition_problems"]
