"""What changed: every service publishes after a commit, and every screen listens, so no list is ever stale."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass

log = logging.getLogger(__name__)

# The kinds of records a change can concern; a screen listens to the kinds it shows.
PEOPLE = "people"
VOLUNTEERS = "volunteers"
TAGS = "tags"
IMPORTS = "imports"
VOTERS = "voters"
REVIEW = "review"  # the review queues: conflicts and possible duplicates
EVENTS = "events"  # events and their shifts
ATTENDANCE = "attendance"  # RSVPs and check-ins (also the attendance import's kind)
PETITIONS = "petitions"  # petitions, their sheets and signatures
SIGNATURES = "signatures"  # the signature import's kind
PROSPECTS = "prospects"  # prospects, their timelines and the offices they link to
WALKLISTS = "walklists"  # walk lists, turfs and their results
EVERY_KIND = frozenset({PEOPLE, VOLUNTEERS, TAGS, IMPORTS, VOTERS, REVIEW, EVENTS, ATTENDANCE, PETITIONS, SIGNATURES,
                        PROSPECTS, WALKLISTS})
"""What a write that may touch any section (a share import, its undo) publishes."""


@dataclass(frozen=True, slots=True)
class Change:
    """One committed write: the kinds of records it touched and, when known and few, the people concerned.

    `ids` holds person ids (a volunteer profile and a person share theirs). Empty means the change may
    concern anyone: an import, an undo, a renamed tag.
    """

    kinds: frozenset[str]
    ids: frozenset[int] = frozenset()

    @classmethod
    def of(cls, *kinds: str, ids: Iterable[int] = ()) -> Change:
        """`Change.of(PEOPLE, VOLUNTEERS, ids=[12])`."""
        return cls(frozenset(kinds), frozenset(ids))

    def touches(self, *kinds: str) -> bool:
        """Whether the change concerns any of these kinds."""
        return not self.kinds.isdisjoint(kinds)

    def may_concern(self, person_id: int) -> bool:
        """Whether a person's records may be among those changed."""
        return not self.ids or person_id in self.ids


Listener = Callable[[Change], None]


class ChangeHub:
    """Publish and subscribe, without Qt: listeners run on the thread that published, after its commit.

    A listener that must touch widgets hands the change over to its own thread (ui/shared/changes.py).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._listeners: list[Listener] = []

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call `listener` on every change from now on; returns the function that stops it."""
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    def publish(self, change: Change) -> None:
        """Tell every listener; one failing listener neither stops the others nor undoes the write."""
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(change)
            except Exception:
                log.exception("A change listener failed")

    def listener_count(self) -> int:
        """How many listeners are subscribed (for tests and leaks)."""
        with self._lock:
            return len(self._listeners)


__all__ = ["IMPORTS", "PEOPLE", "REVIEW", "TAGS", "VOLUNTEERS", "VOTERS", "Change", "ChangeHub", "Listener"]
