"""Reading an RSVP or attendance sheet's status column, in the words other tools and people write there.

Besides the app's own statuses (invited, registered, confirmed, cancelled, declined), event tools and
hand-kept sheets say "Going", "Maybe", "Not attending", "Can't go", "Checked in" or "No-show". Each is read
as an RSVP status and, where it says so, whether the person came. A word not known here is refused
(InvalidValue): the importer then records neither an RSVP nor presence for that row, never a guess, and
keeps the word as typed in the attendance's comment.
"""

from __future__ import annotations

from organizer.domain.codes import AttendanceStatus
from organizer.domain.errors import InvalidValue

_REGISTERED, _INVITED, _DECLINED = (AttendanceStatus.REGISTERED.value, AttendanceStatus.INVITED.value,
                                    AttendanceStatus.DECLINED.value)
# Folded word -> (RSVP status, came: True/False, or None when the word does not say).
RSVP_WORDS: dict[str, tuple[str, bool | None]] = {
    "yes": (_REGISTERED, None), "going": (_REGISTERED, None), "attending": (_REGISTERED, None),
    "rsvpd": (_REGISTERED, None), "accepted": (_REGISTERED, None),
    "maybe": (_INVITED, None), "interested": (_INVITED, None), "tentative": (_INVITED, None),
    "no": (_DECLINED, None), "not going": (_DECLINED, None), "not attending": (_DECLINED, None),
    "cant go": (_DECLINED, None), "cannot attend": (_DECLINED, None), "cant attend": (_DECLINED, None),
    "attended": (_REGISTERED, True), "checked in": (_REGISTERED, True), "present": (_REGISTERED, True),
    "showed up": (_REGISTERED, True),
    "no show": (_REGISTERED, False), "noshow": (_REGISTERED, False), "did not attend": (_REGISTERED, False),
    "absent": (_REGISTERED, False),
}


def read_rsvp(raw: str) -> tuple[str, bool | None]:
    """The RSVP status a cell gives and whether it says the person came (None: it does not say)."""
    try:
        return AttendanceStatus.parse(raw).value, None
    except InvalidValue:
        pass
    folded = " ".join(raw.replace("-", " ").replace("_", " ").replace("'", "").replace("\u2019", "").split())
    found = RSVP_WORDS.get(folded.casefold())
    if found is None:
        raise InvalidValue(f"not a known RSVP status: {raw.strip()!r} (known: invited, registered, confirmed, "
                           "cancelled, declined, going, maybe, not going, attended, no-show)")
    return found
