"""The reading child's chunks as JSON bytes: orjson's, or the standard library's for what orjson refuses,
and the parent reads either to the same values."""

from __future__ import annotations

import json
from typing import Any

import pytest

from organizer.services.importing.prepare_child import json_bytes

CHUNKS: list[dict[str, Any]] = [
    {"t": "prepared", "rows": 2, "warnings": [[1, "Email", "x@", "not an email"]], "rejected": [],
     "people": [["Zoë", "Nguyễn", ["mobile"], {"Shirt": "L"}, None, True, "12 N MAIN ST"]]},
    {"t": "prepared", "rows": 1, "warnings": [], "rejected": [[3, "\ud800", "a lone surrogate", ["\ud800"]]]},
    {"t": "prepared", "rows": 1, "warnings": [], "rejected": [[2**70, "a number past 64 bits", "", []]]},
]


@pytest.mark.parametrize("chunk", CHUNKS, ids=["plain", "lone surrogate", "huge number"])
def test_every_chunk_goes_and_reads_back_as_it_was(chunk: dict[str, Any]) -> None:
    assert json.loads(json_bytes(chunk)) == chunk


def test_orjson_writes_the_usual_chunk() -> None:
    written = json_bytes(CHUNKS[0])
    assert "Zoë".encode() in written  # UTF-8 as it is: the standard library would write \\u00eb
