"""FileProblem and the plain-language messages it carries."""

from __future__ import annotations

from organizer.errors import UserError

from .limits import MAX_COLUMNS, MAX_FIELD_CHARS, MAX_LINE_CHARS, MAX_SHEET_COLUMNS, MAX_SHEET_ROWS


class FileProblem(UserError):
    """A file that cannot be read; str(exc) is one plain line a chapter lead can act on.

    Messages never contain cell values. ``line`` is the 1-based text line involved, when known.
    """

    def __init__(self, message: str, *, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line

    def __str__(self) -> str:
        return self.message


class ReaderBug(RuntimeError):
    """The reading process failed in this program's own code: a bug, not the file's fault.

    Its traceback (never a cell value) was logged; callers show "something went wrong" with the log.
    """


RESAVE = "open it in Excel or LibreOffice, save it as a new .xlsx or .csv, and import again"

EMPTY = "This file is empty."
PASSWORD = (
    "This workbook is password-protected: give its password to import it, or open it in Excel, "
    "remove the password (File > Info > Protect Workbook), save, and import again."
)
WRONG_PASSWORD = "The password for this workbook is wrong: check it (capitals count) and try again."
PASSWORD_ODS = (
    "This workbook is password-protected with LibreOffice's own encryption, which cannot be opened here: "
    "open it in LibreOffice and save it without a password, or as .xlsx with one, and import again."
)
OLD_ENCRYPTION = (
    "This workbook is protected with an old kind of encryption that cannot be opened here: open it in "
    "Excel, save it without a password (or as a new .xlsx with one), and import again."
)
TOO_LARGE = "This workbook is too large to import safely: its cells unpack to more than 1 GB."
TOO_MANY_PARTS = f"This workbook has too many internal parts to import safely: {RESAVE}."
ZIP_BOMB = f"This workbook is compressed suspiciously well, so it was not opened: {RESAVE}."
XML_FEATURES = (
    "This file contains XML features that are not allowed in spreadsheets (a document type "
    f"declaration), so it was not opened: {RESAVE}."
)
CRASHED = f"This workbook could not be read safely (the reader stopped unexpectedly): {RESAVE}."
TIMED_OUT = f"This workbook took too long to read: {RESAVE}."
XLSB = (
    "This is an Excel binary workbook (.xlsb), which cannot be imported: open it in Excel, "
    "save it as .xlsx or .csv, and import again."
)
NO_DATA = "This workbook has no data on any visible sheet."
NO_VISIBLE_DATA = (
    "This workbook has no data on any visible sheet; only hidden sheets have data: choose one of them."
)
BINARY = "This file is not a spreadsheet (it contains binary data)."
HTML = (
    "This file is a web page (HTML), not a spreadsheet: open it in Excel, save it as .xlsx "
    "or .csv, and import again."
)
XML_2003 = (
    "This is an old Excel XML spreadsheet (2003 format): open it in Excel, save it as .xlsx "
    "or .csv, and import again."
)


def not_spreadsheet(looks_like: str) -> str:
    """The message for a file of some other known kind, e.g. ``"a PDF"``."""
    return f"This file is not a spreadsheet (it looks like {looks_like})."


def damaged(suffix: str) -> str:
    """The message for a broken container; ``suffix`` like ``".xlsx"``."""
    return (
        f"This {suffix} file is damaged or incomplete: open it in Excel or LibreOffice and save it again."
    )


def cannot_open(reason: str) -> str:
    return f"This file could not be opened ({reason})."


def too_wide(columns: int) -> str:
    return (
        f"This sheet claims {columns:,} columns; at most {MAX_SHEET_COLUMNS:,} can be imported: "
        "delete the unused columns (or copy the data to a new sheet), save, and import again."
    )


def too_tall(rows: int) -> str:
    return (
        f"This sheet claims {rows:,} rows; at most {MAX_SHEET_ROWS:,} can be imported: "
        "delete the unused rows (or copy the data to a new sheet), save, and import again."
    )


def too_many_cells(rows: int, columns: int) -> str:
    return (
        f"This sheet claims {rows:,} rows by {columns:,} columns, too large to import safely: "
        "delete the unused rows and columns (or copy the data to a new sheet), save, and import again."
    )


def cell_too_long(where: str) -> str:
    return f"{where} has a cell longer than {MAX_FIELD_CHARS:,} characters, too long to import."


def unknown_sheet(name: str, names: tuple[str, ...]) -> str:
    listed = ", ".join(f"\u201c{n}\u201d" for n in names) or "none"
    return f"This workbook has no sheet named \u201c{name}\u201d; its sheets are: {listed}."


def sheet_empty(name: str) -> str:
    return f"The sheet \u201c{name}\u201d is empty."


def unterminated_quote(line: int) -> str:
    return (
        f"Line {line} has an unterminated quote: a cell that starts with a quotation mark never ends. "
        "Fix that line in a text editor, or open the file in Excel and save it again."
    )


def misplaced_quote(line: int) -> str:
    return (
        f"Line {line} has a quotation mark in an unexpected place. "
        "Fix that line in a text editor, or open the file in Excel and save it again."
    )


def too_many_cells_in_row(line: int) -> str:
    return f"Line {line} has more than {MAX_COLUMNS:,} cells, too many to import."


def line_too_long(line: int) -> str:
    return f"Line {line} is longer than {MAX_LINE_CHARS:,} characters, too long to import."


def nul_in_text(line: int) -> str:
    return (
        f"Line {line} contains a NUL character, so this is not a plain text file: "
        "open it in Excel, save it as .csv, and import again."
    )


def bad_text(line: int, encoding: str) -> str:
    return (
        f"The text near line {line} is not valid {encoding}: choose a different text encoding "
        "and import again."
    )


def unknown_encoding(encoding: str) -> str:
    return f"\u201c{encoding}\u201d is not a text encoding this program knows: choose another one."


CHILD_PROBLEMS = {
    "password": PASSWORD,
    "wrong_password": WRONG_PASSWORD,
    "old_encryption": OLD_ENCRYPTION,
    "memory": "This workbook is too large to import safely: it needs more than 1.5 GB of memory.",
    "too_large": TOO_LARGE,
    "cell_too_long": cell_too_long("This sheet"),
}
"""Messages for the fixed problem codes the parsing child reports."""


def child_problem(code: str, count: int, suffix: str) -> str:
    """The message for a problem the parsing child reported (unknown codes read as a crash)."""
    if code == "too_wide":
        return too_wide(count)
    if code in ("damaged", "no_sheet"):
        return damaged(suffix)
    return CHILD_PROBLEMS.get(code, CRASHED)
