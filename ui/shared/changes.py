"""The services' "what changed" notes, re-emitted as a Qt signal on the GUI thread for screens to refresh by."""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from organizer.services.changes import Change, ChangeHub

COALESCE_MS = 30  # a burst of changes (delete, then untag...) becomes one refresh


class ChangeRelay(QObject):
    """Listens to the hub from any thread; `changed` is emitted on the thread this object lives in.

    The services publish on whichever thread committed (usually a worker), so the relay never calls
    a slot itself: it emits a private signal whose queued connection delivers the change later, in
    the GUI thread's event loop. Widgets connect to `changed` and never see a worker thread.
    """

    changed = Signal(object)  # Change
    _posted = Signal(object)

    def __init__(self, hub: ChangeHub, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._posted.connect(self.changed, Qt.ConnectionType.QueuedConnection)
        lock, alive = threading.Lock(), [True]
        post = self._posted.emit

        def from_any_thread(change: Change) -> None:
            with lock:  # never emit while (or after) Qt destroys this object on the GUI thread
                if alive[0]:
                    post(change)

        unsubscribe = hub.subscribe(from_any_thread)

        def stop(*_args: object) -> None:
            with lock:
                alive[0] = False
            unsubscribe()

        self.stop: Callable[..., None] = stop
        # The closure holds no reference to this object, so it still runs while Qt destroys it.
        self.destroyed.connect(stop)


class RefreshOnChange(QObject):
    """Calls `refresh` once, on the GUI thread, after a burst of changes that touch any of `kinds`."""

    def __init__(self, hub: ChangeHub, kinds: frozenset[str], refresh: Callable[[Change], None],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._kinds = kinds
        self._refresh = refresh
        self._pending: list[Change] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(COALESCE_MS)
        self._timer.timeout.connect(self._fire)
        self.relay = ChangeRelay(hub, self)
        self.relay.changed.connect(self._changed)

    def _changed(self, change: Change) -> None:
        if change.kinds.isdisjoint(self._kinds):
            return
        self._pending.append(change)
        self._timer.start()

    def _fire(self) -> None:
        pending, self._pending = self._pending, []
        if pending:
            self._refresh(merge(pending))


def merge(changes: list[Change]) -> Change:
    """One change standing for several: every kind, and the people concerned (anyone, if any said so)."""
    kinds = frozenset().union(*(c.kinds for c in changes))
    ids: frozenset[int] = frozenset()
    if all(c.ids for c in changes):
        ids = frozenset().union(*(c.ids for c in changes))
    return Change(kinds, ids)
