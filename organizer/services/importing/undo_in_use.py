"""People an import created who have since been given records of their own elsewhere: undoing the import
would delete them and, with them, those records (an attendance, a prospect, a signature, a list place).

Such people are named before an undo, as people edited since are, and the undo waits for the user's say.
"""

from __future__ import annotations

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import Session

from organizer.services.undo_rows import EditedRecord
from organizer.storage.models import Attendance, ImportBatch, ImportChange, ListMember, Person, Prospect, Signature


def people_in_use_since(session: Session, batch: ImportBatch) -> list[EditedRecord]:
    """The people this batch created who now carry a record it did not bring."""
    created = select(ImportChange.entity_id).where(ImportChange.batch_id == batch.id,
                                                   ImportChange.entity == "person", ImportChange.action == "created")
    uses = [exists().where(model.person_id == Person.id,
                           or_(model.import_batch_id.is_(None), model.import_batch_id != batch.id))
            for model in (Attendance, Prospect, Signature)]
    uses.append(exists().where(ListMember.person_id == Person.id))
    rows = session.execute(select(Person.id, Person.given_name, Person.family_name)
                           .where(Person.id.in_(created), or_(*uses))
                           .order_by(Person.family_key, Person.name_key, Person.id))
    return [EditedRecord(pid, " ".join(part for part in (given, family) if part)) for pid, given, family in rows]
