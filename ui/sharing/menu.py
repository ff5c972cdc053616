"""The File menu's sharing actions."""

from __future__ import annotations

import qtawesome as qta
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMenu

from organizer.services.container import Services


def add_sharing_actions(window: QMainWindow, menu: QMenu, services: Services) -> list[QAction]:
    """Share with another chapter…, Import a share file…, Deletions from other chapters…"""
    from ui.sharing.deletions_dialog import open_deletions_dialog
    from ui.sharing.import_share_dialog import open_import_share_dialog
    from ui.sharing.share_dialog import open_share_dialog

    actions = []
    for text, icon, opener in (("&Share with another chapter…", "fa5s.share-square", open_share_dialog),
                               ("Import a s&hare file…", "fa5s.file-import", open_import_share_dialog),
                               ("&Deletions from other chapters…", "fa5s.trash-restore", open_deletions_dialog)):
        action = QAction(qta.icon(icon), text, window)
        action.triggered.connect(lambda _checked=False, opener=opener: opener(window, services))
        menu.addAction(action)
        actions.append(action)
    return actions
