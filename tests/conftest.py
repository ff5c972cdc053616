"""Shared fixtures: a chapter database migrated once per session and copied per test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _private_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep logs and per-user data of tests out of the real home folder."""
    base = tmp_path_factory.getbasetemp() / "home"
    monkeypatch.setenv("XDG_DATA_HOME", str(base / "data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(base / "state"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(base / "config"))
    monkeypatch.delenv("ORGANIZER_DB", raising=False)


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty chapter database at the newest schema, made once."""
    from organizer.services.container import create_chapter

    path = tmp_path_factory.mktemp("template") / "template.db"
    create_chapter(path, "Test Chapter", "US").close()
    return path


@pytest.fixture
def db_path(template_db: Path, tmp_path: Path) -> Path:
    """A fresh copy of the template database for one test."""
    from organizer.storage.location import SqliteFile

    path = tmp_path / "chapter.db"
    SqliteFile(template_db).backup_to(path)
    return path


@pytest.fixture
def services(db_path: Path) -> Iterator[object]:
    """Every service over a fresh chapter database."""
    from organizer.services.container import open_chapter

    built = open_chapter(db_path)
    yield built
    built.close()
