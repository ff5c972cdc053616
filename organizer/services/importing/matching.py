"""Matching rows to people by DOMAIN.md's exact rules, against the database and within the file."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import islice
from operator import itemgetter

from rapidfuzz import fuzz, process
from sqlalchemy import select
from sqlalchemy.orm import Session

from organizer.domain.names import may_be_same_given
from organizer.services.importing.cleaning import Candidate
from organizer.storage.models import EmailAddress, Person, PersonAlias, PhoneNumber, PostalAddress

SIMILAR_GIVEN_NAME = 85.0
MAX_LOOKALIKES = 3
STREAM_ROWS = 10_000
MAX_GIVEN_NAMES = 2000


@dataclass(slots=True)
class PeopleIndex:
    """Every matching key of every person, kept current as an import creates and changes people."""

    by_uuid: dict[str, int] = field(default_factory=dict)
    with_uuids: bool = True
    by_email: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))  # couples share one
    by_phone: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    by_name_address: dict[tuple[str, str, str], int] = field(default_factory=dict)
    bare: dict[tuple[str, str, str], int] = field(default_factory=dict)
    has_contact: set[int] = field(default_factory=set)
    by_family: dict[str, dict[str, list[int]]] = field(default_factory=lambda: defaultdict(dict))
    family_of: dict[int, str] = field(default_factory=dict)
    name_of: dict[int, str] = field(default_factory=dict)
    _givens: list[str] = field(default_factory=list)  # every given name of a family, in first-seen order
    _given_set: set[str] = field(default_factory=set)
    _similar: dict[str, tuple[int, list[tuple[str, float]], int]] = field(default_factory=dict)

    @classmethod
    def load(cls, session: Session, with_uuids: bool = True) -> PeopleIndex:
        """Read every key with a handful of streamed queries; uuids only when the file has them."""
        index = cls()
        index.with_uuids = with_uuids
        # Streamed per statement: Connection.execution_options() would change the session's connection for
        # good, and on a server every later statement of the import would become a server-side cursor.
        conn, streamed = session.connection(), {"yield_per": STREAM_ROWS}
        for pid, uuid, nkey, fkey, given in conn.execute(
            select(Person.id, Person.uuid, Person.name_key, Person.family_key, Person.given_name),
            execution_options=streamed,
        ):
            if with_uuids:
                index.by_uuid[uuid] = pid
            index._add_name(pid, nkey, fkey, given)
        if with_uuids:  # a merged person's uuid names the person they were merged into
            aliases = select(PersonAlias.uuid, PersonAlias.person_id)
            for uuid, pid in conn.execute(aliases, execution_options=streamed):
                index.by_uuid.setdefault(uuid, pid)
        emails = select(EmailAddress.person_id, EmailAddress.address)
        for pid, address in conn.execute(emails, execution_options=streamed):
            index.by_email[address].append(pid)
            index.has_contact.add(pid)
        phones = select(PhoneNumber.person_id, PhoneNumber.number)
        for pid, number in conn.execute(phones, execution_options=streamed):
            index.by_phone[number].append(pid)
            index.has_contact.add(pid)
        addressed: set[int] = set()
        for pid, skey, postal in conn.execute(
            select(PostalAddress.person_id, PostalAddress.street_key, PostalAddress.postal_code),
            execution_options=streamed,
        ):
            index._add_address(pid, skey, postal)
            addressed.add(pid)
        for pid in list(index.name_of):
            if pid not in addressed:
                index._add_address(pid, "", "")
        return index

    def _add_name(self, pid: int, nkey: str, fkey: str, given: str) -> None:
        self.family_of[pid] = fkey
        self.name_of[pid] = nkey
        if fkey:
            gkey = nkey.split("|", 1)[0]
            self.by_family[fkey].setdefault(gkey, []).append(pid)
            if gkey not in self._given_set:
                self._given_set.add(gkey)
                self._givens.append(gkey)

    def _add_address(self, pid: int, skey: str, postal: str) -> None:
        nkey = self.name_of.get(pid, "")
        if not nkey.strip("|"):
            return
        if skey and postal:
            self.by_name_address.setdefault((nkey, skey, postal), pid)
        if pid not in self.has_contact:
            self.bare.setdefault((nkey, skey, postal), pid)

    def match(self, c: Candidate, street: str) -> tuple[int | None, str]:
        """The person this candidate is, and by which rule; (None, "") when nobody."""
        if c.uuid and c.uuid in self.by_uuid:
            return self.by_uuid[c.uuid], "uuid"
        nkey = c.name_key
        given = nkey.split("|", 1)[0]
        for email in c.emails:
            for pid in self.by_email.get(email, ()):
                if self._same_given(pid, given):
                    return pid, "email"
        fkey = c.family_key
        for number, _ext, _type in c.phones:
            for pid in self.by_phone.get(number, ()):
                other = self.family_of.get(pid, "")
                if (not fkey or not other or other == fkey) and self._same_given(pid, given):
                    return pid, "phone"
        postal = c.address.get("postal_code", "")
        if nkey.strip("|") and street and postal:
            found = self.by_name_address.get((nkey, street, postal))
            if found is not None:
                return found, "name and address"
        if nkey.strip("|") and not c.emails and not c.phones:
            # A row with only a name (and maybe part of an address) matches a person who also has
            # nothing more, so re-importing a sign-in sheet never doubles its people.
            bare = self.bare.get((nkey, street, postal))
            if bare is not None and bare not in self.has_contact:
                return bare, "name only"
        return None, ""

    def _same_given(self, pid: int, given: str) -> bool:
        """Couples share an email or a phone: two clearly different given names are two people."""
        return may_be_same_given(given, self.name_of.get(pid, "").split("|", 1)[0])

    def lookalikes(self, c: Candidate, exclude: int) -> list[tuple[int, str, float]]:
        """People who resemble the candidate (same name, or same family name and similar given name).

        At most MAX_LOOKALIKES: the first people with the same name, then the first people of each
        similarly spelled given name, in the order the family's given names were first seen.
        """
        gkey, _sep, fkey = c.name_key.partition("|")
        family = self.by_family.get(fkey) if gkey and fkey else None
        if not family:
            return []
        same = family.get(gkey, ())
        found = [(pid, "same name", 100.0) for pid in same[:MAX_LOOKALIKES] if pid != exclude]
        if len(found) < MAX_LOOKALIKES and len(family) > bool(same):  # a common name needs no spelling search
            for other_given, score in self._similar_in_family(family, gkey):
                found += [(pid, "similar spelling", score) for pid in family[other_given][:MAX_LOOKALIKES]
                          if pid != exclude]
                if len(found) >= MAX_LOOKALIKES:
                    break
        return found[:MAX_LOOKALIKES]

    def _similar_in_family(self, family: dict[str, list[int]], gkey: str) -> list[tuple[str, float]]:
        """The family's other given names (of its first MAX_GIVEN_NAMES) spelled like ``gkey``, in family order."""
        similar = self._similar_anywhere(gkey, budget=len(family)) if len(family) <= MAX_GIVEN_NAMES else None
        if similar is None:  # scoring the family's names costs less than catching up on every name
            others = list(family) if len(family) <= MAX_GIVEN_NAMES else list(islice(family, MAX_GIVEN_NAMES))
            scored = process.extract(gkey, others, scorer=fuzz.ratio, score_cutoff=SIMILAR_GIVEN_NAME, limit=None)
            return [(other, float(score)) for other, score, _i in sorted(scored, key=itemgetter(2)) if other != gkey]
        present = {other: score for other, score in similar if other in family}
        if len(present) < 2:
            return list(present.items())
        return [(other, present[other]) for other in family if other in present]

    def _similar_anywhere(self, gkey: str, budget: int) -> list[tuple[str, float]] | None:
        """Every given name seen so far that is spelled like ``gkey``, kept per name and brought up to
        date with the names seen since; None (score the family instead) while that costs more.

        Catching up is worth it once scoring families for this name has cost as much (``budget`` names
        each time): in a list where many people share a few hundred given names each name is then
        scored against each other about once, and a rare name never costs more than twice its families.
        """
        scored_upto, similar, spent = self._similar.get(gkey, (0, [], 0))
        behind = len(self._givens) - scored_upto
        if behind > budget + spent:
            self._similar[gkey] = (scored_upto, similar, spent + budget)
            return None
        if behind:
            scored = process.extract(gkey, self._givens[scored_upto:], scorer=fuzz.ratio,
                                     score_cutoff=SIMILAR_GIVEN_NAME, limit=None)
            similar = similar + [(other, float(score)) for other, score, _i in scored if other != gkey]
            self._similar[gkey] = (len(self._givens), similar, 0)
        return similar

    def remember(self, pid: int, c: Candidate, street: str, uuid: str | None = None) -> None:
        """Add a created or changed person's keys so later rows of the file match them."""
        if uuid and self.with_uuids:
            self.by_uuid[uuid] = pid
        if pid not in self.name_of:
            self._add_name(pid, c.name_key, c.family_key, c.names.get("given_name", ""))
        if c.emails or c.phones:
            self.has_contact.add(pid)
        for email in c.emails:
            if pid not in self.by_email[email]:
                self.by_email[email].append(pid)
        for number, _ext, _type in c.phones:
            if pid not in self.by_phone[number]:
                self.by_phone[number].append(pid)
        self._add_address(pid, street, c.address.get("postal_code", ""))
