"""Safe, streamed reading of spreadsheet files (xlsx, xls, ods, csv) for imports."""

from .api import ensure_safe_xml, inspect_file, iter_rows, read_preview
from .errors import FileProblem
from .model import SheetInfo, TableSource

__all__ = [
    "FileProblem",
    "SheetInfo",
    "TableSource",
    "ensure_safe_xml",
    "inspect_file",
    "iter_rows",
    "read_preview",
]
