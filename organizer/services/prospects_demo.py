"""Demo chapter offices: the seats the demo prospects seek, an open seat nobody seeks, a special election soon."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select

from organizer.services import demo_names as n
from organizer.storage.models import Office, Person, Prospect

if TYPE_CHECKING:
    from organizer.services.demo import DemoState

FILING_OPENS = 130  # days before the election
FILING_CLOSES = 109


def make_offices(d: DemoState) -> None:
    """One catalog office per seat the upcoming prospects seek, plus two no prospect seeks yet."""
    prospects = list(d.session.scalars(select(Prospect).order_by(Prospect.id)))
    upcoming = max((p.election_date for p in prospects if p.election_date), default=d.today + timedelta(days=300))
    offices: dict[tuple[str, str], Office] = {}
    for plan in n.OFFICES:
        offices[(plan.office, plan.district)] = _office(plan.office, "", plan.jurisdiction, plan.district, upcoming)
    special = d.today + timedelta(days=70)
    extra = [_office("Water Authority Board", "Seat 1", "Alder County Water Authority", "", special,
                     closes=d.today + timedelta(days=10), notes="Special election after a resignation."),
             _office("School Board", "Seat 3", "Alder County Board of Education", "District 4", upcoming)]
    d.add([*offices.values(), *extra])
    d.session.flush()
    for p in prospects:
        person = d.by_id.get(p.person_id or 0) or d.session.get(Person, p.person_id)
        if person is not None:
            p.person_name = f"{person.given_name} {person.family_name}".strip()
        office = offices.get((p.office, p.district))
        if office is not None and p.election_date == upcoming:
            p.office_id = office.id
            p.filing_deadline = office.filing_closes
    d.counts["offices"] = len(offices) + len(extra)


def _office(name: str, seat: str, jurisdiction: str, district: str, election: date, closes: date | None = None,
            notes: str = "") -> Office:
    closes = closes or election - timedelta(days=FILING_CLOSES)
    return Office(name=name, seat=seat, jurisdiction=jurisdiction, district=district, election_date=election,
                  filing_opens=min(closes - timedelta(days=21), election - timedelta(days=FILING_OPENS)),
                  filing_closes=closes, open_seats=1, notes=notes)
