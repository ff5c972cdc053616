"""The clerk's random sample, simulated on a chapter's own checked signatures; and the progress figures.

California's rule is the model: sample 3% or 500 signatures, whichever is greater; a duplicate found
in the sample is penalised (both lines of a pair must fall in the sample, so each one found stands for
many); above 110% of the requirement projected the petition qualifies, below 95% it fails, and in
between every line is checked.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

QUALIFIES_ABOVE = 1.10
FAILS_BELOW = 0.95


@dataclass(frozen=True, slots=True)
class Line:
    """One raw signature as the sample sees it: whether its voter is valid, and who the voter is."""

    valid_voter: bool  # valid, or a later line of a valid voter (the clerk finds it a duplicate only in pairs)
    voter: int | None


@dataclass(frozen=True, slots=True)
class SampleOutcome:
    """What the simulated sample projects."""

    raw: int
    sample_size: int
    valid_in_sample: int
    duplicates_in_sample: int
    projected_valid: int
    low: int  # a 95% interval around projected_valid
    high: int
    outcome: str  # qualifies | full_count | fails
    more_for_qualifying: int  # raw signatures still to gather, at this validity, to project "qualifies"


def sample_size(raw: int, rate: float, minimum: int) -> int:
    """How many lines the clerk samples: the rate or the minimum, whichever is greater, at most all."""
    return min(raw, max(math.ceil(raw * rate), minimum))


def simulate(lines: Sequence[Line], required: int, rate: float = 0.03, minimum: int = 500,
             seed: int | None = None) -> SampleOutcome:
    """Draw the clerk's sample and project the valid total with the duplicate penalty."""
    raw = len(lines)
    n = sample_size(raw, rate, minimum)
    drawn = random.Random(seed).sample(list(lines), n) if n else []
    valid = sum(1 for line in drawn if line.valid_voter)
    seen = Counter(line.voter for line in drawn if line.valid_voter and line.voter is not None)
    duplicates = sum(count - 1 for count in seen.values())
    projected, spread = _project(raw, n, valid, duplicates)
    outcome = _outcome(projected, required)
    return SampleOutcome(raw, n, valid, duplicates, projected, max(0, projected - spread), projected + spread,
                         outcome, _more_needed(raw, projected, required))


def _project(raw: int, n: int, valid: int, duplicates: int) -> tuple[int, int]:
    if n == 0:
        return 0, 0
    if n >= raw:  # a full count: nothing is estimated
        return valid - duplicates, 0
    scale = raw / n
    pairs_scale = raw * (raw - 1) / (n * (n - 1)) if n > 1 else scale * scale
    projected = valid * scale - duplicates * pairs_scale
    p = valid / n
    spread = 1.96 * raw * math.sqrt(p * (1 - p) / n * (1 - n / raw))
    return max(0, round(projected)), round(spread)


def _outcome(projected: int, required: int) -> str:
    if required <= 0:
        return "qualifies"
    if projected > required * QUALIFIES_ABOVE:
        return "qualifies"
    if projected < required * FAILS_BELOW:
        return "fails"
    return "full_count"


def _more_needed(raw: int, projected: int, required: int) -> int:
    """Raw signatures to add so the projection passes 110% at the same validity (0 when it does)."""
    target = math.floor(required * QUALIFIES_ABOVE) + 1
    if projected >= target or required <= 0:
        return 0
    if projected <= 0 or raw == 0:
        return target  # nothing valid yet: at least the target itself
    return max(0, math.ceil(target * raw / projected) - raw)


@dataclass(frozen=True, slots=True)
class Progress:
    """The figures that matter while gathering."""

    raw: int
    checked: int
    valid: int
    validity_rate: float | None  # valid among the lines checked with a final status
    projected_valid: int
    required: int
    gap_to_required: int  # projected valid still missing (0 when reached)
    buffer_goal: int  # raw signatures to gather (the requirement times the buffer)
    gap_to_buffer: int
    maximum: int | None
    over_maximum: bool
    days_left: int | None


def progress(raw: int, checked: int, valid: int, at_risk: int, pending: int, required: int, buffer: float,
             maximum: int | None, deadline: date | None, today: date) -> Progress:
    """Raw count, checked count, validity so far, projected valid and the gaps.

    ``checked`` counts lines with a final status; ``pending`` the raw lines without one (unchecked or
    needing review), projected at the rate so far. Lines at risk (their sheet's circulator statement is
    incomplete) are left out of the projection until the sheet is put right.
    """
    rate = valid / checked if checked else None
    projected = max(0, valid - at_risk) + (round(pending * rate) if rate is not None else 0)
    goal = math.ceil(required * buffer) if required else 0
    return Progress(raw, checked, valid, rate, projected, required, max(0, required - projected), goal,
                    max(0, goal - raw), maximum, maximum is not None and raw > maximum,
                    (deadline - today).days if deadline is not None else None)
