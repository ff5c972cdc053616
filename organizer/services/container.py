"""The composition root of the core: opens a database and builds every service over it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import phonenumbers

from organizer.errors import ValidationFailed
from organizer.paths import folder_for_new_file
from organizer.progress import NO_PROGRESS, Progress
from organizer.services.changes import ChangeHub
from organizer.services.dashboard import DashboardService
from organizer.services.events import AttendanceService, EventService, GrowthService
from organizer.services.events.packet import EventFilesService
from organizer.services.imports import ImportService
from organizer.services.lookups import LookupService
from organizer.services.people import PeopleService
from organizer.services.people_export import ExportService
from organizer.services.person_record import PersonRecordService
from organizer.services.petitions import PetitionService
from organizer.services.prospects import ProspectService
from organizer.services.prospects_offices import OfficeService
from organizer.services.review import ReviewService
from organizer.services.settings import CHAPTER_NAME, CHAPTER_UUID, PHONE_REGION, SettingsService
from organizer.services.sharing.service import SharingService
from organizer.services.stats import StatsService
from organizer.services.tags import TagService
from organizer.services.volunteers import VolunteerService
from organizer.services.voters import VoterService
from organizer.services.walklists import WalkListService
from organizer.storage.database import Database
from organizer.storage.location import DatabaseLocation
from organizer.storage.models.base import new_uuid
from organizer.storage.opening import create_database, open_database, remove_database_files


@dataclass(frozen=True, slots=True)
class Services:
    """Every service of one open chapter database, and the hub that says what their writes changed.

    `db` is for the core's own use (the command line, the demo filler, tests); the desktop app never
    touches it: it has the services, `changes` and `path` (tests/unit/test_layering.py holds it to that).
    """

    db: Database
    changes: ChangeHub
    settings: SettingsService
    people: PeopleService
    tags: TagService
    volunteers: VolunteerService
    stats: StatsService
    imports: ImportService
    lookups: LookupService
    review: ReviewService
    records: PersonRecordService
    exports: ExportService
    voters: VoterService
    events: EventService
    attendance: AttendanceService
    growth: GrowthService
    event_files: EventFilesService
    walklists: WalkListService
    petitions: PetitionService
    sharing: SharingService
    prospects: ProspectService
    offices: OfficeService
    dashboard: DashboardService

    @property
    def path(self) -> Path | None:
        """The chapter's database file (None for one in memory)."""
        return self.db.path

    @property
    def server_location(self) -> str | None:
        """The server database's address (postgresql://user@host:port/db, no password) when the chapter
        lives on a server; None for a file."""
        location = self.db.location
        return location.label if location is not None and location.is_server else None

    def close(self) -> None:
        """Release the database."""
        self.db.close()


def build_services(db: Database) -> Services:
    """Services over an already open database, all publishing to one change hub."""
    settings = SettingsService(db)
    changes = ChangeHub()
    people = PeopleService(db, settings, changes)
    imports = ImportService(db, settings, changes)
    events, attendance = EventService(db, changes), AttendanceService(db, settings, changes)
    protect = (db.path,) if db.path is not None else ()
    return Services(
        db=db,
        changes=changes,
        settings=settings,
        people=people,
        tags=TagService(db, changes),
        volunteers=VolunteerService(db, changes, settings),
        stats=StatsService(db),
        imports=imports,
        lookups=LookupService(db, settings),
        review=ReviewService(db, settings, changes),
        records=PersonRecordService(db, settings, changes, people),
        exports=ExportService(db, settings, people),
        voters=VoterService(db),
        events=events,
        attendance=attendance,
        growth=GrowthService(db),
        event_files=EventFilesService(settings, events, attendance, imports, protect),
        walklists=WalkListService(db, changes),
        petitions=PetitionService(db, changes),
        sharing=SharingService(db, settings, changes),
        prospects=ProspectService(db, changes, settings),
        offices=OfficeService(db, changes),
        dashboard=DashboardService(db),
    )


def open_chapter(path: Path | DatabaseLocation) -> Services:
    """Open an existing chapter database (upgrading it after a backup if needed)."""
    return build_services(open_database(path))


def create_chapter(path: Path | DatabaseLocation, name: str, region: str = "US") -> Services:
    """Create a new chapter database; refuses an existing file."""
    region = region.strip().upper()
    if region not in phonenumbers.SUPPORTED_REGIONS:
        raise ValidationFailed({"region": f"{region!r} is not a country code like US, CA or GB"})
    if not name.strip():
        raise ValidationFailed({"chapter": "The chapter needs a name."})
    db = create_database(path, {CHAPTER_NAME: name.strip(), CHAPTER_UUID: new_uuid(), PHONE_REGION: region})
    return build_services(db)


DEMO_CHAPTER_NAME = "Riverside County Chapter (demo)"


def create_demo_chapter(path: Path | DatabaseLocation, progress: Progress = NO_PROGRESS, seed: int = 7) -> Services:
    """A new database filled with the demo chapter; a half-made file is removed if filling fails."""
    from organizer.services.demo import fill_demo

    if isinstance(path, Path):
        folder_for_new_file(path)  # the per-user data folder, on a first run: private, never left to the umask
    services = create_chapter(path, DEMO_CHAPTER_NAME, "US")
    try:
        fill_demo(services.db, seed=seed, progress=progress)
    except BaseException:
        services.close()
        remove_database_files(path)
        raise
    return services
