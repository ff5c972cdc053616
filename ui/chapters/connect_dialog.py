"""File → Connect to a server database…: host, port, database, user and password; the password kept in the
OS keyring only when asked."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from organizer.errors import ValidationFailed, explain
from organizer.services.container import Services
from organizer.services.server_login import NO_KEYRING, PasswordNotKept, Passwords, ServerLogin, checked
from ui.chapters.recent import remember_chapter
from ui.shared.tasks import run_in_background
from ui.shared.widgets import FieldBox, show_problem

Opener = Callable[[ServerLogin], Services]
CONNECTING = "Connecting…"
EMPTY_PASSWORD = "Leave it empty to use ~/.pgpass or PGPASSWORD, as other PostgreSQL programs do."


class ConnectDialog(QDialog):
    """Asks where the server database is and who logs in, opens it in the background, and emits `connected`
    with the open chapter; a refused login or an unreachable server is said in the dialog, which stays open."""

    connected = Signal(object)  # Services of the chapter just opened

    def __init__(self, passwords: Passwords, opener: Opener, parent: QWidget | None = None, *,
                 login: ServerLogin | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("connectDialog")
        self.setWindowTitle("Connect to a server database")
        self._passwords = passwords
        self._opener = opener
        self._busy = False
        self.keeps_passwords = passwords.available()
        title = QLabel("Open a chapter kept on a PostgreSQL server", self)
        title.setObjectName("dialogTitle")
        intro = QLabel("Several people can work in the same chapter at once. Ask whoever runs the server for "
                       "these details.", self)
        intro.setWordWrap(True)
        self.host = self._line("e.g. db.example.org")
        self.port = self._line("5432")
        self.port.setValidator(QIntValidator(1, 65535, self))
        self.port.setText("5432")
        self.database = self._line("e.g. riverside")
        self.user = self._line("your login on the server")
        self.password = self._line("")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setToolTip(EMPTY_PASSWORD)
        self.boxes = {key: FieldBox(label, field, self) for key, label, field in (
            ("host", "&Server", self.host), ("port", "P&ort", self.port), ("database", "&Database", self.database),
            ("user", "&User", self.user), ("password", "Pass&word", self.password))}
        self.remember = QCheckBox("&Remember the password (in this computer's keyring)", self)
        self.keyring_note = QLabel(NO_KEYRING, self)
        self.keyring_note.setObjectName("mutedNote")
        self.keyring_note.setWordWrap(True)
        self.keyring_note.setVisible(not self.keeps_passwords)
        self.remember.setEnabled(self.keeps_passwords)
        self.status = QLabel(self)
        self.status.setObjectName("fieldError")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)  # a command to copy
        self.status.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.connect_button = self.buttons.addButton("&Connect", QDialogButtonBox.ButtonRole.AcceptRole)
        self.connect_button.setDefault(True)
        self.buttons.accepted.connect(self.connect_to_server)
        self.buttons.rejected.connect(self.reject)
        self._lay_out(title, intro)
        self.had_password = self._fill(login)

    def _line(self, placeholder: str) -> QLineEdit:
        line = QLineEdit(self)
        line.setPlaceholderText(placeholder)
        return line

    def _lay_out(self, title: QLabel, intro: QLabel) -> None:
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.addWidget(self.boxes["host"], 0, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.boxes["port"], 0, 1, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.boxes["database"], 1, 0, 1, 2)
        grid.addWidget(self.boxes["user"], 2, 0, 1, 2)
        grid.addWidget(self.boxes["password"], 3, 0, 1, 2)
        grid.setColumnStretch(0, 4)
        grid.setColumnStretch(1, 1)
        hint = QLabel(EMPTY_PASSWORD, self)
        hint.setObjectName("mutedNote")
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addSpacing(6)
        layout.addLayout(grid)
        for widget in (hint, self.remember, self.keyring_note, self.status):
            layout.addWidget(widget)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.resize(540, 500)

    def _fill(self, login: ServerLogin | None) -> bool:
        """Fill in a login chosen from the recent list; whether its password was remembered."""
        if login is None:
            self.host.setFocus()
            return False
        self.host.setText(login.host)
        self.port.setText(str(login.port))
        self.database.setText(login.database)
        self.user.setText(login.user)
        kept = self._passwords.remembered(login)
        self.password.setText(login.password or kept or "")  # one written in --db's URL comes first
        self.remember.setChecked(kept is not None)
        self.password.setFocus()
        return bool(login.password) or kept is not None

    def login(self) -> ServerLogin:
        """The login as typed (with its password, in memory); raises ValidationFailed naming each bad field."""
        login = checked(self.host.text(), self.port.text(), self.database.text(), self.user.text())
        return login.with_password(self.password.text())

    def connect_to_server(self) -> None:
        """Check the fields, then open the database in the background; problems appear in the dialog."""
        if self._busy:
            return
        for box in self.boxes.values():
            box.set_problem("")
        try:
            login = self.login()
        except ValidationFailed as exc:
            for key, why in exc.problems.items():
                self.boxes[key].set_problem(why)
            first = next(iter(exc.problems))
            self.boxes[first].field.setFocus()
            return
        self._set_busy(True)
        self._say(CONNECTING)
        remember = self.remember.isChecked() and bool(login.password)
        passwords, opener, keeps = self._passwords, self._opener, self.keeps_passwords

        def job(_progress: object, _cancel: object) -> tuple[Services, str]:
            services = opener(login)
            note = ""
            if remember and login.password:
                try:
                    passwords.remember(login, login.password)
                except PasswordNotKept as exc:
                    note = str(exc)
            elif keeps:
                passwords.forget(login)  # unticked: a password kept before goes
            return services, note

        run_in_background(self, job, lambda done: self._connected(login, *done), self._failed)

    def _connected(self, login: ServerLogin, services: Services, note: str) -> None:
        self._set_busy(False)
        remember_chapter(login)
        if note:
            show_problem(self, PasswordNotKept(note), "Password not remembered")
        self.connected.emit(services)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        explained = explain(exc)
        if not explained.user_error:
            self._say("")
            show_problem(self, exc)
            return
        self._say(explained.message)
        self.password.setFocus()

    def _say(self, text: str) -> None:
        self.status.setObjectName("mutedNote" if text == CONNECTING else "fieldError")
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)
        self.status.setText(text)
        self.status.setVisible(bool(text))

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.setCursor(Qt.CursorShape.BusyCursor if busy else Qt.CursorShape.ArrowCursor)
        self.connect_button.setEnabled(not busy)
        for box in self.boxes.values():
            box.field.setEnabled(not busy)

    def reject(self) -> None:
        """Cancel: not while connecting (the opened chapter would be left with no one to close it)."""
        if not self._busy:
            super().reject()


__all__ = ["ConnectDialog", "Opener"]
