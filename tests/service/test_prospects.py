"""The candidate pipeline: adding, moving with who and when, duplicates refused, deadlines checked, reminders."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from organizer.errors import NotFound, ValidationFailed
from organizer.services.changes import PROSPECTS, Change
from organizer.services.person_input import PersonInput
from organizer.services.prospects_offices import OfficeInput
from organizer.services.prospects_rows import AlreadyInPipeline, ProspectFilter, ProspectInput, UnknownStage
from organizer.storage.models import Prospect, ProspectStageChange, Tombstone

TODAY = date.today()


def person(services: Any, given: str = "Ana", family: str = "Silva") -> int:
    return int(services.people.add(PersonInput(given_name=given, family_name=family)).id)


def test_adding_records_the_first_stage_with_who_and_when(services: Any) -> None:
    pid = person(services)
    row = services.prospects.add(pid, ProspectInput(office="School Board", district="District 2",
                                                    election_date=TODAY + timedelta(days=200),
                                                    filing_deadline=TODAY + timedelta(days=90)), by="Maria Lopez")
    assert (row.name, row.office, row.stage, row.person_id) == ("Ana Silva", "School Board", "identified", pid)
    timeline = services.prospects.timeline(row.id)
    assert [(t.from_stage, t.to_stage, t.changed_by) for t in timeline] == [("", "identified", "Maria Lopez")]
    assert timeline[0].changed_at is not None and timeline[0].changed_on == TODAY


def test_a_move_is_kept_on_the_timeline_and_the_row_says_since_when(services: Any) -> None:
    row = services.prospects.add(person(services), ProspectInput(office="City Council"))
    moved = services.prospects.move(row.id, "Intro call", note="Good first talk", by="Sam")
    assert moved.stage == "intro_call" and moved.stage_since == TODAY
    moves = [(t.from_stage, t.to_stage, t.note, t.changed_by) for t in services.prospects.timeline(row.id)]
    assert moves[-1] == ("identified", "intro_call", "Good first talk", "Sam")


def test_an_unknown_stage_names_the_valid_ones_and_changes_nothing(services: Any) -> None:
    row = services.prospects.add(person(services), ProspectInput(office="City Council"))
    with pytest.raises(UnknownStage, match=r"identified, intro_call, questionnaire.*not_a_fit"):
        services.prospects.move(row.id, "nowhere")
    assert services.prospects.get(row.id).stage == "identified"
    assert len(services.prospects.timeline(row.id)) == 1


def test_a_filing_deadline_after_the_election_is_refused(services: Any) -> None:
    with pytest.raises(ValidationFailed, match="after the election") as caught:
        services.prospects.add(person(services), ProspectInput(
            office="School Board", election_date=date(2027, 11, 2), filing_deadline=date(2027, 12, 1)))
    assert "filing_deadline" in caught.value.problems
    with services.db.read() as session:
        assert session.scalar(select(func.count(Prospect.id))) == 0


def test_the_same_person_and_office_twice_is_refused_but_namesakes_are_not(services: Any) -> None:
    first, namesake = person(services), person(services)  # two people named Ana Silva
    services.prospects.add(first, ProspectInput(office="School Board", district="District 2"))
    with pytest.raises(AlreadyInPipeline, match="Ana Silva is already in the pipeline for School Board"):
        services.prospects.add(first, ProspectInput(office="school board ", district="district 2"))
    services.prospects.add(namesake, ProspectInput(office="School Board", district="District 2"))
    services.prospects.add(first, ProspectInput(office="City Council"))
    assert len(services.prospects.rows()) == 3


def test_a_finished_prospect_may_run_again(services: Any) -> None:
    pid = person(services)
    old = services.prospects.add(pid, ProspectInput(office="School Board"))
    services.prospects.move(old.id, "lost")
    services.prospects.add(pid, ProspectInput(office="School Board"))
    assert sorted(r.stage for r in services.prospects.rows()) == ["identified", "lost"]


def test_deleting_the_person_keeps_the_prospect_and_its_history(services: Any) -> None:
    pid = person(services, "Rae", "Kim")
    row = services.prospects.add(pid, ProspectInput(office="School Board"))
    services.prospects.move(row.id, "vetting")
    assert [r.name for r in services.prospects.for_people([pid])] == ["Rae Kim"]
    services.people.delete([pid])
    kept = services.prospects.get(row.id)
    assert (kept.person_id, kept.person_uuid, kept.name, kept.stage) == (None, None, "Rae Kim", "vetting")
    assert len(services.prospects.timeline(row.id)) == 2
    with services.db.read() as session:
        assert session.scalar(select(func.count(Tombstone.id)).where(Tombstone.uuid == row.uuid)) == 0


def test_deleting_a_prospect_leaves_tombstones_for_it_and_its_moves(services: Any) -> None:
    row = services.prospects.add(person(services), ProspectInput(office="School Board"))
    services.prospects.move(row.id, "vetting")
    services.prospects.delete(row.id)
    with services.db.read() as session:
        kinds = sorted(session.scalars(select(Tombstone.kind)))
        assert session.scalar(select(func.count(ProspectStageChange.id))) == 0
    assert kinds == ["prospect", "prospect_stage_change", "prospect_stage_change"]
    with pytest.raises(NotFound):
        services.prospects.get(row.id)


def test_writes_are_published_as_prospect_changes(services: Any) -> None:
    heard: list[Change] = []
    services.changes.subscribe(heard.append)
    pid = person(services)
    heard.clear()
    row = services.prospects.add(pid, ProspectInput(office="School Board"))
    services.prospects.move(row.id, "vetting")
    assert [c.touches(PROSPECTS) and pid in c.ids for c in heard] == [True, True]


def test_a_catalog_office_gives_its_dates_and_follows_its_changes(services: Any) -> None:
    election = TODAY + timedelta(days=300)
    office = services.offices.add(OfficeInput(name="School Board", seat="Seat 3", district="District 2",
                                              election_date=election, filing_closes=election - timedelta(days=100)))
    row = services.prospects.add(person(services), ProspectInput(office_id=office.id))
    assert (row.office, row.election_date, row.filing_deadline) == ("School Board", election,
                                                                    election - timedelta(days=100))
    services.offices.update(office.id, OfficeInput(name="School Board", seat="Seat 3", district="District 2",
                                                   election_date=election, filing_closes=election - timedelta(days=90)))
    assert services.prospects.get(row.id).filing_deadline == election - timedelta(days=90)
    assert services.offices.get(office.id).prospects == 1 and services.offices.uncontested() == []


def test_open_seats_with_no_prospect_are_listed(services: Any) -> None:
    services.offices.add(OfficeInput(name="Water Board", election_date=TODAY + timedelta(days=60)))
    services.offices.add(OfficeInput(name="Old Board", election_date=TODAY - timedelta(days=60)))
    assert [o.name for o in services.offices.uncontested()] == ["Water Board"]
    with pytest.raises(ValidationFailed, match="after the election"):
        services.offices.add(OfficeInput(name="X", election_date=TODAY, filing_closes=TODAY + timedelta(days=1)))


def test_reminders_name_overdue_steps_and_filing_deadlines_coming_up(services: Any) -> None:
    a = services.prospects.add(person(services, "Ana"), ProspectInput(
        office="School Board", next_step="Call back", next_step_due=TODAY - timedelta(days=3)))
    b = services.prospects.add(person(services, "Bo"), ProspectInput(
        office="City Council", filing_deadline=TODAY + timedelta(days=5), election_date=TODAY + timedelta(days=90)))
    services.prospects.add(person(services, "Cy"), ProspectInput(
        office="Mayor", next_step="Far off", next_step_due=TODAY + timedelta(days=60)))
    done = services.prospects.add(person(services, "Di"), ProspectInput(
        office="Clerk", next_step="Old", next_step_due=TODAY - timedelta(days=3)))
    services.prospects.move(done.id, "withdrew")
    reminders = services.prospects.reminders(TODAY, within=14)
    assert [(r.kind, r.prospect_id, r.days) for r in reminders] == [("next_step", a.id, -3),
                                                                    ("filing_deadline", b.id, 5)]


def test_filters_and_pipeline_order(services: Any) -> None:
    late = services.prospects.add(person(services, "Zed"), ProspectInput(office="School Board", stage="vetting"))
    early = services.prospects.add(person(services, "Amy"), ProspectInput(office="City Council"))
    assert [r.id for r in services.prospects.rows()] == [early.id, late.id]
    assert [r.id for r in services.prospects.rows(ProspectFilter(office="School Board"))] == [late.id]
    assert services.prospects.offices_in_use() == ["City Council", "School Board"]


def test_the_checklist_is_the_chapters_and_ticks_are_dated(services: Any) -> None:
    row = services.prospects.add(person(services), ProspectInput(office="School Board"))
    assert [item for item, _ in row.checklist][:2] == ["Intro call done", "Questionnaire received"]
    ticked = services.prospects.check_item(row.id, "References called", True, on=date(2026, 5, 1))
    assert dict(ticked.checklist)["References called"] == "2026-05-01"
    services.prospects.set_checklist_items(["Intro call done", "Residency checked"])
    items = dict(services.prospects.get(row.id).checklist)
    assert items == {"Intro call done": "", "Residency checked": "", "References called": "2026-05-01"}
