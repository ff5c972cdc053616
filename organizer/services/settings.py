"""Chapter preferences the core needs: name, uuid, default phone region."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from sqlalchemy import select

from organizer.storage.database import Database
from organizer.storage.models import Setting

CHAPTER_NAME = "chapter_name"
CHAPTER_UUID = "chapter_uuid"  # the chapter's own identity, carried by what it shares
PHONE_REGION = "phone_region"
DEMO_DATA = "demo_data"  # "yes" in a chapter the demo filled: made-up people, not a real chapter's
DEFAULT_REGION = "US"


@dataclass(frozen=True, slots=True)
class ChapterInfo:
    """Who this chapter is: its name, its uuid and the region its phone numbers default to."""

    name: str
    uuid: str
    phone_region: str


class SettingsService:
    """Reads and writes chapter settings; the phone region is cached for the session."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self, key: str, default: str = "") -> str:
        """One setting's value."""
        with self._db.read() as session:
            value = session.scalar(select(Setting.value).where(Setting.key == key))
            return default if value is None else value

    def set(self, key: str, value: str) -> None:
        """Store one setting."""
        with self._db.write() as session:
            session.merge(Setting(key=key, value=value))
        if key == PHONE_REGION:
            self.__dict__.pop("_region", None)

    def chapter_name(self) -> str:
        """The chapter's name as shown in the title bar."""
        return self.get(CHAPTER_NAME, "My chapter")

    def is_demo(self) -> bool:
        """Whether the chapter holds the made-up demo data."""
        return self.get(DEMO_DATA) == "yes"

    def chapter(self) -> ChapterInfo:
        """The chapter's name, uuid and phone region."""
        return ChapterInfo(self.chapter_name(), self.get(CHAPTER_UUID), self.phone_region())

    @cached_property
    def _region(self) -> str:
        return self.get(PHONE_REGION, DEFAULT_REGION) or DEFAULT_REGION

    def phone_region(self) -> str:
        """The region used to read phone numbers written without a country code."""
        return self._region
