"""The offices and elections a chapter follows: seats, filing windows, election days, seats with no prospect."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from organizer.domain.text import fold
from organizer.errors import NotFound, UserError, ValidationFailed
from organizer.services.changes import PROSPECTS, Change, ChangeHub
from organizer.services.prospects_rows import OUTCOMES
from organizer.storage.database import Database
from organizer.storage.models import Office, Prospect


@dataclass(slots=True)
class OfficeInput:
    """An office as typed: "School Board", seat "Seat 3", its filing window and election day."""

    name: str
    seat: str = ""
    jurisdiction: str = ""
    district: str = ""
    election_date: date | None = None
    filing_opens: date | None = None
    filing_closes: date | None = None
    open_seats: int = 1
    notes: str = ""


@dataclass(frozen=True, slots=True)
class OfficeRow:
    """An office with how many open prospects seek it."""

    id: int
    uuid: str
    name: str
    seat: str
    jurisdiction: str
    district: str
    election_date: date | None
    filing_opens: date | None
    filing_closes: date | None
    open_seats: int
    notes: str
    prospects: int  # prospects still in the pipeline for it

    @property
    def title(self) -> str:
        """ "School Board, Seat 3, District 2"."""
        return ", ".join(p for p in (self.name, self.seat, self.district) if p)

    @property
    def uncontested(self) -> bool:
        """An open seat the chapter has nobody for yet."""
        return self.prospects == 0

    def to_json(self) -> dict[str, Any]:
        """As the command line prints it."""
        return {"id": self.id, "uuid": self.uuid, "name": self.name, "seat": self.seat,
                "jurisdiction": self.jurisdiction, "district": self.district, "election": _day(self.election_date),
                "filing_opens": _day(self.filing_opens), "filing_closes": _day(self.filing_closes),
                "open_seats": self.open_seats, "prospects": self.prospects, "notes": self.notes}


def _day(day: date | None) -> str | None:
    return day.isoformat() if day else None


def office_problems(data: OfficeInput) -> dict[str, str]:
    """What is wrong with an office as typed (empty when nothing is)."""
    problems: dict[str, str] = {}
    if not data.name.strip():
        problems["name"] = "Name the office (School Board, City Council…)."
    if data.filing_opens and data.filing_closes and data.filing_opens > data.filing_closes:
        problems["filing_opens"] = "Filing opens after it closes: check both dates."
    if data.election_date and data.filing_closes and data.filing_closes > data.election_date:
        problems["filing_closes"] = (f"Filing closes ({data.filing_closes.isoformat()}) after the election "
                                     f"({data.election_date.isoformat()}): check both dates.")
    if data.open_seats < 0:
        problems["open_seats"] = "The number of open seats cannot be negative."
    return problems


class OfficeService:
    """Use cases on the chapter's catalog of offices."""

    def __init__(self, db: Database, changes: ChangeHub) -> None:
        self._db = db
        self._changes = changes

    def rows(self) -> list[OfficeRow]:
        """Every office, soonest election first."""
        active = (select(Prospect.office_id, func.count().label("n")).where(Prospect.stage.not_in(list(OUTCOMES)))
                  .group_by(Prospect.office_id).subquery())
        stmt = (select(Office, active.c.n).outerjoin(active, active.c.office_id == Office.id)
                .order_by(Office.election_date.is_(None), Office.election_date, Office.name, Office.seat, Office.id))
        with self._db.read() as session:
            return [_row(o, int(n or 0)) for o, n in session.execute(stmt)]

    def uncontested(self) -> list[OfficeRow]:
        """Open seats with no prospect in the pipeline, whose election is not past."""
        today = date.today()
        return [o for o in self.rows() if o.uncontested and o.open_seats > 0
                and (o.election_date is None or o.election_date >= today)]

    def find(self, name: str, district: str = "") -> OfficeRow | None:
        """The one office of this name (and district, when given), or None when none or several are."""
        found = [o for o in self.rows() if fold(o.name) == fold(name)
                 and (not district or fold(district) in (fold(o.district), fold(o.seat)))]
        return found[0] if len(found) == 1 else None

    def add(self, data: OfficeInput) -> OfficeRow:
        """Add an office to the catalog."""
        _check(data)
        with self._db.write() as session:
            office = Office()
            _fill(office, data)
            _refuse_twin(session, office)
            session.add(office)
            session.flush()
            new_id = office.id
        self._changes.publish(Change.of(PROSPECTS))
        return self.get(new_id)

    def update(self, office_id: int, data: OfficeInput) -> OfficeRow:
        """Change an office; its prospects take its new name, district and dates."""
        _check(data)
        with self._db.write() as session:
            office = session.get(Office, office_id)
            if office is None:
                raise NotFound(f"There is no office with id {office_id}.")
            _fill(office, data)
            district = ", ".join(p for p in (office.seat, office.district) if p)
            session.execute(update(Prospect).where(Prospect.office_id == office_id).values(
                office=office.name, district=district, election_date=office.election_date,
                filing_deadline=office.filing_closes))
        self._changes.publish(Change.of(PROSPECTS))
        return self.get(office_id)

    def remove(self, office_id: int) -> None:
        """Take an office out of the catalog; its prospects keep its name and dates as typed."""
        with self._db.write() as session:
            office = session.get(Office, office_id)
            if office is None:
                raise NotFound(f"There is no office with id {office_id}.")
            session.delete(office)
        self._changes.publish(Change.of(PROSPECTS))

    def get(self, office_id: int) -> OfficeRow:
        """One office; raises NotFound."""
        for row in self.rows():
            if row.id == office_id:
                return row
        raise NotFound(f"There is no office with id {office_id}.")


def _check(data: OfficeInput) -> None:
    problems = office_problems(data)
    if problems:
        raise ValidationFailed(problems)


def _refuse_twin(session: Session, office: Office) -> None:
    """The same office already in the catalog is refused: the same name and seat, and the same jurisdiction,
    district and election where the new one gives them."""
    same = [func.lower(Office.name) == office.name.lower(), func.lower(Office.seat) == office.seat.lower()]
    same += [func.lower(column) == value.lower() for column, value in ((Office.jurisdiction, office.jurisdiction),
                                                                      (Office.district, office.district)) if value]
    if office.election_date is not None:
        same.append(Office.election_date == office.election_date)
    twin = session.execute(select(Office.id, Office.name, Office.seat).where(*same).limit(1)).first()
    if twin is not None:
        raise UserError(f"Office {twin.id} is already {twin.name}" + (f", {twin.seat}" if twin.seat else "")
                        + ": edit that one instead ('office list' shows it).")


def _fill(office: Office, data: OfficeInput) -> None:
    office.name, office.seat = " ".join(data.name.split()), " ".join(data.seat.split())
    office.jurisdiction, office.district = data.jurisdiction.strip(), data.district.strip()
    office.election_date, office.filing_opens, office.filing_closes = (data.election_date, data.filing_opens,
                                                                       data.filing_closes)
    office.open_seats, office.notes = data.open_seats, data.notes.strip()


def _row(o: Office, prospects: int) -> OfficeRow:
    return OfficeRow(o.id, o.uuid, o.name, o.seat, o.jurisdiction, o.district, o.election_date, o.filing_opens,
                     o.filing_closes, o.open_seats, o.notes, prospects)
