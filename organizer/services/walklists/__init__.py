"""Walk lists: choosing doors, cutting turf, printing, and results keyed back in."""

from organizer.services.changes import WALKLISTS
from organizer.services.walklists.service import Outputs, Preview, WalkListService
from organizer.services.walklists.targets import REASON_LABELS, REASONS, WalkFilters

__all__ = ["REASONS", "REASON_LABELS", "WALKLISTS", "Outputs", "Preview", "WalkFilters", "WalkListService"]
