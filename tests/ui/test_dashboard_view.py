"""The Dashboard: friendly empty panels, figures from the services, links to sections, refresh on change."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from organizer.services.container import Services
from organizer.services.people import PersonInput
from organizer.services.prospects_rows import ProspectInput
from ui.dashboard.charts import ColumnChart, FunnelChart, GoalBar
from ui.dashboard.dashboard_view import EMPTY, DashboardView, when


def make_view(qtbot: QtBot, services: Services) -> DashboardView:
    view = DashboardView(services)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.query_finished, timeout=10_000):
        pass
    return view


def texts(view: DashboardView, key: str) -> list[str]:
    return [label.text() for label in view.cards[key].body.findChildren(QLabel)]


def test_an_empty_chapter_shows_a_friendly_line_per_panel(qtbot: QtBot, services: Services) -> None:
    view = make_view(qtbot, services)
    for key, card in view.cards.items():
        assert texts(view, key) == [EMPTY[key]], key
        assert not card.body.findChildren(ColumnChart)
    assert not view.grab().isNull()


def test_figures_come_from_the_chapter(qtbot: QtBot, services: Services, people: dict[str, int]) -> None:
    services.prospects.add(people["Ana"], ProspectInput(office="School Board", next_step="Call back",
                                                        next_step_due=date.today() - timedelta(days=3)))
    view = make_view(qtbot, services)
    assert any(">5</a></span> people, 5 new this month" in t for t in texts(view, "people"))
    assert any("Ana Silva (School Board): Call back" in t and "3 days overdue" in t for t in texts(view, "attention"))
    funnel = view.cards["prospects"].body.findChildren(FunnelChart)[0]
    assert funnel.accessibleName().startswith("Prospects by stage: Identified 1, Intro call 0")
    chart = view.cards["people"].body.findChildren(ColumnChart)[0]
    assert chart.accessibleName().endswith(f"{date.today():%b} 5")
    assert texts(view, "events") == [EMPTY["events"]]
    assert not view.grab().isNull()  # the charts paint


def test_a_figure_links_to_its_section(qtbot: QtBot, services: Services, people: dict[str, int]) -> None:
    view = make_view(qtbot, services)
    label = next(lb for lb in view.cards["people"].body.findChildren(QLabel) if 'href="People"' in lb.text())
    with qtbot.waitSignal(view.section_requested, timeout=2_000) as blocker:
        label.linkActivated.emit("People")
    assert blocker.args == ["People"]


def test_the_dashboard_follows_changes(qtbot: QtBot, services: Services) -> None:
    view = make_view(qtbot, services)
    with qtbot.waitSignal(view.query_finished, timeout=10_000):
        services.people.add(PersonInput(given_name="Ana", family_name="Silva"))
    assert any("people, 1 new this month" in t for t in texts(view, "people"))


def test_charts_name_their_figures() -> None:
    bar = GoalBar()
    bar.set_values(53, 250, 350, 144)
    assert bar.accessibleName() == "53 valid of 250 required, goal 350, 144 collected"
    assert when("2026-12-09T00:00:00+00:00", "America/New_York", date(2026, 12, 6)) == "Tue Dec 8, 7:00 PM"
    assert when("2027-01-02T15:00:00+00:00", "America/New_York", date(2026, 12, 6)) == "Sat Jan 2, 2027, 10:00 AM"


def test_the_summary_pdf_is_saved_where_chosen(qtbot: QtBot, services: Services, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from ui.dashboard import dashboard_view

    view = make_view(qtbot, services)
    monkeypatch.setattr(dashboard_view.QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(tmp_path / "s"), ""))
    with qtbot.waitSignal(view.status_message, timeout=10_000):
        view.pdf_button.click()
    assert (tmp_path / "s.pdf").read_bytes().startswith(b"%PDF-")
