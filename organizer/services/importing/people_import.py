"""Importing people: clean, match, merge and write a file's rows in one transaction."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, ExitStack
from typing import cast

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from organizer.progress import NEVER, NO_PROGRESS, CancelToken, Progress
from organizer.services.importing.cleaning import Candidate
from organizer.services.importing.layout import Layout
from organizer.services.importing.matching import PeopleIndex
from organizer.services.importing.merge import PersonState, merged_keys, plan_merge
from organizer.services.importing.overlap import Overlapped
from organizer.services.importing.people_state import load_states, state_from_candidate
from organizer.services.importing.people_writer import PeopleWriter
from organizer.services.importing.prepare import PreparedChunk
from organizer.services.importing.report import ImportReport
from organizer.services.tags import TagResolver
from organizer.storage.bulk_indexes import indexes_rebuilt_after
from organizer.storage.identity import person_id_for_uuid
from organizer.storage.models import (
    EmailAddress,
    NotSamePair,
    Person,
    PhoneNumber,
    PossibleDuplicate,
    PostalAddress,
)

TAG_LISTS_KEPT = 10_000  # distinct lists of tag names remembered per import
BULK_FROM_ROWS = 20_000
BULK_REBUILT_INDEXES = ("ix_people_search", "ix_people_sort", "ix_people_created_at", "ix_email_addresses_address",
                        "ix_phone_numbers_number", "ix_postal_addresses_street_postal",
                        # a list where many names repeat writes up to three possible duplicates a person
                        "ix_possible_duplicates_person_id", "ix_possible_duplicates_other_person_id",
                        "ix_possible_duplicates_batch_id")


class PeopleRun:
    """One people import over an open write session."""

    def __init__(self, session: Session, batch_id: int, layout: Layout, region: str, source: str) -> None:
        self.session = session
        self.layout = layout
        with_uuids = any(c.field == "uuid" for c in layout.columns)
        self.index = PeopleIndex.load(session, with_uuids=with_uuids)
        # Only a row that carries a uuid can be a person someone already told apart from another.
        self._not_same = not_same_partners(session) if with_uuids else {}
        self.tags = TagResolver(session, batch_id)
        self._tag_lists: dict[tuple[str, ...], tuple[int, ...]] = {}  # a row's tag names -> their ids
        self.writer = PeopleWriter(session, batch_id, source)
        self._had_count = len(self.index.name_of)
        self._had_people = bool(self._had_count)  # into an empty chapter, every match is a new person
        self._rebuilding = False
        self._created: dict[int, tuple[Candidate, str, list[int]]] = {}
        self._file_uuids: dict[int, str] = {}  # people this file created with their own id -> that id
        self._writes = Overlapped(threaded=False)  # the chunk being written while the next is placed

    def run(self, chunks: Iterator[PreparedChunk], report: ImportReport, total: int,
            progress: Progress = NO_PROGRESS, cancel: CancelToken = NEVER) -> None:
        """Place every prepared chunk: match, merge and queue writes, then write them.

        On a server, a chunk is written in a second thread while the next one is read and placed (the
        writes mostly wait for the server); anything that needs the session first waits for the write.
        On SQLite a connection stays in its thread.
        """
        threaded = self.session.get_bind().dialect.name == "postgresql"
        with ExitStack() as indexes, Overlapped(threaded) as self._writes:
            self.writer.wait_for_writes = self._writes.wait
            for chunk in chunks:
                cancel.raise_if_cancelled()
                self._process(chunk, report)
                if not self._rebuilding and self._creates_enough(report, total):
                    self._rebuilding = True
                    self._writes.wait()
                    indexes.enter_context(self._bulk_load())
                self._writes.submit(self.writer.send, self.writer.prepare(self.writer.take()))
                self._created.clear()
                progress(report.rows, max(total, report.rows), f"{report.rows:,} rows read")
            self._writes.wait()
            cancel.raise_if_cancelled()
            self.writer.finish()

    def _creates_enough(self, report: ImportReport, total: int) -> bool:
        """Whether the file, creating people at the rate its rows so far did, at least doubles the chapter:
        asked before each chunk is written, so a re-import that finds everyone rebuilds nothing."""
        expected = report.created * max(total, report.rows) // max(report.rows, 1)
        return expected >= BULK_FROM_ROWS and expected >= self._had_count

    def _bulk_load(self) -> AbstractContextManager[None]:
        """Drop the people search indexes now and rebuild them at the end of the import."""
        tables = [cast(Table, m.__table__) for m in (Person, EmailAddress, PhoneNumber, PostalAddress,
                                                     PossibleDuplicate)]
        return indexes_rebuilt_after(self.session.connection(), tables, BULK_REBUILT_INDEXES)

    def _process(self, chunk: PreparedChunk, report: ImportReport) -> None:
        report.rows += chunk.rows
        report.warn(chunk.warnings)
        for issue, cells in chunk.rejected:
            report.reject(issue, cells)
        states: dict[int, PersonState] = {}
        if self._had_people:  # read the chunk's people from the database in one go
            wanted = {pid for c, s in chunk.people if (pid := self._match(c, s)) is not None}
            self._writes.wait()
            states = load_states(self.session, wanted)
        for candidate, street in chunk.people:
            self._place(candidate, street, states, report)

    def _match(self, c: Candidate, street: str) -> int | None:
        """The person a row is (a person this import created: by the database's id once written).

        Two rows of one file carrying two different Chapter Organizer ids are two people, even when
        they share an email or a phone (a couple, in a chapter's full export).
        """
        pid = self.index.match(c, street)[0]
        if pid is None or (c.uuid and self._file_uuids.get(pid, c.uuid) != c.uuid):
            return None
        return self.writer.real_id(pid)

    def _tag_ids(self, names: list[str]) -> list[int]:
        """The ids of a row's tags; the same few lists of tags repeat down a file, each resolved once."""
        if not names:
            return []
        key = tuple(names)
        ids = self._tag_lists.get(key)
        if ids is None:
            self._writes.wait()  # a new tag is written at once
            ids = tuple(self.tags.ids_for(names))
            if len(self._tag_lists) < TAG_LISTS_KEPT:
                self._tag_lists[key] = ids
        return list(ids)

    def _place(self, c: Candidate, street: str, states: dict[int, PersonState], report: ImportReport) -> None:
        pid = self._match(c, street)
        tag_ids = self._tag_ids(c.tags)
        if pid is None:
            self._create(c, street, tag_ids, states, report)
            return
        state = states.get(pid)
        if state is None:
            made = self._created.pop(pid, None)
            state = state_from_candidate(pid, *made) if made else self._loaded_state(pid)
            state = state or state_from_candidate(pid, c, street, tag_ids)
            states[pid] = state
        merge = plan_merge(state, c, street, tag_ids)
        if not merge.changes_anything:
            report.unchanged += 1
            return
        self.writer.change(c, pid, merge, merged_keys(state))
        self.index.remember(pid, c, street)
        report.updated += 1
        report.conflicts += len(merge.conflicts)

    def _loaded_state(self, pid: int) -> PersonState | None:
        """A person's merge state read from the database (once the write under way is over)."""
        self._writes.wait()
        return load_states(self.session, {pid}).get(pid)

    def _create(self, c: Candidate, street: str, tag_ids: list[int], states: dict[int, PersonState],
                report: ImportReport) -> None:
        lookalikes = self.index.lookalikes(c, exclude=-1)
        told_apart = self._not_same.get(c.uuid) if c.uuid else None
        if told_apart:
            lookalikes = [found for found in lookalikes if found[0] not in told_apart]
        pid, uuid = self.writer.create(c, street, tag_ids)
        self.index.remember(pid, c, street, uuid)
        if c.uuid:
            self._file_uuids[pid] = c.uuid
        self._created[pid] = (c, street, tag_ids)  # its merge state is built only if a later row needs it
        for other, reason, score in lookalikes:
            self.writer.possible_duplicate(pid, other, reason, score)
        report.possible_duplicates += len(lookalikes)
        report.created += 1



def not_same_partners(session: Session) -> dict[str, set[int]]:
    """For each uuid someone said is not the same person as another, the ids of those others now."""
    partners: dict[str, set[int]] = {}
    for a, b in session.execute(select(NotSamePair.uuid, NotSamePair.other_uuid)):
        for mine, theirs in ((a, b), (b, a)):
            found = person_id_for_uuid(session, theirs)
            if found is not None:
                partners.setdefault(mine, set()).add(found)
    return partners
