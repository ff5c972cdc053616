"""Safe, streamed reading of spreadsheet files (xlsx, xls, ods, csv) for imports."""

from .api import (
    ensure_safe_xml,
    inspect_file,
    iter_rows,
    other_sheets_with_data,
    read_preview,
    read_workbook,
    stream_workbook,
)
from .errors import FileProblem, ReaderBug
from .model import Sheet, SheetInfo, TableSource

__all__ = [
    "FileProblem",
    "ReaderBug",
    "Sheet",
    "SheetInfo",
    "TableSource",
    "ensure_safe_xml",
    "inspect_file",
    "iter_rows",
    "other_sheets_with_data",
    "read_preview",
    "read_workbook",
    "stream_workbook",
]
