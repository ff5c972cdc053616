"""Splitting a full name as typed on a sign-in sheet into OSDI name parts."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from organizer.domain.text import tidy_name


@dataclass(frozen=True, slots=True)
class NameParts:
    """A person's name in OSDI parts: given, family, additional (middle), prefix, suffix."""

    given: str
    family: str
    additional: str = ""
    prefix: str = ""
    suffix: str = ""


_PREFIXES = frozenset(
    {"dr", "mr", "mrs", "ms", "miss", "mx", "rev", "revd", "reverend", "prof", "professor", "hon",
     "honorable", "fr", "father", "sister", "pastor", "rabbi", "imam", "sen", "senator", "rep", "gov",
     "judge", "capt", "sgt", "lt", "col", "maj", "doctor"}
)
_SUFFIXES = frozenset(
    {"jr", "sr", "ii", "iii", "iv", "esq", "phd", "md", "dds", "dmd", "dvm", "rn", "cpa", "jd", "mba"}
)
_PARTICLES = frozenset(
    {"de", "da", "del", "della", "dei", "der", "den", "di", "du", "dos", "das", "la", "las", "le", "van",
     "von", "ten", "ter", "zu", "bin", "ibn"}
)
# Vietnamese names are often written family-first ("Nguyen Van A"): a common family name
# followed by the usual middle names "Van"/"Thi" marks that order.
_VIETNAMESE_FAMILY = frozenset(
    {"nguyen", "tran", "le", "pham", "hoang", "huynh", "phan", "vu", "vo", "dang", "bui", "do", "ho",
     "ngo", "duong", "ly"}
)
_VIETNAMESE_MIDDLE = frozenset({"van", "thi"})
_PLAIN_WORD = re.compile(r"[^\W\d_]+(?:['’.\-][^\W\d_]+)*\.?")
# A nickname in quotes or brackets: 'Robert "Bobby" Smith', "Mary Smith (Mom)".
_NICKNAME = re.compile(r"""[("“][^()"“”,]+[)"”]""")
_LETTERS = re.compile(r"[^\W\d_]+")
_MAX_LIBRARY_LENGTH = 120
_LIBRARY_LABELS = {
    "GivenName": "given", "FirstInitial": "given",
    "MiddleName": "additional", "MiddleInitial": "additional", "Nickname": "additional",
    "Surname": "family", "LastInitial": "family",
    "PrefixMarital": "prefix", "PrefixOther": "prefix",
    "SuffixGenerational": "suffix", "SuffixOther": "suffix",
}


@lru_cache(maxsize=65536)
def split_full_name(raw: str) -> NameParts:
    """ "Lopez, Maria J" → given Maria, additional J, family Lopez. Never raises; keeps every word."""
    text = " ".join(str(raw).split())
    if not text:
        return NameParts("", "")
    parts = _fast_split(text)
    if parts is None:
        parts = _library_split(text)
        if parts is not None and not _keeps_letters(text, parts):
            parts = None
    if parts is None:
        parts = _fallback_split(text)
    return NameParts(*(tidy_name(p) for p in parts))


def _key(word: str) -> str:
    return word.replace(".", "").casefold()


def _fast_split(text: str) -> tuple[str, str, str, str, str] | None:
    """The common shapes, in pure Python: "First [Middle] Last" and "Last, First [Middle]"."""
    nicknames: list[str] = _NICKNAME.findall(text)
    if nicknames:
        text = " ".join(_NICKNAME.sub(" ", text).split())
    segments = [s.strip() for s in text.split(",")]
    suffix: list[str] = []
    while len(segments) > 1 and segments[-1] and all(_key(w) in _SUFFIXES for w in segments[-1].split()):
        suffix[:0] = segments.pop().split()
    if len(segments) > 2 or not all(segments):
        return None
    if len(segments) == 2:
        family = segments[0].split()
        words = segments[1].split()
        suffix[:0] = _peel_suffixes(family)
    else:
        words = segments[0].split()
        family = []
    prefix = _peel_prefixes(words)
    suffix[:0] = _peel_suffixes(words)
    everything = (*words, *family)
    if len(words) > 4 or not all(_PLAIN_WORD.fullmatch(w) and _key(w) != "and" for w in everything):
        return None
    if not family:
        given, additional, family = _order_words(words)
    else:
        given, additional = words[:1], words[1:]
    additional = [*additional, *nicknames]
    return (" ".join(given), " ".join(family), " ".join(additional), " ".join(prefix), " ".join(suffix))


def _peel_prefixes(words: list[str]) -> list[str]:
    """Remove leading titles ("Dr.", "Rev. Dr.") from words, keeping at least one word."""
    count = 0
    while count < len(words) - 1 and _key(words[count]) in _PREFIXES:
        count += 1
    peeled = words[:count]
    del words[:count]
    return peeled


def _peel_suffixes(words: list[str]) -> list[str]:
    """Remove trailing "Jr.", "III", "PhD" from words, keeping at least one word."""
    count = 0
    while count < len(words) - 1 and _key(words[-1 - count].rstrip(",")) in _SUFFIXES:
        count += 1
    peeled = words[len(words) - count :]
    del words[len(words) - count :]
    return peeled


def _order_words(words: list[str]) -> tuple[list[str], list[str], list[str]]:
    """Given, additional and family words of a name written given-name first."""
    if len(words) == 1:
        return words, [], []
    lowered = [w.casefold() for w in words]
    if len(words) == 3 and lowered[0] in _VIETNAMESE_FAMILY and lowered[1] in _VIETNAMESE_MIDDLE:
        return words[2:], words[1:2], words[:1]
    for i in range(1, len(words) - 1):
        if lowered[i] in _PARTICLES:
            return words[:1], words[1:i], words[i:]
    if len(words) == 4:
        # "María José García López": two given names and two family names is the common reading.
        return words[:1], words[1:2], words[2:]
    return words[:1], words[1:-1], words[-1:]


def _library_split(text: str) -> tuple[str, str, str, str, str] | None:
    """probablepeople for the unusual shapes; None when it fails or sees no single person."""
    if len(text) > _MAX_LIBRARY_LENGTH:
        return None
    try:
        import probablepeople

        tagged, kind = probablepeople.tag(text)
    except Exception:  # probablepeople raises RepeatedLabelError and others on odd input
        return None
    if kind != "Person":
        return None
    found: dict[str, list[str]] = {"given": [], "family": [], "additional": [], "prefix": [], "suffix": []}
    for label, value in tagged.items():
        part = _LIBRARY_LABELS.get(str(label))
        if part is None:
            return None
        found[part].append(str(value))
    if not (found["given"] or found["family"]):
        return None
    return (" ".join(found["given"]), " ".join(found["family"]), " ".join(found["additional"]),
            " ".join(found["prefix"]), " ".join(found["suffix"]))


def _fallback_split(text: str) -> tuple[str, str, str, str, str]:
    """First word given, last word family, the rest additional; "Last, First ..." when one comma."""
    if text.count(",") == 1:
        family_text, given_text = (s.strip() for s in text.split(","))
        words = given_text.split()
        return (" ".join(words[:1]), family_text, " ".join(words[1:]), "", "")
    words = text.replace(",", " ").split()
    if len(words) == 1:
        return (words[0], "", "", "", "")
    return (words[0], words[-1], " ".join(words[1:-1]), "", "")


def _norm(s: str) -> str:
    return unicodedata.normalize("NFKC", s).casefold()


def _keeps_letters(text: str, parts: tuple[str, ...]) -> bool:
    """Every run of letters in the input still appears in one of the parts."""
    joined = _norm(" ".join(parts))
    return all(word in joined for word in _LETTERS.findall(_norm(text)))


# What turns a given name into another person's (Paul → Paula, Joseph → Josephine, Louis → Louise), where
# a longer name that starts with a shorter one is otherwise the same person's (Dan → Daniel, J → John).
_OTHER_NAME_ENDINGS = frozenset({"a", "e", "o", "ia", "ie", "le", "lle", "ne", "na", "ine", "ina", "ette", "ta"})


def may_be_same_given(a: str, b: str) -> bool:
    """Whether two folded given names may be one person's: either missing, the same, an initial or a short
    form of the other ("dan" and "daniel"), but not a name with another person's ending ("paul", "paula")."""
    if not a or not b or a == b:
        return True
    short, long = sorted((a.rstrip("."), b.rstrip(".")), key=len)
    if not long.startswith(short):
        return False
    return len(short) == 1 or long[len(short):] not in _OTHER_NAME_ENDINGS
