"""The Dashboard: the chapter at a glance, each panel on its own card; every figure links to the list behind it."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import qtawesome as qta
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from organizer.domain.codes import ProspectStage
from organizer.services.changes import Change
from organizer.services.container import Services
from organizer.services.dashboard import Dashboard, Panel
from organizer.services.prospects_rows import OUTCOMES
from ui.dashboard.charts import ColumnChart, FunnelChart, GoalBar
from ui.shared.changes import COALESCE_MS, ChangeRelay
from ui.shared.tasks import run_in_background
from ui.shared.widgets import name_widget, show_problem

# Which section each panel's figures open.
SECTION = {"attention": "Candidates", "people": "People", "events": "Events", "petitions": "Petitions",
           "prospects": "Candidates", "canvass": "Walk lists", "review": "Review"}
EMPTY = {
    "attention": "Nothing needs attention right now.",
    "people": "No people yet: import a spreadsheet or add a person in People.",
    "events": "No events yet: plan a meeting, training or canvass in Events.",
    "petitions": "No petitions yet: start one in Petitions.",
    "prospects": "No prospects yet: add someone the chapter hopes will run, in Candidates.",
    "canvass": "No doors knocked or calls made yet: build a walk list, then record what canvassers found.",
    "review": "Nothing waits for review.",
}
LAYOUT = (("attention", 1, 0, 1, 2), ("people", 2, 0, 1, 1), ("prospects", 2, 1, 1, 1), ("events", 3, 0, 1, 1),
          ("petitions", 3, 1, 1, 1), ("canvass", 4, 0, 1, 1), ("review", 4, 1, 1, 1))


def link(section: str, text: str) -> str:
    """Rich text linking to a section."""
    return f'<a href="{html.escape(section)}">{html.escape(text)}</a>'


def plural(n: int, one: str, many: str) -> str:
    """ "1 person", "3 people"."""
    return f"{n:,} {one if n == 1 else many}"


def when(iso: str, zone: str, today: date) -> str:
    """An event's start as "Tue Dec 9, 7:00 PM", in the event's time zone (else this computer's)."""
    moment = datetime.fromisoformat(iso)
    try:
        moment = moment.astimezone(ZoneInfo(zone)) if zone else moment.astimezone()
    except (ZoneInfoNotFoundError, ValueError):
        moment = moment.astimezone()
    day = f"{moment:%a} {moment:%b} {moment.day}" + ("" if moment.year == today.year else f", {moment.year}")
    return f"{day}, {moment:%I:%M %p}".replace(" 0", " ")


class PanelCard(QFrame):
    """One panel: a title linking to its section and the panel's figures (or a friendly empty line)."""

    def __init__(self, key: str, title: str, on_link: Callable[[str], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key, self._on_link = key, on_link
        self.setObjectName("dashCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        self.title = self.label(f'<a href="{SECTION[key]}" style="text-decoration:none">'
                                f'<span style="font-size:12pt; font-weight:600">{html.escape(title)}</span></a>')
        self.title.setObjectName("dashTitle")
        layout.addWidget(self.title)
        self.body = QWidget(self)
        layout.addWidget(self.body, 1)
        name_widget(self, title)

    def label(self, text: str, parent: QWidget | None = None) -> QLabel:
        """A rich-text line whose links open sections (by mouse or by Tab and Enter)."""
        out = QLabel(text, parent or self)
        out.setWordWrap(True)
        out.setTextFormat(Qt.TextFormat.RichText)
        out.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        out.linkActivated.connect(self._on_link)
        return out

    def show_panel(self, panel: Panel, today: date) -> None:
        """Replace the body with the panel's figures."""
        self.body.deleteLater()
        self.body = QWidget(self)
        box = QVBoxLayout(self.body)
        box.setContentsMargins(0, 0, 0, 0)
        if panel.unavailable:
            box.addWidget(self.muted("This panel could not be read; the log has the details."))
        elif panel.empty:
            box.addWidget(self.muted(EMPTY[panel.key]))
        else:
            FILL[panel.key](self, box, panel.figures, today)
        box.addStretch(1)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.addWidget(self.body, 1)

    def muted(self, text: str) -> QLabel:
        """A quiet line."""
        out = self.label(text, self.body)
        out.setObjectName("mutedNote")
        return out


def fill_attention(card: PanelCard, box: QVBoxLayout, f: dict[str, Any], today: date) -> None:
    counts = [link("Candidates", plural(f["overdue_follow_ups"], "overdue follow-up", "overdue follow-ups")),
              link("Candidates", plural(f["deadlines_this_week"], "deadline this week", "deadlines this week")),
              link("Review", plural(f["conflicts"], "conflict", "conflicts")),
              link("Review", plural(f["possible_duplicates"], "possible duplicate", "possible duplicates"))]
    box.addWidget(card.label(" · ".join(counts), card.body))
    for item in f["items"][:8]:
        due = date.fromisoformat(item["due"]) if item["due"] else today
        days = (due - today).days
        note = f"{-days} days overdue" if days < 0 else "today" if days == 0 else f"in {days} days"
        box.addWidget(card.label(f"• {link(item['section'], item['text'])} <i>({note})</i>", card.body))


def fill_people(card: PanelCard, box: QVBoxLayout, f: dict[str, Any], _today: date) -> None:
    people = link("People", f"{f['people']:,}")
    box.addWidget(card.label(
        f"<span style='font-size:16pt'>{people}</span> people, "
        f"{f['new_people_this_month']:,} new this month<br>"
        f"{link('Volunteers', plural(f['volunteers'], 'volunteer', 'volunteers'))} "
        f"({f['active_volunteers']:,} active), {f['new_volunteers_this_month']:,} new this month", card.body))
    chart = ColumnChart(card.body)
    chart.set_items([(date.fromisoformat(g["month"] + "-01").strftime("%b"), g["new_people"]) for g in f["growth"]],
                    "New people per month")
    box.addWidget(chart)


def fill_events(card: PanelCard, box: QVBoxLayout, f: dict[str, Any], today: date) -> None:
    if not f["upcoming"]:
        box.addWidget(card.muted("No upcoming events: plan the next one in Events."))
    for event in f["upcoming"]:
        room = f" of {event['capacity']}" if event["capacity"] else ""
        starts = when(event["starts_at"], event.get("time_zone") or "", today)
        box.addWidget(card.label(f"<b>{html.escape(starts)}</b> · "
                                 f"{link('Events', event['title'])} · {event['rsvps']}{room} RSVPs", card.body))
    box.addWidget(card.muted(f"Last 30 days: {plural(f['past_month_events'], 'event', 'events')}, "
                             f"{plural(f['past_month_attended'], 'person came', 'people came')}"))


def fill_petitions(card: PanelCard, box: QVBoxLayout, f: dict[str, Any], _today: date) -> None:
    for p in f["petitions"]:
        if p["required"]:
            line = (f"{p['valid']:,} valid of {p['required']:,} required (goal {p['goal']:,}), "
                    f"{p['signatures']:,} in all")
        else:
            line = f"{p['signatures']:,} signatures, {p['valid']:,} checked valid"
        if p["days_left"] is not None:
            line += f" · {plural(p['days_left'], 'day', 'days')} left" if p["days_left"] >= 0 else " · deadline passed"
        box.addWidget(card.label(f"{link('Petitions', p['title'])}<br><span>{html.escape(line)}</span>", card.body))
        bar = GoalBar(card.body)
        bar.set_values(p["valid"], p["required"], p["goal"], p["signatures"])
        box.addWidget(bar)


def fill_prospects(card: PanelCard, box: QVBoxLayout, f: dict[str, Any], _today: date) -> None:
    funnel = FunnelChart(card.body)
    funnel.set_items([(s.label, f["by_stage"][s.value]) for s in ProspectStage if s not in OUTCOMES],
                     "Prospects by stage")
    box.addWidget(funnel)
    outcomes = ", ".join(f"{s.label.lower()} {f['by_stage'][s.value]}" for s in ProspectStage if s in OUTCOMES)
    box.addWidget(card.muted(f"Outcomes: {outcomes}"))
    box.addWidget(card.label(
        f"{link('Candidates', plural(f['overdue_next_steps'], 'next step overdue', 'next steps overdue'))} · "
        f"{link('Candidates', plural(f['filing_deadlines_14_days'], 'filing deadline', 'filing deadlines'))}"
        " within 14 days", card.body))
    if f["open_seats_without_prospect"]:
        box.addWidget(card.label("Open seats with no prospect: " + html.escape("; ".join(
            f["open_seats_without_prospect"])), card.body))


def fill_canvass(card: PanelCard, box: QVBoxLayout, f: dict[str, Any], _today: date) -> None:
    channels = ", ".join(f"{k} {v:,}" for k, v in f["by_channel"].items())
    contacts = link("Walk lists", f"{f['contacts']:,}")
    box.addWidget(card.label(
        f"<span style='font-size:16pt'>{contacts}</span> contacts "
        f"({html.escape(channels)}), {f['contacts_last_30_days']:,} in the last 30 days<br>"
        f"{plural(f['conversations'], 'conversation', 'conversations')} · "
        f"{plural(f['walk_lists'], 'walk list', 'walk lists')}", card.body))


def fill_review(card: PanelCard, box: QVBoxLayout, f: dict[str, Any], _today: date) -> None:
    conflicts = link("Review", plural(f["conflicts"], "conflict", "conflicts"))
    duplicates = link("Review", plural(f["possible_duplicates"], "possible duplicate", "possible duplicates"))
    box.addWidget(card.label(f"{conflicts} and {duplicates} wait for review", card.body))


FILL: dict[str, Callable[[PanelCard, QVBoxLayout, dict[str, Any], date], None]] = {
    "attention": fill_attention, "people": fill_people, "events": fill_events, "petitions": fill_petitions,
    "prospects": fill_prospects, "canvass": fill_canvass, "review": fill_review,
}


class DashboardView(QScrollArea):
    """The home screen: loads every panel in the background and again whenever anything changes."""

    section_requested = Signal(str)
    status_message = Signal(str)
    query_finished = Signal()

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dashboardView")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self._services, self._generation = services, 0
        holder = QWidget(self)
        grid = QGridLayout(holder)
        grid.setSpacing(12)
        self.pdf_button = QPushButton(qta.icon("fa5s.file-pdf"), "Save summary PDF…", holder)
        self.pdf_button.setToolTip("A one-page summary of the chapter for a meeting agenda")
        name_widget(self.pdf_button, "Save summary PDF")
        self.pdf_button.clicked.connect(self.save_summary)
        top = QHBoxLayout()
        top.addStretch(1)
        top.addWidget(self.pdf_button)
        grid.addLayout(top, 0, 0, 1, 2)
        self.cards: dict[str, PanelCard] = {}
        titles = {"attention": "Needs attention", "people": "People and volunteers", "events": "Upcoming events",
                  "petitions": "Petitions", "prospects": "Candidate pipeline", "canvass": "Canvassing",
                  "review": "Review"}
        for key, row, column, rows, columns in LAYOUT:
            card = PanelCard(key, titles[key], self._link, holder)
            grid.addWidget(card, row, column, rows, columns)
            self.cards[key] = card
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(len(LAYOUT) + 1, 1)
        self.setWidget(holder)
        # Every section feeds a panel: any change may move a figure, so listen to all of them.
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(COALESCE_MS * 10)
        self._timer.timeout.connect(self.refresh)
        self.relay = ChangeRelay(services.changes, self)
        self.relay.changed.connect(self._changed)
        self.refresh()

    def save_summary(self) -> None:
        """Save the one-page PDF summary (the save dialog asks before replacing a file)."""
        name, _ = QFileDialog.getSaveFileName(self, "Save the chapter summary", "chapter-summary.pdf", "PDF (*.pdf)")
        if not name:
            return
        path = Path(name if name.lower().endswith(".pdf") else f"{name}.pdf")
        services = self._services
        run_in_background(self, lambda _p, _c: services.dashboard.save_summary(
            path, services.settings.chapter_name(), force=True),
            lambda saved: self.status_message.emit(f"Saved the chapter summary to {saved.name}."),
            lambda exc: show_problem(self, exc))

    def _link(self, section: str) -> None:
        self.section_requested.emit(section)

    def _changed(self, _change: Change) -> None:
        self._timer.start()

    def refresh(self) -> None:
        """Read every panel again, in the background; only the newest answer is shown."""
        self._generation += 1
        generation, dashboard = self._generation, self._services.dashboard
        run_in_background(self, lambda _p, _c: dashboard.build(), lambda board: self._loaded(generation, board),
                          lambda exc: show_problem(self, exc) if generation == self._generation else None)

    def _loaded(self, generation: int, board: Dashboard) -> None:
        if generation != self._generation:
            return
        for panel in board.panels:
            if panel.key in self.cards:
                self.cards[panel.key].show_panel(panel, board.today)
        self.query_finished.emit()
