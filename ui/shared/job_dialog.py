"""A dialog that runs one job in the background: Cancel stops it, and closing cancels it first."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QLabel, QWidget

from ui.imports.import_parts import show_status
from ui.shared.tasks import TaskHandle


class JobDialog(QDialog):
    """Holds the running job (``task``) and its status line (``status``, set by the subclass)."""

    status: QLabel

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.task: TaskHandle | None = None

    def cancel_job(self) -> None:
        """Ask the running job to stop; it reports back as cancelled."""
        if self.task is not None:
            self.task.cancel()
            show_status(self.status, "Stopping…")

    def reject(self) -> None:
        """Close (Escape); a running job is cancelled first and never left writing behind the user."""
        if self.task is not None:
            self.cancel_job()
            return
        super().reject()
