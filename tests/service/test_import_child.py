"""People imports read and prepare rows in a child process: same results, same errors, Cancel works."""

from __future__ import annotations

from pathlib import Path

import pytest

from organizer.files.reading import FileProblem
from organizer.progress import Cancelled, CancelToken
from organizer.services.container import Services
from organizer.services.importing.layout import detect_layout
from organizer.services.importing.options import SourceOptions
from organizer.services.importing.prepare import PreparedChunk
from organizer.services.importing.registry import kind_named
from organizer.services.importing.source import open_file
from tests.service.importing_helpers import write_csv, write_xlsx

ROWS: list[list[str]] = [
    ["Chapter list"],
    [],
    ["First Name", "Last Name", "E-mail", "Phone #", "Zip", "Volunteer?"],
    ["Maria", "LOPEZ", "Maria@Example.org", "(919) 555-0101", "2134", "Y"],
    ["", "", "not-an-email", "555-12", "27601", ""],
    ["First Name", "Last Name", "E-mail", "Phone #", "Zip", "Volunteer?"],
    *[[f"Person{i}", "Silva", f"p{i}@example.org", "", "27601", "N", "extra"] for i in range(2500)],
    ["Total: 2502"],
]


def chunks(path: Path, in_child: bool) -> list[PreparedChunk]:
    people = kind_named("people")
    opened = open_file(path, SourceOptions(), prepare_in_child=people if in_child else None)
    try:
        layout = detect_layout("people", opened.head, header_row=3, remembered=None, overrides={})
        return list(opened.prepared(people, layout, "US", warn=lambda issue: None))
    finally:
        opened.close()


@pytest.mark.parametrize("writer", [write_csv, write_xlsx])
def test_the_child_prepares_exactly_what_the_import_process_would(tmp_path: Path, writer: object) -> None:
    path = writer(tmp_path / ("people.csv" if writer is write_csv else "people.xlsx"), ROWS)  # type: ignore[operator]
    in_child, here = chunks(path, True), chunks(path, False)
    assert in_child == here
    assert sum(c.rows for c in in_child) == 2502 and len(in_child) == 2
    assert [i.row for c in in_child for i, _cells in c.rejected] == [5]


def test_a_broken_line_midway_is_reported_from_the_child_as_in_the_import_process(tmp_path: Path) -> None:
    path = tmp_path / "broken.csv"
    lines = ["First,Last,Email"] + [f"A{i},B,a{i}@example.org" for i in range(3000)] + ['"unterminated,B,c@example.org']
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    messages = []
    for in_child in (True, False):
        with pytest.raises(FileProblem) as caught:
            chunks(path, in_child)
        messages.append(str(caught.value))
    assert messages[0] == messages[1] and "3002" in messages[0]


def test_an_import_cancelled_midway_writes_nothing(services: Services, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "people.csv", ROWS)
    token = CancelToken()

    def progress(done: int, total: int, message: str) -> None:
        token.cancel()  # after the first chunk

    with pytest.raises(Cancelled):
        services.imports.run(path, "people", progress=progress, cancel=token)
    assert services.people.count() == 0 and services.imports.batches() == []


def test_an_empty_sheet_says_so_from_the_child(services: Services, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "empty.xlsx", [[]])
    with pytest.raises(FileProblem):
        services.imports.run(path, "people")
    assert services.people.count() == 0
