"""The person form: saving, inline problems that keep what was typed, the volunteer profile."""

from __future__ import annotations

from PySide6.QtCore import QStringListModel
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from organizer.services.container import Services
from ui.people.person_dialog import PersonDialog, load_form
from ui.shared.widgets import ListCompleter, split_list


def make_dialog(qtbot: QtBot, services: Services, person_id: int | None = None) -> PersonDialog:
    dialog = PersonDialog(services, load_form(services, person_id))
    qtbot.addWidget(dialog)
    return dialog


def save(qtbot: QtBot, dialog: PersonDialog) -> list[object]:
    with qtbot.waitSignal(dialog.saved, timeout=10_000) as blocker:
        dialog.save()
    return list(blocker.args or [])


def test_adds_a_person(qtbot: QtBot, services: Services) -> None:
    dialog = make_dialog(qtbot, services)
    assert dialog.windowTitle() == "Add a person"
    dialog.given.setText("Rosa")
    dialog.family.setText("Parks")
    dialog.emails.setPlainText("rosa@example.org\n\nRosa.P@Example.org")
    dialog.phones.setPlainText("919 555 0123")
    dialog.zip.setText("27601")
    dialog.tags.setText("Parent, Has car,")
    dialog.flag_boxes["do_not_text"].setChecked(True)
    person_id, name = save(qtbot, dialog)
    assert name == "Rosa Parks"
    row = services.people.get(int(person_id))  # type: ignore[call-overload]
    assert row.emails == ("rosa@example.org", "rosa.p@example.org")
    assert row.phones == ("+19195550123",)
    assert set(row.tags) == {"Parent", "Has car"}
    assert row.flags == ("do_not_text",)
    assert row.volunteer_status == ""


def test_problems_show_beside_their_fields_and_keep_what_was_typed(qtbot: QtBot, services: Services) -> None:
    dialog = make_dialog(qtbot, services)
    dialog.given.setText("Sam")
    dialog.emails.setPlainText("sam-at-example")
    dialog.zip.setText("12")
    save_button = dialog.buttons.button(dialog.buttons.StandardButton.Save)
    assert save_button is not None
    save_button.click()
    qtbot.waitUntil(lambda: dialog.problem_text("emails") != "", timeout=10_000)
    assert dialog.problem_text("emails").startswith("sam-at-example: ")
    assert dialog.problem_text("postal_code") != ""
    assert dialog.problem_text("given_name") == ""
    assert dialog.boxes["emails"].field.property("invalid") is True
    assert dialog.given.text() == "Sam"
    assert dialog.emails.toPlainText() == "sam-at-example"
    assert dialog.zip.text() == "12"
    assert dialog.result() == 0 and services.people.count() == 0
    dialog.emails.setPlainText("sam@example.org")
    dialog.zip.setText("27601")
    save(qtbot, dialog)
    assert dialog.problem_text("emails") == ""
    assert services.people.count() == 1


def test_an_empty_form_asks_for_a_name(qtbot: QtBot, services: Services) -> None:
    dialog = make_dialog(qtbot, services)
    dialog.save()
    qtbot.waitUntil(lambda: dialog.problem_text("given_name") != "", timeout=10_000)
    assert dialog.problem_text("given_name") == "Give a name, an email or a phone number."


def test_edits_keep_custom_fields_and_other_flags(qtbot: QtBot, services: Services, people: dict[str, int]) -> None:
    dialog = make_dialog(qtbot, services, people["Ana"])
    assert dialog.windowTitle() == "Edit Ana Silva"
    assert dialog.emails.toPlainText() == "ana@example.org"
    assert dialog.phones.toPlainText() == "(919) 555-0101"
    assert dialog.is_volunteer.isChecked()
    assert dialog.skills.text() == "Canvassing"
    dialog.city.setText("Raleigh")
    save(qtbot, dialog)
    row = services.people.get(people["Ana"])
    assert row.locality == "Raleigh"
    assert row.custom_fields == {"Employer": "Library"}
    assert row.phones == ("+19195550101",)
    assert row.volunteer_status == "active"


def test_volunteer_profile_is_saved_and_removed(qtbot: QtBot, services: Services, people: dict[str, int]) -> None:
    dialog = make_dialog(qtbot, services, people["Carmen"])
    assert not dialog.is_volunteer.isChecked()
    assert not dialog.boxes["status"].isEnabled()
    dialog.is_volunteer.setChecked(True)
    dialog.status.setCurrentIndex(dialog.status.findData("inactive"))
    dialog.engagement.setCurrentIndex(dialog.engagement.findData("took_shift"))
    dialog.skills.setText("Spanish phone banking, data entry")
    dialog.point_person.setCurrentIndex(dialog.point_person.findText("Ana Silva"))
    save(qtbot, dialog)
    profile = services.volunteers.get(people["Carmen"])
    assert profile is not None
    assert (profile.status, profile.engagement_level) == ("inactive", "took_shift")
    assert profile.skills == ("Spanish phone banking", "data entry")
    assert profile.point_person == "Ana Silva"

    again = make_dialog(qtbot, services, people["Carmen"])
    assert again.point_person.currentText() == "Ana Silva"
    again.is_volunteer.setChecked(False)
    assert not again.removal_note.isHidden()
    save(qtbot, again)
    assert services.volunteers.get(people["Carmen"]) is None


def test_a_point_person_not_in_the_list_is_refused_inline(qtbot: QtBot, services: Services,
                                                          people: dict[str, int]) -> None:
    dialog = make_dialog(qtbot, services, people["Eli"])
    dialog.is_volunteer.setChecked(True)
    dialog.point_person.setEditText("Someone Unknown")
    dialog.save()
    assert dialog.problem_text("point_person_id") == "Choose a point person from the list, or Nobody."
    assert dialog.tabs.currentIndex() == 1
    assert services.volunteers.get(people["Eli"]) is None


def test_tag_completion_completes_the_last_item(qtbot: QtBot) -> None:
    edit = QLineEdit()
    qtbot.addWidget(edit)
    completer = ListCompleter(["Door knocker", "Parent"], edit)
    edit.setCompleter(completer)
    edit.setText("Parent, door")
    assert completer.splitPath(edit.text()) == ["door"]
    model = completer.model()
    assert isinstance(model, QStringListModel)
    assert completer.pathFromIndex(model.index(0, 0)) == "Parent, Door knocker"
    assert split_list("a, b,,\nc ") == ["a", "b", "c"]


def test_a_refused_profile_saves_nothing_of_the_person(qtbot: QtBot, services: Services,
                                                        people: dict[str, int]) -> None:
    """One save, one transaction: the point person removed meanwhile refuses the profile, and the new person too."""
    dialog = make_dialog(qtbot, services)
    dialog.given.setText("Rosa")
    dialog.is_volunteer.setChecked(True)
    dialog.point_person.setCurrentIndex(dialog.point_person.findText("Ana Silva"))
    services.people.delete([people["Ana"]])
    dialog.save()
    qtbot.waitUntil(lambda: dialog.problem_text("point_person_id") != "", timeout=10_000)
    assert dialog.problem_text("point_person_id").startswith("That person is no longer in the chapter")
    assert dialog.tabs.currentIndex() == 1
    assert services.people.count() == 4  # the five, less Ana; no Rosa
    dialog.point_person.setCurrentIndex(dialog.point_person.findText("Nobody"))
    person_id, _name = save(qtbot, dialog)
    assert services.volunteers.get(int(person_id)) is not None  # type: ignore[call-overload]
    assert services.people.count() == 5
