"""What the app says about itself (Help → About)."""

from __future__ import annotations

from organizer import __version__


def app_version() -> str:
    """The version of Chapter Organizer that is running."""
    return __version__
