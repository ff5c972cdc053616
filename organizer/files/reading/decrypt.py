"""Office password decryption (msoffcrypto-tool), run only in the sandboxed child: it parses untrusted input.

The decrypted workbook stays in memory and is sent to the parent, which checks it like any other
workbook before a parser sees it; it is never written to disk.
"""

from __future__ import annotations

import io
from typing import Any

from .limits import MAX_DECRYPTED_BYTES


class DecryptProblem(Exception):
    """A problem code (see errors.child_problem) met while decrypting."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def decrypt_file(path: str, password: str | None) -> bytes | None:
    """The decrypted bytes of an Office-encrypted file, or None when it is not encrypted.

    Raises DecryptProblem: "password" (none given), "wrong_password", "old_encryption" (a scheme
    msoffcrypto cannot open), "too_large" or "damaged".
    """
    import msoffcrypto
    from msoffcrypto import exceptions

    with open(path, "rb") as fh:
        try:
            office = msoffcrypto.OfficeFile(fh)
            encrypted = office.is_encrypted()
        except MemoryError:
            raise
        except Exception:  # msoffcrypto and olefile raise many error types for damaged files
            raise DecryptProblem("damaged") from None
        if not encrypted:
            return None
        if password is None:
            raise DecryptProblem("password")
        out = io.BytesIO()
        _keep_in_memory()
        try:
            _load_key(office, password)
            office.decrypt(out)
        except exceptions.InvalidKeyError:
            raise DecryptProblem("wrong_password") from None
        except (exceptions.DecryptionError, exceptions.FileFormatError, NotImplementedError):
            raise DecryptProblem("old_encryption") from None
        except MemoryError:
            raise
        except Exception:
            raise DecryptProblem("damaged") from None
    if out.tell() > MAX_DECRYPTED_BYTES:
        raise DecryptProblem("too_large")
    return out.getvalue()


class _MemoryTempfile:
    """Stands in for ``tempfile`` in msoffcrypto's legacy decryption, which copies the decrypted
    file into a temporary file on disk: the copy stays in memory instead."""

    TemporaryFile = io.BytesIO


def _keep_in_memory() -> None:
    """Make msoffcrypto's legacy formats (.xls) decrypt without touching the disk (this process only)."""
    from msoffcrypto.format import xls97

    xls97.tempfile = _MemoryTempfile


def _load_key(office: Any, password: str) -> None:
    if getattr(office, "format", "") == "ooxml":
        office.load_key(password=password, verify_password=True)
    else:  # the legacy formats verify the password as they load it
        office.load_key(password=password)
