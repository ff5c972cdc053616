"""UI test fixtures: real services on a fresh database, a few people in it, no job left running."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QThreadPool

from organizer.services.container import Services
from organizer.services.people import PersonInput
from organizer.services.volunteers import VolunteerInput

PEOPLE = [
    PersonInput(given_name="Ana", family_name="Silva", emails=["ana@example.org"], phones=["919-555-0101"],
                postal_code="27601", tags=["Door knocker", "Parent"], custom_fields={"Employer": "Library"}),
    PersonInput(given_name="Bo", family_name="Chen", emails=["bo@example.org", "bo.chen@example.net"],
                postal_code="27604", tags=["Door knocker"], flags=["do_not_call"]),
    PersonInput(given_name="Carmen", family_name="Diaz", phones=["(984) 555-0199"], postal_code="27610"),
    PersonInput(given_name="Dev", family_name="Patel", emails=["dev@example.org"], tags=["Has car"]),
    PersonInput(given_name="Eli", family_name="Zimmerman", emails=["eli@example.org"]),
]


OFFSCREEN_NOISE = "This plugin does not support propagateSizeHints"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The offscreen platform warns when any top-level window is shown; that is not the app's doing."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))


@pytest.fixture
def services(services: Services, qtbot: object) -> Iterator[Services]:
    """The shared real services; background jobs are finished before the database closes."""
    yield services
    QThreadPool.globalInstance().waitForDone(10_000)


@pytest.fixture
def people(services: Services) -> dict[str, int]:
    """Five people (two tagged "Door knocker"; Ana an active volunteer, Dev an alumnus), by given name."""
    ids = {p.given_name: services.people.add(p).id for p in PEOPLE}
    services.volunteers.save(ids["Ana"], VolunteerInput(skills=["Canvassing"], languages=["Portuguese"]))
    services.volunteers.save(ids["Dev"], VolunteerInput(status="alumni", engagement_level="leads_team"))
    return ids


@pytest.fixture(autouse=True)
def _fresh_qsettings() -> Iterator[None]:
    """Window geometry and the remembered database start empty in every test."""
    QSettings("ChapterOrganizer", "Chapter Organizer").clear()
    yield
    QSettings("ChapterOrganizer", "Chapter Organizer").clear()
