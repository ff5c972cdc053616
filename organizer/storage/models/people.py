"""People and what hangs off them: emails, phones, addresses, tags, lists."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Index, String, Text, literal_column
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from organizer.domain.codes import EmailStatus, ListKind, PhoneType, RecordKind
from organizer.domain.text import fold
from organizer.storage.checks import code_check
from organizer.storage.models.base import Base, Shareable, utcnow


class Person(Base, Shareable):
    """One record per human; roles (volunteer, prospect, signer...) hang off it."""

    __tablename__ = "people"
    record_kind = RecordKind.PERSON.value
    __table_args__ = (
        # Name order for the People table, read straight off the index.
        Index("ix_people_sort", "family_key", "name_key", "id"),
        # Substring search scans this narrow covering index instead of the wide people rows.
        Index("ix_people_search", "search_text", "family_key", "name_key", "id"),
        # New people per month (the dashboard) counted off the index, not a scan of every person.
        Index("ix_people_created_at", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    given_name: Mapped[str] = mapped_column(String(200), default="")
    family_name: Mapped[str] = mapped_column(String(200), default="")
    additional_name: Mapped[str] = mapped_column(String(200), default="")
    honorific_prefix: Mapped[str] = mapped_column(String(50), default="")
    honorific_suffix: Mapped[str] = mapped_column(String(50), default="")
    gender_pronouns: Mapped[str] = mapped_column(String(50), default="")
    birthdate: Mapped[date | None]
    languages_spoken: Mapped[list[str]] = mapped_column(default=list)
    custom_fields: Mapped[dict[str, Any]] = mapped_column(default=dict)
    notes: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(200), default="")
    do_not_walk: Mapped[bool] = mapped_column(Boolean, default=False)
    do_not_call: Mapped[bool] = mapped_column(Boolean, default=False)
    do_not_text: Mapped[bool] = mapped_column(Boolean, default=False)
    do_not_email: Mapped[bool] = mapped_column(Boolean, default=False)
    deceased: Mapped[bool] = mapped_column(Boolean, default=False)
    moved: Mapped[bool] = mapped_column(Boolean, default=False)
    # Matching and search keys, kept in step with the fields above by the services.
    name_key: Mapped[str] = mapped_column(String(400), default="")
    family_key: Mapped[str] = mapped_column(String(200), default="")
    search_text: Mapped[str] = mapped_column(Text, default="")
    last_contacted_at: Mapped[datetime | None]
    # Bumped by every UPDATE of the row, ORM or core (the SQL runs in the UPDATE itself, so two writers
    # never give one number twice): a form saving a person changed since it opened them is refused. New rows
    # take the database's default, so bulk inserts list no column for it.
    version: Mapped[int] = mapped_column(server_default="1", onupdate=literal_column("version + 1"))

    emails: Mapped[list[EmailAddress]] = relationship(
        back_populates="person", cascade="all, delete-orphan", order_by="EmailAddress.id"
    )
    phones: Mapped[list[PhoneNumber]] = relationship(
        back_populates="person", cascade="all, delete-orphan", order_by="PhoneNumber.id"
    )
    addresses: Mapped[list[PostalAddress]] = relationship(
        back_populates="person", cascade="all, delete-orphan", order_by="PostalAddress.id"
    )
    tags: Mapped[list[Tag]] = relationship(secondary="taggings", order_by="Tag.name")


class EmailAddress(Base, Shareable):
    """An email address of a person (OSDI email_addresses[])."""

    __tablename__ = "email_addresses"
    record_kind = RecordKind.EMAIL_ADDRESS.value
    __table_args__ = (code_check("status", EmailStatus),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    address: Mapped[str] = mapped_column(String(320), index=True)
    primary: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(20), default="subscribed")

    person: Mapped[Person] = relationship(back_populates="emails")


class PhoneNumber(Base, Shareable):
    """A phone number of a person, stored as E.164 (OSDI phone_numbers[])."""

    __tablename__ = "phone_numbers"
    record_kind = RecordKind.PHONE_NUMBER.value
    __table_args__ = (code_check("number_type", PhoneType),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    number: Mapped[str] = mapped_column(String(32), index=True)
    extension: Mapped[str] = mapped_column(String(16), default="")
    number_type: Mapped[str] = mapped_column(String(20), default="other")
    primary: Mapped[bool] = mapped_column(Boolean, default=False)
    sms_capable: Mapped[bool | None]
    do_not_call: Mapped[bool] = mapped_column(Boolean, default=False)

    person: Mapped[Person] = relationship(back_populates="phones")


class PostalAddress(Base, Shareable):
    """A postal address of a person (OSDI postal_addresses[]) with walk-list keys."""

    __tablename__ = "postal_addresses"
    record_kind = RecordKind.POSTAL_ADDRESS.value
    __table_args__ = (Index("ix_postal_addresses_street_postal", "street_key", "postal_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    address_lines: Mapped[list[str]] = mapped_column(default=list)
    locality: Mapped[str] = mapped_column(String(200), default="")
    region: Mapped[str] = mapped_column(String(100), default="")
    postal_code: Mapped[str] = mapped_column(String(20), default="")
    country: Mapped[str] = mapped_column(String(2), default="")
    primary: Mapped[bool] = mapped_column(Boolean, default=False)
    street_key: Mapped[str] = mapped_column(String(300), default="")
    precinct: Mapped[str] = mapped_column(String(50), default="")

    person: Mapped[Person] = relationship(back_populates="addresses")


class Tag(Base, Shareable):
    """A label chapters put on people ("Spanish speaker", "Door knocker")."""

    __tablename__ = "tags"
    record_kind = RecordKind.TAG.value

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    # The name folded (case, accents, spaces): "door knocker" and "Door  Knocker" are one tag.
    folded_name: Mapped[str] = mapped_column(String(100), unique=True, index=True)

    @validates("name")
    def _fold_name(self, _key: str, name: str) -> str:
        self.folded_name = fold_tag_name(name)
        return name


def fold_tag_name(name: str) -> str:
    """The key two tag names must not share."""
    return fold(name)


class Tagging(Base):
    """A tag on a person."""

    __tablename__ = "taggings"

    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), primary_key=True)
    tag_id: Mapped[int] = mapped_column(
        ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class PersonList(Base, Shareable):
    """A saved list of people: static members or a saved filter."""

    __tablename__ = "lists"
    record_kind = RecordKind.LIST.value
    __table_args__ = (code_check("kind", ListKind),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(20), default=ListKind.STATIC.value)
    criteria: Mapped[dict[str, Any]] = mapped_column(default=dict)
    description: Mapped[str] = mapped_column(Text, default="")


class ListMember(Base):
    """A person on a static list."""

    __tablename__ = "list_members"

    list_id: Mapped[int] = mapped_column(ForeignKey("lists.id", ondelete="CASCADE"), primary_key=True)
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class PersonAlias(Base):
    """The uuid of a person merged into another: records from other chapters that name it still land."""

    __tablename__ = "person_aliases"

    uuid: Mapped[str] = mapped_column(String(36), primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
