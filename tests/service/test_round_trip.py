"""Export then import into another chapter: generated people come back with nothing lost."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from organizer.services.container import Services, create_chapter
from organizer.services.people import PeopleQuery
from organizer.services.people_export import export_people
from organizer.services.person_input import PersonInput

WORD = st.from_regex(r"[A-Z][a-zà-ÿ]{1,10}(-[A-Z][a-z]{1,8})?", fullmatch=True)
TRICKY = st.sampled_from(["=SUM(A1:A9)", "+1 (555) 010", "-5", "@everyone", "plain", "02134", "1e5", "Ünïcödé"])
PERSON = st.builds(
    dict,
    given=WORD,
    family=WORD,
    email=st.from_regex(r"[a-z]{1,8}\.[a-z]{1,8}@example\.(org|com)", fullmatch=True),
    phone=st.integers(min_value=0, max_value=99).map(lambda n: f"919-555-01{n:02d}"),
    postal=st.from_regex(r"0[0-9]{4}", fullmatch=True),
    tags=st.lists(st.sampled_from(["Teacher", "Parent", "Door knocker", "Has car"]), unique=True, max_size=3),
    custom=st.dictionaries(st.sampled_from(["Employer", "T-shirt", "Notes 2"]), TRICKY, max_size=2),
)


def snapshot(services: Services) -> list[tuple[object, ...]]:
    rows = services.people.rows(services.people.search_ids(PeopleQuery()))
    return sorted((r.uuid, r.given_name, r.family_name, r.emails, r.phones, r.postal_code, r.tags,
                   sorted(r.custom_fields.items())) for r in rows)


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(people=st.lists(PERSON, min_size=1, max_size=6, unique_by=lambda p: (p["email"], p["phone"])))
def test_export_then_import_loses_nothing(services: Services, tmp_path_factory: pytest.TempPathFactory,
                                          suffix: str, people: list[dict[str, object]]) -> None:
    folder = tmp_path_factory.mktemp("trip")
    source = create_chapter(folder / "source.db", "Source", "US")
    target = create_chapter(folder / "target.db", "Target", "US")
    try:
        for p in people:
            source.people.add(PersonInput(given_name=str(p["given"]), family_name=str(p["family"]),
                                          emails=[str(p["email"])], phones=[str(p["phone"])],
                                          postal_code=str(p["postal"]), tags=list(p["tags"]),  # type: ignore[call-overload]
                                          custom_fields=dict(p["custom"])))  # type: ignore[call-overload]
        path = folder / f"people{suffix}"
        export_people(source.people, path)
        report = target.imports.run(path, "people")
        assert report.rejected == 0 and not report.warnings, report.to_json()
        assert snapshot(target) == snapshot(source)
        again = target.imports.run(path, "people")
        assert again.unchanged == len(people)
    finally:
        source.close()
        target.close()


def test_export_cells_are_never_formulas(services: Services, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    services.people.add(PersonInput(given_name="Ana", family_name="=HYPERLINK(\"x\")",
                                    custom_fields={"Employer": "@SUM(1)"}))
    path = tmp_path / "people.xlsx"
    export_people(services.people, path)
    sheet = load_workbook(path).active
    assert sheet is not None
    values = {c.value: c.data_type for row in sheet.iter_rows(min_row=2) for c in row if c.value}
    assert values['=HYPERLINK("x")'] == "s" and values["@SUM(1)"] == "s"
    csv_path = tmp_path / "people.csv"
    export_people(services.people, csv_path)
    assert "'=HYPERLINK" in csv_path.read_text(encoding="utf-8-sig")
