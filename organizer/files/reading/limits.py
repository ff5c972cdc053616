"""Safety caps for reading untrusted spreadsheet files."""

from __future__ import annotations

# Text (CSV) files.
MAX_FIELD_CHARS = 1_048_576
"""A single CSV cell longer than this is refused (never truncated)."""
MAX_COLUMNS = 16_384
"""A row with more cells than this is refused (Excel's own limit)."""
MAX_LINE_CHARS = 8 * 1_048_576
"""A physical text line longer than this is refused (bounds memory per line)."""
SNIFF_BYTES = 64 * 1024
"""Bytes read from the start of a file to decide what it is."""
DELIMITER_SAMPLE_CHARS = 256 * 1024
"""Characters of text used to choose the delimiter."""
DELIMITER_SAMPLE_RECORDS = 50
"""Non-blank records used to choose the delimiter."""
SCAN_CHUNK_BYTES = 1_048_576
"""Chunk size for streamed scans of whole files and zip parts."""

# Workbooks (zip containers: xlsx, ods).
MAX_ZIP_ENTRIES = 10_000
MAX_UNCOMPRESSED_BYTES = 1 << 30
"""Total declared uncompressed size of all parts (1 GB)."""
MAX_COMPRESSION_RATIO = 200
"""Largest uncompressed:compressed ratio allowed for a part over RATIO_MIN_BYTES."""
RATIO_MIN_BYTES = 1 << 20
MAX_METADATA_PART_BYTES = 16 << 20
"""Largest workbook.xml / relationships part parsed in this process."""
PROLOG_SCAN_BYTES = 64 * 1024
"""Bytes of each XML part searched for a DOCTYPE or ENTITY declaration."""
MAX_TAG_CARRY_BYTES = 1 << 20
"""Longest XML tag the streamed sheet scan will carry across chunks."""

# Sheets in any workbook.
MAX_SHEET_COLUMNS = 1_000
"""Data beyond this column is refused (real chapter sheets never come close)."""
MAX_SHEET_ROWS = 1_048_576
"""Excel's row limit; data beyond it is refused."""
MAX_SHEET_CELLS = 20_000_000
"""Largest rows x columns area a sheet's data may span (the parser allocates it densely)."""

# The child process that parses workbooks.
CHILD_MEMORY_BYTES = 1536 << 20
"""Address-space limit of the parsing child (Linux/BSD only)."""
CHILD_CPU_SECONDS = 900
CHILD_STALL_SECONDS = 300.0
"""The child is killed when it sends nothing for this long."""
BATCH_ROWS = 2_000
BATCH_CHARS = 4 << 20
"""A batch of rows is sent when it reaches BATCH_ROWS rows or about this many characters."""
MAX_DECRYPTED_BYTES = 256 << 20
"""Largest decrypted workbook kept in memory (the encrypted file is about as large)."""
