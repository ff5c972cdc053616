"""The person form warns about someone already there, asks before losing changes, and clears fixed problems."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from organizer.services.container import Services
from organizer.services.lookups import PossibleDuplicate
from organizer.services.people import PersonInput
from ui.people import person_dialog
from ui.people.duplicate_warning import CANCEL, OPEN_EXISTING, SAVE_ANYWAY
from ui.people.person_dialog import PersonDialog, load_form, open_person_dialog

Button = QMessageBox.StandardButton


def make_dialog(qtbot: QtBot, services: Services, person_id: int | None = None) -> PersonDialog:
    dialog = PersonDialog(services, load_form(services, person_id))
    qtbot.addWidget(dialog)
    return dialog


def looked_up(qtbot: QtBot, dialog: PersonDialog) -> list[PossibleDuplicate]:
    """Run the pending look-up now and wait for its answer."""
    with qtbot.waitSignal(dialog.checker.found, timeout=10_000) as blocker:
        dialog.checker.check_now()
    return list(blocker.args[0]) if blocker.args else []


@pytest.fixture
def lopezes(services: Services) -> dict[str, int]:
    """Three people named Maria Lopez, told apart only by where they live and how to reach them."""
    add = services.people.add
    return {
        "main": add(PersonInput(given_name="Maria", family_name="Lopez", street="12 Main St", postal_code="27601",
                                emails=["maria.main@example.org"])).id,
        "oak": add(PersonInput(given_name="María", family_name="López", street="40 Oak Ave", postal_code="27605",
                               phones=["919-555-0140"])).id,
        "bare": add(PersonInput(given_name="Maria", family_name="Lopez")).id,
    }


def test_typing_a_name_and_street_names_the_one_who_lives_there(qtbot: QtBot, services: Services,
                                                                 lopezes: dict[str, int]) -> None:
    dialog = make_dialog(qtbot, services)
    dialog.given.setText("Maria")
    dialog.family.setText("Lopez")
    assert looked_up(qtbot, dialog) == []  # a common name alone is not a duplicate
    assert dialog.duplicates.isHidden()
    dialog.street.setText("40 Oak Avenue")
    [hit] = looked_up(qtbot, dialog)
    assert (hit.person_id, hit.reasons) == (lopezes["oak"], ("same name and street",))
    assert not dialog.duplicates.isHidden()
    label = dialog.duplicates.labels[0].text()
    assert "María López" in label and "(919) 555-0140" in label and "40 Oak Ave" in label
    dialog.street.setText("")
    dialog.zip.setText("27601")
    assert [h.person_id for h in looked_up(qtbot, dialog)] == [lopezes["main"]]


def test_typing_waits_for_a_pause_before_looking_up(qtbot: QtBot, services: Services,
                                                    lopezes: dict[str, int]) -> None:
    dialog = make_dialog(qtbot, services)
    with qtbot.waitSignal(dialog.checker.found, timeout=10_000) as blocker:
        for part in ("m", "maria.m", "maria.main@example.org"):
            dialog.emails.setPlainText(part)
    assert [h.person_id for h in blocker.args[0]] == [lopezes["main"]]
    assert dialog.duplicates.labels[0].text().count("has the email maria.main@example.org") == 1


def test_open_closes_the_new_form_and_opens_the_one_already_there(qtbot: QtBot, services: Services,
                                                                  lopezes: dict[str, int]) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    open_person_dialog(parent, services, None, lambda *_: None)
    qtbot.waitUntil(lambda: bool(parent.findChildren(PersonDialog)), timeout=10_000)
    [dialog] = parent.findChildren(PersonDialog)
    dialog.phones.setPlainText("(919) 555-0140")
    looked_up(qtbot, dialog)
    dialog.duplicates.buttons[0].click()  # nothing asked: opening the one already there is the point
    assert not dialog.isVisible()

    def opened() -> bool:
        return any(d.isVisible() and d.windowTitle() == "Edit María López" for d in parent.findChildren(PersonDialog))

    qtbot.waitUntil(opened, timeout=10_000)
    assert services.people.count() == 3


def test_editing_never_warns_about_themself_or_what_they_already_had(qtbot: QtBot, services: Services,
                                                                     lopezes: dict[str, int]) -> None:
    dialog = make_dialog(qtbot, services, lopezes["main"])
    dialog.notes.setPlainText("Met at the library")
    dialog.street.setText("12 Main Street")  # the same street, written another way: still themself
    assert looked_up(qtbot, dialog) == []
    dialog.emails.setPlainText("maria.main@example.org\n")
    assert looked_up(qtbot, dialog) == []
    dialog.phones.setPlainText("919 555 0140")  # another Maria Lopez's phone: that is news
    [hit] = looked_up(qtbot, dialog)
    assert hit.person_id == lopezes["oak"]


def test_saving_a_second_copy_asks_first(qtbot: QtBot, services: Services, lopezes: dict[str, int],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    answers: list[str] = []
    asked: list[list[int]] = []

    def ask(_parent: QWidget, hits: list[PossibleDuplicate], editing: bool) -> str:
        asked.append([h.person_id for h in hits])
        assert not editing
        return answers.pop(0)

    monkeypatch.setattr(person_dialog, "ask_duplicate", ask)
    dialog = make_dialog(qtbot, services)
    dialog.given.setText("Maria")
    dialog.family.setText("Lopez")
    dialog.emails.setPlainText("MARIA.MAIN@example.org")  # saved at once: before any look-up as you type
    answers.append(CANCEL)
    dialog.save()
    qtbot.waitUntil(lambda: bool(asked) and dialog.buttons.isEnabled(), timeout=10_000)
    assert asked == [[lopezes["main"]]] and services.people.count() == 3
    assert not dialog.duplicates.isHidden()
    answers.append(SAVE_ANYWAY)
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        dialog.save()
    assert services.people.count() == 4 and len(asked) == 2


def test_the_question_can_open_the_one_already_there(qtbot: QtBot, services: Services, lopezes: dict[str, int],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(person_dialog, "ask_duplicate", lambda *_a, **_k: OPEN_EXISTING)
    dialog = make_dialog(qtbot, services)
    dialog.phones.setPlainText("919-555-0140")
    with qtbot.waitSignal(dialog.open_requested, timeout=10_000) as blocker:
        dialog.save()
    assert blocker.args == [lopezes["oak"]]
    assert services.people.count() == 3


@pytest.fixture
def questions(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Button]]:
    """Answers to give QMessageBox.question, in order; a question with no answer left fails the test
    (it is answered Discard, so the form still closes when the test ends)."""
    answers: list[Button] = []
    unexpected: list[str] = []

    def question(_parent: QWidget, _title: str, text: str, buttons: object, default: object) -> Button:
        assert buttons == Button.Save | Button.Discard | Button.Cancel and default == Button.Save
        if not answers:
            unexpected.append(text)
            return Button.Discard
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", question)
    yield answers
    assert unexpected == []


def test_closing_untouched_asks_nothing(qtbot: QtBot, services: Services, people: dict[str, int],
                                        questions: list[Button]) -> None:
    dialog = make_dialog(qtbot, services, people["Ana"])
    dialog.show()
    dialog.reject()
    assert not dialog.isVisible()
    dialog = make_dialog(qtbot, services, people["Ana"])
    dialog.show()
    dialog.given.setText("Anna")
    dialog.given.setText("Ana")  # changed back: nothing to lose
    dialog.close()
    assert not dialog.isVisible()


def test_closing_with_changes_asks_save_discard_or_cancel(qtbot: QtBot, services: Services, people: dict[str, int],
                                                          questions: list[Button]) -> None:
    dialog = make_dialog(qtbot, services, people["Ana"])
    dialog.show()
    dialog.notes.setPlainText("Prefers texts")
    questions.append(Button.Cancel)
    dialog.reject()
    assert dialog.isVisible() and not questions
    questions.append(Button.Discard)
    dialog.close()
    assert not dialog.isVisible()
    assert services.people.get(people["Ana"]).notes == ""

    dialog = make_dialog(qtbot, services, people["Ana"])
    dialog.show()
    dialog.flag_boxes["deceased"].setChecked(True)
    questions.append(Button.Save)
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        dialog.reject()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    assert "deceased" in services.people.get(people["Ana"]).flags


def test_save_from_the_question_keeps_the_form_open_on_a_refused_value(
        qtbot: QtBot, services: Services, people: dict[str, int], questions: list[Button]) -> None:
    dialog = make_dialog(qtbot, services, people["Ana"])
    dialog.show()
    dialog.emails.setPlainText("ana-at-example")
    questions.append(Button.Save)
    dialog.reject()
    qtbot.waitUntil(lambda: dialog.problem_text("emails") != "", timeout=10_000)
    assert dialog.isVisible()
    questions.append(Button.Discard)
    dialog.close()
    assert not dialog.isVisible()


def test_a_problem_clears_as_soon_as_its_field_is_fixed(qtbot: QtBot, services: Services) -> None:
    dialog = make_dialog(qtbot, services)
    dialog.given.setText("Sam")
    dialog.emails.setPlainText("sam-at-example")
    dialog.zip.setText("12")
    dialog.save()
    qtbot.waitUntil(lambda: dialog.problem_text("emails") != "", timeout=10_000)
    assert dialog.problem_text("postal_code") != ""
    dialog.emails.setPlainText("sam@example")  # still wrong: the problem stays, saying what is wrong now
    assert dialog.problem_text("emails").startswith("sam@example: ")
    dialog.emails.setPlainText("sam@example.org")
    assert dialog.problem_text("emails") == ""
    assert dialog.boxes["emails"].field.property("invalid") is False
    assert dialog.problem_text("postal_code") != ""  # untouched, still wrong
    dialog.zip.setText("27601")
    assert dialog.problem_text("postal_code") == ""


def test_a_name_problem_clears_when_an_email_is_given_instead(qtbot: QtBot, services: Services) -> None:
    dialog = make_dialog(qtbot, services)
    dialog.save()
    qtbot.waitUntil(lambda: dialog.problem_text("given_name") != "", timeout=10_000)
    dialog.emails.setPlainText("someone@example.org")
    assert dialog.problem_text("given_name") == ""


def test_a_problem_never_pushes_the_neighbouring_labels_out_of_line(qtbot: QtBot, services: Services) -> None:
    dialog = make_dialog(qtbot, services)
    dialog.show()
    qtbot.waitExposed(dialog)
    boxes = [dialog.boxes[k] for k in ("given_name", "additional_name", "family_name")]

    def tops() -> list[tuple[int, int]]:
        return [(b.label.mapTo(dialog, b.label.rect().topLeft()).y(), b.field.mapTo(dialog, b.field.rect().topLeft()).y())
                for b in boxes]

    before = tops()
    dialog.show_problems({"given_name": "Give a name, an email or a phone number. " * 3})
    qtbot.wait(50)
    assert tops() == before
    assert len({label for label, _field in tops()}) == 1


def test_opening_someone_else_from_an_edited_form_asks_about_its_changes(
        qtbot: QtBot, services: Services, lopezes: dict[str, int], questions: list[Button]) -> None:
    dialog = make_dialog(qtbot, services, lopezes["main"])
    dialog.show()
    dialog.phones.setPlainText("919-555-0140")
    looked_up(qtbot, dialog)
    opened: list[int] = []
    dialog.open_requested.connect(opened.append)
    questions.append(Button.Cancel)
    dialog.duplicates.buttons[0].click()
    assert dialog.isVisible() and opened == []
    questions.append(Button.Discard)
    dialog.duplicates.buttons[0].click()
    assert not dialog.isVisible() and opened == [lopezes["oak"]]
    assert services.people.get(lopezes["main"]).phones == ()
