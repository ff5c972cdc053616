"""The people index lists exactly the lookalikes of the rule, in lists of common and of rare names."""

from __future__ import annotations

import random

import pytest
from rapidfuzz import process

from organizer.services.importing import matching
from organizer.services.importing.cleaning import Candidate
from organizer.services.importing.matching import PeopleIndex
from tests.service.test_import_lookalikes import LIMIT, SIMILAR, similarity

# Some spelled alike, a few of them at different similarities (katharine: kathrine 94%, katherine 89%).
COMMON = ["ana", "anna", "jon", "john", "joan", "maria", "mariah", "mariam", "katherine", "catherine", "katharine",
          "kathrine", "wei", "mei", "sofia", "liam", "omar", "grace", "nadia", "samuel"]


def rare_names(rng: random.Random, count: int) -> list[str]:
    """Made-up given names from few letters, so that some of them are spelled alike."""
    return ["".join(rng.choice("aeklmn") for _ in range(rng.randint(5, 7))) for _ in range(count)]


def rule(earlier: list[tuple[int, str]], gkey: str, exclude: int) -> list[tuple[int, str, float]]:
    """The lookalikes of a new person among the earlier people of the family, (id, given key) in order."""
    same = [(pid, "same name", 100.0) for pid, g in earlier if g == gkey][:LIMIT]
    similar = []
    for other in dict.fromkeys(g for _pid, g in earlier):
        score = similarity(gkey, other)
        if other != gkey and score >= SIMILAR:
            similar += [(pid, "similar spelling", score) for pid, g in earlier if g == other][:LIMIT]
    return [found for found in same + similar if found[0] != exclude][:LIMIT]


@pytest.mark.parametrize("rare", [0, 1500])
def test_lookalikes_follow_the_rule(rare: int) -> None:
    """Common names only, and half of the people with one of many rare names (scored family by family)."""
    rng = random.Random(rare)
    rare_given = rare_names(rng, rare)
    families = [f"family{i}" for i in range(4 if rare else 12)]
    index = PeopleIndex()
    earlier: dict[str, list[tuple[int, str]]] = {f: [] for f in families}
    for pid in range(1, 2001):
        gkey = rng.choice(rare_given) if rare and rng.random() < 0.5 else rng.choice(COMMON)
        fkey = rng.choice(families)
        c = Candidate(row=pid, names={"given_name": gkey, "family_name": fkey}, emails=[f"{pid}@example.org"],
                      name_key=f"{gkey}|{fkey}", family_key=fkey)
        same = [p for p, g in earlier[fkey] if g == gkey]
        exclude = same[0] if same and pid % 4 == 0 else -1  # now and then leave out one of them
        found = index.lookalikes(c, exclude=exclude)
        assert [(p, reason, round(score, 6)) for p, reason, score in found] == [
            (p, reason, round(score, 6)) for p, reason, score in rule(earlier[fkey], gkey, exclude)]
        index.remember(pid, c, "")
        earlier[fkey].append((pid, gkey))


def test_a_name_many_people_share_is_not_scored_against_its_family_each_time(
        monkeypatch: pytest.MonkeyPatch) -> None:
    scored: list[int] = []
    real = process.extract

    def counting(query: str, choices: list[str], **kwargs: object) -> object:
        scored.append(len(choices))
        return real(query, choices, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(matching.process, "extract", counting)
    rng = random.Random(7)
    index = PeopleIndex()
    for pid in range(1, 20_001):  # 20 given names in 5 families: most people share their full name
        gkey, fkey = rng.choice(COMMON), f"family{rng.randrange(5)}"
        c = Candidate(row=pid, names={"given_name": gkey}, emails=[f"{pid}@example.org"],
                      name_key=f"{gkey}|{fkey}", family_key=fkey)
        index.lookalikes(c, exclude=-1)
        index.remember(pid, c, "")
    # Scoring every new person against the family's given names would be 20,000 x 20; each of the
    # 20 names scored against each other a few times is a few thousand.
    assert sum(scored) < 5_000
