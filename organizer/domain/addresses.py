"""Postal codes and USPS Publication 28 street keys, parts and walk-list sort keys."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from organizer.domain.errors import InvalidValue
from organizer.domain.numbers import storable

_ZIP_COUNTRIES = frozenset({"US", "USA", "PR", "VI", "GU", "AS", "MP"})
_ZIP = re.compile(r"([0-9]{3,5})(?:\.0+)?(?:[\s-]*([0-9]{4}))?-?")
_ZIP9 = re.compile(r"[0-9]{9}")
_ZIP_LOST_ZEROS = re.compile(r"[0-9]{6,8}")


def normalize_postal_code(raw: str | int | float, country: str = "US") -> str:
    """A ZIP as text, leading zeros restored (2134 → "02134"); "" when empty; raises InvalidValue.

    Other countries' codes are only trimmed.
    """
    if isinstance(raw, float):
        if math.isnan(raw):
            return ""
        if not raw.is_integer() or raw < 0:
            raise InvalidValue("not a valid ZIP code")
        raw = int(raw)
    text = " ".join(str(raw).split())
    if not text or (country or "US").upper() not in _ZIP_COUNTRIES:
        return text
    if _ZIP9.fullmatch(text) or (isinstance(raw, int) and _ZIP_LOST_ZEROS.fullmatch(text)):
        nine = text.zfill(9)  # a ZIP+4 written without its hyphen (and maybe its leading zeros)
        return f"{nine[:5]}-{nine[5:]}"
    match = _ZIP.fullmatch(text)
    if match is None:
        digits = sum(ch.isdigit() for ch in text)
        raise InvalidValue("too long for a ZIP code" if digits > 9 else "not a valid ZIP code")
    five = match.group(1).zfill(5)
    return f"{five}-{match.group(2)}" if match.group(2) else five


@dataclass(frozen=True, slots=True)
class StreetParts:
    """One address line split for walk lists: "12A", 12, "N MAIN ST", "2B"."""

    number: str
    number_value: int | None
    street: str
    unit: str


# USPS Publication 28, Appendix C1: the standard suffix abbreviation, then the spellings it replaces.
_SUFFIX_TABLE = """
ALY ALLEE ALLEY ALLY|ANX ANEX ANNEX ANNX|ARC ARCADE|AVE AV AVEN AVENU AVENUE AVN AVNUE|BYU BAYOO BAYOU
BCH BEACH|BND BEND|BLF BLUF BLUFF|BLFS BLUFFS|BTM BOT BOTTM BOTTOM|BLVD BOUL BOULEVARD BOULV|BR BRNCH BRANCH
BRG BRDGE BRIDGE|BRK BROOK|BRKS BROOKS|BG BURG|BGS BURGS|BYP BYPA BYPAS BYPASS BYPS|CP CAMP CMP
CYN CANYN CANYON CNYN|CPE CAPE|CSWY CAUSEWAY CAUSWA|CTR CEN CENT CENTER CENTR CENTRE CNTER CNTR|CTRS CENTERS
CIR CIRC CIRCL CIRCLE CRCL CRCLE|CIRS CIRCLES|CLF CLIFF|CLFS CLIFFS|CLB CLUB|CMN COMMON|CMNS COMMONS
COR CORNER|CORS CORNERS|CRSE COURSE|CT COURT|CTS COURTS|CV COVE|CVS COVES|CRK CREEK
CRES CRESCENT CRSENT CRSNT|CRST CREST|XING CROSSING CRSSNG|XRD CROSSROAD|XRDS CROSSROADS|CURV CURVE
DL DALE|DM DAM|DV DIV DIVIDE DVD|DR DRIV DRIVE DRV|DRS DRIVES|EST ESTATE|ESTS ESTATES
EXPY EXP EXPR EXPRESS EXPRESSWAY EXPW|EXT EXTENSION EXTN EXTNSN|EXTS EXTENSIONS|FALL|FLS FALLS
FRY FERRY FRRY|FLD FIELD|FLDS FIELDS|FLT FLAT|FLTS FLATS|FRD FORD|FRDS FORDS|FRST FOREST FORESTS
FRG FORG FORGE|FRGS FORGES|FRK FORK|FRKS FORKS|FT FORT FRT|FWY FREEWAY FREEWY FRWAY FRWY
GDN GARDEN GARDN GRDEN GRDN|GDNS GARDENS GRDNS|GTWY GATEWAY GATEWY GATWAY GTWAY|GLN GLEN|GLNS GLENS
GRN GREEN|GRNS GREENS|GRV GROV GROVE|GRVS GROVES|HBR HARB HARBOR HARBR HRBOR|HBRS HARBORS|HVN HAVEN
HTS HT HEIGHTS|HWY HIGHWAY HIGHWY HIWAY HIWY HWAY|HL HILL|HLS HILLS|HOLW HLLW HOLLOW HOLLOWS HOLWS
INLT INLET|IS ISLAND ISLND|ISS ISLANDS ISLNDS|ISLE ISLES|JCT JCTION JCTN JUNCTION JUNCTN JUNCTON
JCTS JCTNS JUNCTIONS|KY KEY|KYS KEYS|KNL KNOL KNOLL|KNLS KNOLLS|LK LAKE|LKS LAKES|LAND|LNDG LANDING LNDNG
LN LANE|LGT LIGHT|LGTS LIGHTS|LF LOAF|LCK LOCK|LCKS LOCKS|LDG LDGE LODG LODGE|LOOP LOOPS|MALL
MNR MANOR|MNRS MANORS|MDW MEADOW|MDWS MEADOWS MEDOWS|MEWS|ML MILL|MLS MILLS|MSN MISSN MSSN MISSION
MTWY MOTORWAY|MT MNT MOUNT|MTN MNTAIN MNTN MOUNTAIN MOUNTIN MTIN|MTNS MNTNS MOUNTAINS|NCK NECK
ORCH ORCHARD ORCHRD|OVAL OVL|OPAS OVERPASS|PARK PRK PARKS|PKWY PARKWAY PARKWY PKWAY PKY PARKWAYS PKWYS
PASS|PSGE PASSAGE|PATH PATHS|PIKE PIKES|PNE PINE|PNES PINES|PL PLACE|PLN PLAIN|PLNS PLAINS
PLZ PLAZA PLZA|PT POINT|PTS POINTS|PRT PORT|PRTS PORTS|PR PRAIRIE PRR|RADL RAD RADIAL RADIEL|RAMP
RNCH RANCH RANCHES RNCHS|RPD RAPID|RPDS RAPIDS|RST REST|RDG RDGE RIDGE|RDGS RIDGES|RIV RIVER RVR RIVR
RD ROAD|RDS ROADS|RTE ROUTE|ROW|RUE|RUN|SHL SHOAL|SHLS SHOALS|SHR SHOAR SHORE|SHRS SHOARS SHORES
SKWY SKYWAY|SPG SPNG SPRING SPRNG|SPGS SPNGS SPRINGS SPRNGS|SPUR SPURS|SQ SQR SQRE SQU SQUARE
SQS SQRS SQUARES|STA STATION STATN STN|STRA STRAV STRAVEN STRAVENUE STRAVN STRVN STRVNUE
STRM STREAM STREME|ST STREET STRT STR|STS STREETS|SMT SUMIT SUMITT SUMMIT|TER TERR TERRACE
TRWY THROUGHWAY|TRCE TRACE TRACES|TRAK TRACK TRACKS TRK TRKS|TRFY TRAFFICWAY|TRL TRAIL TRAILS TRLS
TRLR TRAILER TRLRS|TUNL TUNEL TUNLS TUNNEL TUNNELS TUNNL|TPKE TRNPK TURNPIKE TURNPK|UPAS UNDERPASS
UN UNION|UNS UNIONS|VLY VALLEY VALLY VLLY|VLYS VALLEYS|VIA VDCT VIADCT VIADUCT|VW VIEW|VWS VIEWS
VLG VILL VILLAG VILLAGE VILLG VILLIAGE|VLGS VILLAGES|VL VILLE|VIS VIST VISTA VST VSTA|WALK WALKS|WALL
WAY WY|WAYS|WL WELL|WLS WELLS
"""
_SUFFIXES = {
    spelling: group.split()[0]
    for group in _SUFFIX_TABLE.replace("\n", "|").split("|")
    if group.strip()
    for spelling in group.split()
}
_DIRECTIONS = {
    "NORTH": "N", "SOUTH": "S", "EAST": "E", "WEST": "W", "NORTHEAST": "NE", "NORTHWEST": "NW",
    "SOUTHEAST": "SE", "SOUTHWEST": "SW", "N": "N", "S": "S", "E": "E", "W": "W", "NE": "NE", "NW": "NW",
    "SE": "SE", "SW": "SW",
}
_ROUTE_WORDS = frozenset(
    {"HWY", "HIGHWAY", "RTE", "ROUTE", "RD", "ROAD", "FWY", "EXPY", "PIKE", "TPKE", "CR", "SR", "FM"}
)
_ORDINALS = ("FIRST", "SECOND", "THIRD", "FOURTH", "FIFTH", "SIXTH", "SEVENTH", "EIGHTH", "NINTH", "TENTH",
             "ELEVENTH", "TWELFTH")
_NAME_WORDS = {
    "SAINT": "ST", "MOUNT": "MT", "FORT": "FT",
    **{word: f"{n}{'ST' if n == 1 else 'ND' if n == 2 else 'RD' if n == 3 else 'TH'}"
       for n, word in enumerate(_ORDINALS, start=1)},
}
# Secondary unit designators (Pub 28 C2). Those naming a dwelling unit all become "#".
_DWELLING_UNITS = frozenset(
    {"#", "APT", "APARTMENT", "APTO", "UNIT", "STE", "SUITE", "NO", "NUM", "NUMBER", "RM", "ROOM", "SPC",
     "SPACE", "LOT", "TRLR", "TRAILER"}
)
_LABELLED_UNITS = {"BLDG": "BLDG", "BUILDING": "BLDG", "FL": "FL", "FLOOR": "FL", "DEPT": "DEPT",
                   "DEPARTMENT": "DEPT", "OFC": "OFC", "OFFICE": "OFC", "HNGR": "HNGR", "HANGAR": "HNGR"}
_BARE_UNITS = {"REAR": "REAR", "FRNT": "FRNT", "FRONT": "FRNT", "UPPR": "UPPR", "UPPER": "UPPR",
               "LOWR": "LOWR", "LOWER": "LOWR", "BSMT": "BSMT", "BASEMENT": "BSMT", "PH": "PH",
               "PENTHOUSE": "PH", "LBBY": "LBBY", "LOBBY": "LBBY"}
_ATTACHED_UNIT = re.compile(r"(APT|UNIT|STE|SUITE|RM|ROOM|BLDG|LOT|SPC|FL)([0-9][A-Z0-9]*)")
_HOUSE_NUMBER = re.compile(
    r"\s*([0-9]+)(?:-([0-9]+))?(?:-?([A-Z])(?![A-Z0-9]))?(?:\s+([1-3]/[2-4]))?(?=[\s,.#]|$)[\s,.]*",
    re.IGNORECASE | re.ASCII,
)
_UNIT_LIKE = re.compile(r"[0-9]+[A-Z]?|[A-Z][0-9]*")  # "2B", "10", "C", "B2"; not "5TH"
_PUNCTUATION = re.compile(r"[^A-Z0-9# ]+")
_NATURAL_PARTS = re.compile(r"[0-9]+|[^\W\d_]+")


def street_key(line: str) -> str:
    """Pub 28 style matching key.

    "12 North Main Street #2b" and "12 N. Main St. Apt 2B" both give "12 N MAIN ST # 2B".
    """
    number, _, rest = _split_number(line)
    tail = _street_and_unit(rest)[2]
    if not number:
        return tail
    return f"{number} {tail}" if tail else number


def parse_street(line: str) -> StreetParts:
    """House number ("12A", "12-14", "12 1/2"), normalized street name and unit of one address line."""
    number, value, rest = _split_number(line)
    street, unit, _ = _street_and_unit(rest)
    return StreetParts(number, value, street, unit)


def parse_street_and_key(line: str) -> tuple[StreetParts, str]:
    """`parse_street` and `street_key` of one line at once (a voter file needs both for every row)."""
    number, value, rest = _split_number(line)
    street, unit, tail = _street_and_unit(rest)
    key = (f"{number} {tail}" if tail else number) if number else tail
    return StreetParts(number, value, street, unit), key


def _split_number(line: str) -> tuple[str, int | None, str]:
    """(house number, its value, the rest of the line).

    Whole lines are rarely repeated (house numbers differ), so they are not cached; the rest is,
    in _street_and_unit: a voter file names each street hundreds of times.
    """
    text = line if type(line) is str else str(line)
    if "," in text:
        text = _reorder_segments(" ".join(text.split()))
    match = _HOUSE_NUMBER.match(text)
    if match is None:
        return "", None, text.strip()
    first, second, letter, fraction = match.groups()
    number = first
    if second or letter or fraction:
        number += (f"-{second}" if second else "") + (letter or "").upper() + (f" {fraction}" if fraction else "")
    value = int(first)
    return number, value if storable(value) else None, text[match.end() :].strip()


def _reorder_segments(text: str) -> str:
    """ "Apt 2B, 12 Main St, Raleigh" → "12 Main St Apt 2B": the street, then unit-like parts."""
    segments = [s.strip() for s in text.split(",") if s.strip()]
    if not segments:
        return ""
    main = next((i for i, s in enumerate(segments) if s[0].isdigit()), 0)
    units = [s for i, s in enumerate(segments) if i != main and _looks_like_unit(s)]
    return " ".join([segments[main], *units])


def _looks_like_unit(segment: str) -> bool:
    tokens = _tokens(segment)
    if not tokens:
        return False
    first = tokens[0]
    designator = first in _DWELLING_UNITS or first in _LABELLED_UNITS or first in _BARE_UNITS
    return designator or (len(tokens) == 1 and len(first) <= 4 and any(ch.isdigit() for ch in first))


def _tokens(text: str) -> list[str]:
    upper = text.upper()
    if not upper.isascii():
        decomposed = unicodedata.normalize("NFKD", upper)
        upper = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    upper = upper.replace("'", "").replace("’", "").replace("#", " # ")
    tokens: list[str] = []
    for token in _PUNCTUATION.sub(" ", upper).split():
        attached = _ATTACHED_UNIT.fullmatch(token)
        tokens.extend(attached.groups() if attached else (token,))
    return tokens


@lru_cache(maxsize=65536)
def _street_and_unit(rest: str) -> tuple[str, str, str]:
    """What follows the house number as (street, unit, key tail); cached, as streets repeat."""
    tokens = _tokens(rest)
    po_box = _po_box(tokens)
    if po_box:
        return po_box, "", po_box
    cut = _unit_start(tokens)
    street, unit = _street_name(tokens[:cut]), _unit_text(tokens[cut:])
    return street, unit, (f"{street} # {unit}" if street else f"# {unit}") if unit else street


def _po_box(tokens: list[str]) -> str:
    if tokens[:3] in (["P", "O", "BOX"], ["POST", "OFFICE", "BOX"]):
        return " ".join(["PO BOX", *tokens[3:]])
    if tokens[:2] == ["PO", "BOX"] or tokens[:1] == ["POB"]:
        return " ".join(["PO BOX", *tokens[1 if tokens[0] == "POB" else 2 :]])
    return ""


def _unit_start(tokens: list[str]) -> int:
    """Index where the secondary unit begins (len(tokens) when there is none)."""
    n = len(tokens)
    for i in range(1, n):
        token = tokens[i]
        nxt = tokens[i + 1] if i + 1 < n else ""
        has_id = bool(nxt) and (len(nxt) <= 2 or any(ch.isdigit() for ch in nxt))
        if token == "#" or ((token in _DWELLING_UNITS or token in _LABELLED_UNITS) and has_id):
            return i
        if token in _BARE_UNITS and (not nxt or _is_designator(nxt)):
            return i
    last = tokens[-1] if tokens else ""
    # "12 Main St 2B": a trailing identifier after a suffix; but "12 Highway 54" is a street.
    after_suffix = n >= 3 and tokens[-2] in _SUFFIXES and tokens[-2] not in _ROUTE_WORDS
    if after_suffix and last not in _DIRECTIONS and _UNIT_LIKE.fullmatch(last):
        return n - 1
    return n


def _is_designator(token: str) -> bool:
    return token in _DWELLING_UNITS or token in _LABELLED_UNITS or token in _BARE_UNITS


def _unit_text(tokens: list[str]) -> str:
    """ "APT 2-B" → "2B", "BLDG 3 APT 2" → "BLDG 3 # 2", "REAR" → "REAR"."""
    groups: list[str] = []
    current = ""
    for token in tokens:
        if _is_designator(token):
            if current:
                groups.append(current)
            current = _LABELLED_UNITS.get(token, "") or _BARE_UNITS.get(token, "")
            current += " " if token in _LABELLED_UNITS else ""
        else:
            current += token
    if current.strip():
        groups.append(current.strip())
    return " # ".join(groups)


def _street_name(words: list[str]) -> str:
    """Pub 28 street name: directionals and the suffix abbreviated, other words kept."""
    words = list(words)
    pre = post = suffix = ""
    if len(words) >= 2 and words[0] in _DIRECTIONS and (len(words) >= 3 or words[1] not in _SUFFIXES):
        pre = _DIRECTIONS[words.pop(0)]
    if len(words) >= 2 and words[-1] in _DIRECTIONS:
        post = _DIRECTIONS[words.pop()]
    if len(words) >= 2 and words[-1] in _SUFFIXES:
        suffix = _SUFFIXES[words.pop()]
    elif len(words) >= 2 and words[-1][:1].isdigit() and words[-2] in _ROUTE_WORDS:
        words[-2] = _SUFFIXES.get(words[-2], words[-2])  # "Highway 54" → "HWY 54"
    name = [_NAME_WORDS.get(w, w) for w in words]
    return " ".join(w for w in (pre, *name, suffix, post) if w)


def unit_sort_key(unit: str) -> tuple[tuple[int, int, str], ...]:
    """Natural order of units: "" < "2A" < "2B" < "10" < "B"."""
    parts = _NATURAL_PARTS.findall(unit.upper())
    if parts and parts[0] in _DWELLING_UNITS:
        parts = parts[1:]
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts)


def house_side(number_value: int | None) -> str:
    """ "odd" or "even" side of the street; "" without a house number."""
    if number_value is None:
        return ""
    return "even" if number_value % 2 == 0 else "odd"
