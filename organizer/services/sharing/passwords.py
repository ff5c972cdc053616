"""Share workbook passwords remembered for partner chapters in the operating system's keyring, never elsewhere."""

from __future__ import annotations

import logging
from typing import Protocol

log = logging.getLogger(__name__)
SERVICE = "Chapter Organizer share"


class PasswordStore(Protocol):
    """Where partner chapters' passwords may be remembered."""

    def get(self, partner: str) -> str | None:
        """The remembered password, if any."""

    def remember(self, partner: str, password: str) -> str | None:
        """Remember it; None when done, else why it could not be (nothing is written anywhere then)."""


class KeyringStore:
    """The operating system's keyring (`keyring`); without a usable backend nothing is remembered."""

    def get(self, partner: str) -> str | None:
        """The remembered password, if any (None when there is no keyring)."""
        try:
            import keyring

            return keyring.get_password(SERVICE, partner.strip())
        except Exception:
            log.info("No keyring to read a share password from")
            return None

    def remember(self, partner: str, password: str) -> str | None:
        """Remember it in the keyring; the reason in words when no keyring works here."""
        try:
            import keyring
            from keyring.backends.fail import Keyring as NoKeyring

            if isinstance(keyring.get_keyring(), NoKeyring):
                return "This computer has no keyring to keep passwords in, so the password was not remembered."
            keyring.set_password(SERVICE, partner.strip(), password)
        except Exception:
            return "The keyring refused the password, so it was not remembered."
        return None


class MemoryStore:
    """Passwords in memory only (tests)."""

    def __init__(self) -> None:
        self.passwords: dict[str, str] = {}

    def get(self, partner: str) -> str | None:
        """The remembered password, if any."""
        return self.passwords.get(partner.strip())

    def remember(self, partner: str, password: str) -> str | None:
        """Remember it."""
        self.passwords[partner.strip()] = password
        return None
