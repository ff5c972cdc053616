"""The main window: a sidebar of sections, menus, drag-and-drop import, remembered geometry."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import qtawesome as qta
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from organizer.services.container import Services
from ui.chapters.recent import remember_chapter
from ui.chapters.status import ChapterBanner, chapter_state
from ui.chapters.switching import ChapterSwitcher
from ui.dashboard.dashboard_view import DashboardView
from ui.events.events_view import EventsView
from ui.first_run import demo_path
from ui.help.about import AboutDialog
from ui.help.guide import GuideDialog
from ui.people.people_view import PeopleView
from ui.people.volunteers_view import VolunteersView
from ui.petitions.petitions_view import PetitionsView
from ui.pipeline.pipeline_view import PipelineView
from ui.review.review_view import ReviewView
from ui.shared.settings import APPLICATION as APPLICATION  # re-exported: ui.app imports these from here
from ui.shared.settings import ORGANIZATION as ORGANIZATION
from ui.shared.settings import app_settings as app_settings
from ui.shared.widgets import name_widget
from ui.sharing.menu import add_sharing_actions
from ui.voters.voters_view import VotersView
from ui.walklists.walklists_view import WalkListsView

log = logging.getLogger(__name__)
SPREADSHEET_SUFFIXES = {".xlsx", ".xls", ".ods", ".csv", ".tsv", ".txt"}
STATUS_TIMEOUT_MS = 6000


def import_wizard_class() -> Any:
    """The import wizard class, or None while that part of the app is not there."""
    try:
        from ui.imports.import_wizard import ImportWizard
    except ImportError:
        log.info("The import wizard is not available")
        return None
    return ImportWizard


def imports_view_class() -> Any:
    """The Imports section class, or None while that part of the app is not there."""
    try:
        from ui.imports.imports_view import ImportsView
    except ImportError:
        log.info("The Imports section is not available")
        return None
    return ImportsView


def dropped_spreadsheet(urls: list[Any]) -> Path | None:
    """The one local spreadsheet being dragged in, if that is what it is."""
    if len(urls) != 1 or not urls[0].isLocalFile():
        return None
    path = Path(urls[0].toLocalFile())
    return path if path.suffix.lower() in SPREADSHEET_SUFFIXES else None


class MainWindow(ChapterSwitcher):
    """One open chapter: its sections in a sidebar (People, Volunteers, Imports, …), menus and a banner."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.services = services
        self.state = chapter_state(services, demo_path())
        self.chapter_name = self.state.name
        self.setWindowTitle(self.state.title)
        if services.path is not None and self.state.backup is None:
            remember_chapter(services.path)
        self.setAcceptDrops(True)
        self._wizard_class = import_wizard_class()
        self._wizard: QWidget | None = None
        self.people = PeopleView(services, self, can_import=self._wizard_class is not None)
        self.volunteers = VolunteersView(services, self)
        self.events = EventsView(services, self)
        self.voters = VotersView(services, self, can_import=self._wizard_class is not None)
        self.walklists = WalkListsView(services, self)
        self.petitions = PetitionsView(services, self)
        imports_class = imports_view_class()
        self.imports: QWidget | None = imports_class(services, self) if imports_class else None
        self.review = ReviewView(services, self)
        self.pipeline = PipelineView(services, self)
        self.dashboard = DashboardView(services, self)
        self._build_central()
        self._build_actions()
        self._build_section_actions()
        self._build_help()
        self._connect_views()
        db_label = QLabel(services.path.name if services.path else "", self)
        db_label.setToolTip(str(services.path or ""))
        name_widget(db_label, "Database file")
        self.statusBar().addPermanentWidget(db_label)
        self.resize(1180, 760)
        self._restore()

    def _build_central(self) -> None:
        self.sidebar = QListWidget(self)
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setIconSize(QSize(18, 18))
        self.sidebar.setFixedWidth(176)
        name_widget(self.sidebar, "Sections", "Choose a section of the app")
        self.stack = QStackedWidget(self)
        sections: list[tuple[str, str, QWidget | None]] = [
            ("Dashboard", "fa5s.tachometer-alt", self.dashboard),
            ("People", "fa5s.users", self.people),
            ("Volunteers", "fa5s.hands-helping", self.volunteers),
            ("Events", "fa5s.calendar-alt", self.events),
            ("Petitions", "fa5s.file-signature", self.petitions),
            ("Walk lists", "fa5s.walking", self.walklists),
            ("Candidates", "fa5s.flag-checkered", self.pipeline),
            ("Voters", "fa5s.vote-yea", self.voters),
            ("Imports", "fa5s.file-import", self.imports),
            ("Review", "fa5s.clipboard-check", self.review),
        ]
        self.section_titles: list[str] = []
        for title, icon_name, widget in sections:
            if widget is None:
                continue
            self.section_titles.append(title)
            item = QListWidgetItem(qta.icon(icon_name), title)
            item.setSizeHint(QSize(0, 38))
            self.sidebar.addItem(item)
            self.stack.addWidget(widget)
        self.sidebar.currentRowChanged.connect(self._section_changed)
        self.banner = ChapterBanner(self)
        self.banner.show_state(self.state)
        self.banner.action_requested.connect(self._banner_action)
        central = QWidget(self)
        layout = QGridLayout(central)  # one layout, not nested ones: their cached minimum width can go stale
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner, 0, 0, 1, 2)
        layout.addWidget(self.sidebar, 1, 0)
        layout.addWidget(self.stack, 1, 1)
        layout.setColumnStretch(1, 1)
        layout.setRowStretch(1, 1)
        self.setCentralWidget(central)
        self.sidebar.setCurrentRow(0)

    def _action(self, text: str, icon_name: str, slot: Any, shortcut: Any = None) -> QAction:
        action = QAction(qta.icon(icon_name), text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.import_action = self._action("&Import spreadsheet…", "fa5s.file-import", self.open_import_wizard, "Ctrl+I")
        self.import_action.setEnabled(self._wizard_class is not None)
        self.new_chapter_action = self._action("New &chapter…", "fa5s.plus-square", self.new_chapter)
        self.open_action = self._action("&Open…", "fa5s.folder-open", self.choose_database,
                                        QKeySequence.StandardKey.Open)
        self.connect_action = self._action("Connect to a &server database…", "fa5s.server", self.connect_server)
        self.backups_action = self._action("&Backups…", "fa5s.archive", self.show_backups)
        self.backups_action.setEnabled(self.services.path is not None)
        self.quit_action = self._action("&Quit", "fa5s.power-off", self.close, QKeySequence.StandardKey.Quit)
        self.new_person_action = self._action("&New person…", "fa5s.user-plus", self.new_person, "Ctrl+N")
        self.find_action = self._action("&Find", "fa5s.search", self.focus_search, QKeySequence.StandardKey.Find)
        self.export_action = self._action("&Export people…", "fa5s.file-export", self.export_people)
        file_menu = self.menuBar().addMenu("&File")
        file_menu.addAction(self.new_chapter_action)
        file_menu.addAction(self.open_action)
        self.recent_menu = file_menu.addMenu(qta.icon("fa5s.history"), "Open &recent")
        self.recent_menu.aboutToShow.connect(self.fill_recent)
        self.fill_recent()
        file_menu.addAction(self.connect_action)
        file_menu.addSeparator()
        file_menu.addAction(self.import_action)
        file_menu.addAction(self.export_action)
        self.sharing_actions = add_sharing_actions(self, file_menu, self.services)
        file_menu.addAction(self.backups_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = self.menuBar().addMenu("&Edit")
        edit_menu.addAction(self.new_person_action)
        edit_menu.addAction(self.find_action)
        toolbar = QToolBar("Main toolbar", self)
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setIconSize(QSize(16, 16))
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        if self._wizard_class is not None:
            toolbar.addAction(self.import_action)
        toolbar.addAction(self.new_person_action)
        self.addToolBar(toolbar)

    def _build_section_actions(self) -> None:
        """View: one entry per section, Ctrl+1 … Ctrl+9 for the first nine."""
        self.view_menu = self.menuBar().addMenu("&View")
        self.section_actions: list[QAction] = []
        for row, title in enumerate(self.section_titles):
            action = QAction(title, self)
            if row < 9:
                action.setShortcut(QKeySequence(f"Ctrl+{row + 1}"))
            action.triggered.connect(lambda _checked=False, r=row: self.sidebar.setCurrentRow(r))
            self.addAction(action)
            self.view_menu.addAction(action)
            self.section_actions.append(action)

    def _build_help(self) -> None:
        self.guide_action = self._action("Chapter Organizer &guide", "fa5s.question-circle", self.show_guide,
                                         QKeySequence.StandardKey.HelpContents)
        if self.guide_action.shortcut().isEmpty():
            self.guide_action.setShortcut(QKeySequence("F1"))
        self.about_action = self._action("&About Chapter Organizer", "fa5s.info-circle", self.show_about)
        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addAction(self.guide_action)
        help_menu.addAction(self.about_action)

    def _connect_views(self) -> None:
        views = (self.people, self.volunteers, self.review, self.voters, self.events, self.petitions, self.walklists,
                 self.pipeline, self.dashboard)
        for view in views:
            view.status_message.connect(self.show_message)
        self.people.review_link.clicked.connect(self.open_review)
        self.voters.import_requested.connect(lambda: self.open_import_wizard())
        self.people.import_requested.connect(lambda: self.open_import_wizard())
        self.volunteers.people_requested.connect(lambda: self.show_section(self.people))
        self.dashboard.section_requested.connect(self.show_section_titled)

    # Sections --------------------------------------------------------------------------------

    def show_section(self, widget: QWidget) -> None:
        """Switch to a section."""
        self.sidebar.setCurrentRow(self.stack.indexOf(widget))

    def show_section_titled(self, title: str) -> None:
        """Switch to a section by its title (a dashboard figure's link); a section not there is ignored."""
        if title in self.section_titles:
            self.sidebar.setCurrentRow(self.section_titles.index(title))

    def _section_changed(self, row: int) -> None:
        if row >= 0:
            self.stack.setCurrentIndex(row)

    def current_section_title(self) -> str:
        """The title of the section shown."""
        row = self.sidebar.currentRow()
        return self.section_titles[row] if 0 <= row < len(self.section_titles) else ""

    def current_section(self) -> QWidget | None:
        """The section shown."""
        return self.stack.currentWidget()

    def open_review(self) -> None:
        """People's review link: the Review section, on the queue that waits."""
        self.show_section(self.review)
        self.review.show_duplicates()

    def focus_search(self) -> None:
        """Ctrl+F: the search box of the section shown."""
        focus = getattr(self.current_section(), "focus_search", None)
        if callable(focus):
            focus()

    def new_person(self) -> None:
        """Ctrl+N: go to People and open an empty form."""
        self.show_section(self.people)
        self.people.add_person()

    def export_people(self) -> None:
        """File → Export people…: go to People and open its export dialog."""
        self.show_section(self.people)
        self.people.export_people()

    def show_message(self, text: str) -> None:
        """A short note in the status bar."""
        self.statusBar().showMessage(text, STATUS_TIMEOUT_MS)

    # Import ----------------------------------------------------------------------------------

    def open_import_wizard(self, path: Path | None = None) -> None:
        """Open the import wizard (with a file already chosen when one was dropped)."""
        if self._wizard_class is None:
            return
        wizard = self._wizard_class(self.services, path, self)  # its import reaches every screen as a change
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._wizard = wizard
        wizard.open()

    # Help ------------------------------------------------------------------------------------

    def show_guide(self) -> None:
        """F1: the built-in guide, at the page about the section shown."""
        dialog = GuideDialog(self.current_section_title(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def show_about(self) -> None:
        """Help > About: the version, and where the database, backups and log are."""
        dialog = AboutDialog(self.services.path, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._wizard_class is not None and dropped_spreadsheet(event.mimeData().urls()) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        path = dropped_spreadsheet(event.mimeData().urls())
        if path is None or self._wizard_class is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.open_import_wizard(path)

    # Geometry --------------------------------------------------------------------------------

    def _restore(self) -> None:
        settings = app_settings()
        geometry = settings.value("main/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = settings.value("main/state")
        if state is not None:
            self.restoreState(state)
        section = settings.value("main/section", 0, type=int)
        if isinstance(section, int) and 0 <= section < self.sidebar.count():
            self.sidebar.setCurrentRow(section)

    def save_geometry(self) -> None:
        """Remember the window's size, position, toolbars and section."""
        settings = app_settings()
        settings.setValue("main/geometry", self.saveGeometry())
        settings.setValue("main/state", self.saveState())
        settings.setValue("main/section", self.sidebar.currentRow())

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_geometry()
        super().closeEvent(event)
