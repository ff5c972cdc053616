"""Text folding, matching keys, tidy capitalisation of personal names, and counts in words."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from organizer.domain.safe_text import DROP_ZERO_WIDTH

# Letters NFKD leaves whole but people type without the mark ("Łukasz" as "Lukasz"), and the
# typographic apostrophes typed as "'". Applied after casefold, which already turns "ß" into "ss".
_TRANSLITERATE = str.maketrans(
    {"ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ı": "i", "ħ": "h", "ŧ": "t",
     "’": "'", "‘": "'", "ʼ": "'"}
)
_ASCII_NON_ALNUM = re.compile(r"[^a-z0-9]+")

# Lowercased inside a name ("Ana de la Cruz"); as the first word only before another
# particle ("de la Cruz"), so "Van Dyke", "Del Rio" and "La Toya" keep their capital.
_PARTICLES = frozenset(
    {"de", "da", "del", "della", "dei", "der", "den", "di", "du", "dos", "das", "la", "las", "le", "van",
     "von", "ten", "ter", "zu", "bin", "ibn"}
)
_ROMAN = frozenset({"II", "III", "IV", "VI", "VII", "VIII", "IX"})
_SUFFIX_CASE = {"JR": "Jr", "SR": "Sr", "ESQ": "Esq", "PHD": "PhD", "MD": "MD", "DDS": "DDS"}
# "Mac" is a prefix only in these; "MACK", "MACHADO" and "MACY" are not MacSomething.
_MAC_NAMES = frozenset(
    {"MACDONALD", "MACKENZIE", "MACLEOD", "MACARTHUR", "MACMILLAN", "MACGREGOR", "MACLEAN", "MACNEIL",
     "MACPHERSON", "MACDOUGALL", "MACFARLANE", "MACINTYRE", "MACKINNON", "MACAULAY", "MACKAY", "MACRAE"}
)


@lru_cache(maxsize=1 << 16)
def fold(s: str) -> str:
    """Casefolded, accents dropped, whitespace collapsed: the one rule for matching keys and search.

    "Łukasz" and "lukasz", "Zoë" and "zoe", "Straße" and "strasse" fold alike. Cached: names
    repeat down a list (`fold_uncached` for values that rarely repeat, such as emails).
    """
    return fold_uncached(s)


def fold_uncached(s: str) -> str:
    """`fold`, without remembering the value."""
    if s.isascii():
        return " ".join(s.lower().split())
    # Compatibility forms first ("𝕊" → "S"), then casefold, which can itself yield marks ("İ").
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", s).casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.translate(_TRANSLITERATE).translate(DROP_ZERO_WIDTH).split())  # invisible: never a match


def _alnum_only(folded: str) -> str:
    if folded.isascii():
        return _ASCII_NON_ALNUM.sub("", folded)
    return "".join(ch for ch in folded if ch.isalnum())


@lru_cache(maxsize=1 << 16)
def family_key(family: str | None) -> str:
    """A family name as a matching key: no case, accents, spaces or punctuation."""
    return _alnum_only(fold(family)) if family else ""


def name_key(given: str | None, family: str | None) -> str:
    """``"given|family"`` matching key ("José  DE la Cruz" == "jose|delacruz"); "" when both are empty."""
    g, f = family_key(given), family_key(family)
    return f"{g}|{f}" if g or f else ""


def is_shouting(s: str) -> bool:
    """True when every cased letter is a capital and there are at least two of them."""
    uppers = 0
    for ch in s:
        if ch.islower():
            return False
        if ch.isupper():
            uppers += 1
    return uppers >= 2


def tidy_name(raw: str | None) -> str:
    """Trimmed, inner whitespace collapsed; ALL CAPS turned into name case ("O'BRIEN" → "O'Brien")."""
    if not raw:
        return ""
    text = " ".join(raw.split())
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    if not is_shouting(text):
        return text
    words = text.split(" ")
    return " ".join(_case_word(words, i) for i in range(len(words)))


def _case_word(words: list[str], i: int) -> str:
    word = words[i]
    if word in _ROMAN:
        return word
    bare = word.rstrip(".")
    if bare in _SUFFIX_CASE:
        return _SUFFIX_CASE[bare] + word[len(bare) :]
    lower = word.lower()
    last = i == len(words) - 1
    if lower in _PARTICLES and not last and (i > 0 or words[i + 1].lower() in _PARTICLES):
        return lower
    return "-".join(_case_piece(piece) for piece in word.split("-"))


def _case_piece(piece: str) -> str:
    """One hyphen-free piece of a shouted word: "MCDONALD", "O'BRIEN", "J.R."."""
    if "'" in piece or "’" in piece:
        parts = re.split(r"(['’])", piece)
        out = [_capitalize(parts[0])]
        for k in range(2, len(parts), 2):
            before = parts[k - 2]
            out.append(parts[k - 1])
            # O'Brien, D'Angelo: one letter before the apostrophe; Ng'ang'a otherwise.
            out.append(_capitalize(parts[k]) if len(before) == 1 else parts[k].lower())
        return "".join(out)
    if "." in piece:
        return ".".join(_capitalize(p) for p in piece.split("."))
    if piece.startswith("MC") and len(piece) > 3:
        return "Mc" + _capitalize(piece[2:])
    if piece in _MAC_NAMES:
        return "Mac" + _capitalize(piece[3:])
    return _capitalize(piece)


def _capitalize(piece: str) -> str:
    """Keep the first letter as it is (a capital), lowercase the rest."""
    for i, ch in enumerate(piece):
        if ch.isalpha():
            return piece[: i + 1] + piece[i + 1 :].lower()
    return piece


def counted(n: int, one: str, many: str = "") -> str:
    """ "1 row", "2 rows", "1,204 people": the count and its noun (``many`` defaults to ``one`` + "s")."""
    return f"{n:,} {one if n == 1 else (many or one + 's')}"
