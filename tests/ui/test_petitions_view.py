"""The Petitions section: the list hears changes, the entry grid is keyboard only with the roll looked up as you type,
check results show reasons and candidates side by side, and a decision is made from them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from organizer.services.container import Services
from organizer.services.petitions import PetitionInput, SignatureInput
from tests.service.importing_helpers import write_csv
from ui.petitions.models import PetitionsModel, SignaturesModel
from ui.petitions.petitions_view import PetitionsView

ROLL = [["voter_reg_num", "last_name", "first_name", "res_street_address", "zip_code"],
        ["V1", "SILVA", "ANA", "12 N MAIN ST", "27601"], ["V2", "SILVA", "LEO", "12 N MAIN ST", "27601"],
        ["V3", "SILVA", "ANA", "400 OAK AVE", "27601"]]


def view_with_petition(services: Services, qtbot: QtBot, tmp_path: Path) -> tuple[PetitionsView, int]:
    services.imports.run(write_csv(tmp_path / "roll.csv", ROLL), "voters")
    pid = services.petitions.create(PetitionInput("Fair Maps", "ballot_access", required=3)).id
    view = PetitionsView(services)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.model.rowCount() == 1 and view.detail.title.text() == "Fair Maps")
    return view, pid


def test_models_pass_the_model_tester(services: Services, qtbot: QtBot, tmp_path: Path) -> None:
    view, pid = view_with_petition(services, qtbot, tmp_path)
    services.petitions.add_signature(pid, SignatureInput("Ana", "Silva", "12 N Main St", "27601", 1, 1))
    tester = ModelTester(None)
    tester.check(view.model)
    lines = SignaturesModel()
    lines.set_rows(services.petitions.signatures(pid))
    tester.check(lines)
    assert lines.data(lines.index(0, 2)) == "Ana Silva" and lines.data(lines.index(0, 4)) == "unchecked"
    petitions = PetitionsModel()
    petitions.set_rows(services.petitions.list())
    assert petitions.data(petitions.index(0, 1)) == "Ballot access"


def test_a_new_petition_elsewhere_appears_in_the_list(services: Services, qtbot: QtBot, tmp_path: Path) -> None:
    view, _pid = view_with_petition(services, qtbot, tmp_path)
    services.petitions.create(PetitionInput("Library", "issue"))
    qtbot.waitUntil(lambda: view.model.rowCount() == 2)


def test_the_entry_grid_looks_up_as_you_type_and_saves_on_enter(services: Services, qtbot: QtBot,
                                                                   tmp_path: Path) -> None:
    view, pid = view_with_petition(services, qtbot, tmp_path)
    grid = view.detail.entry
    view.detail.tabs.setCurrentWidget(grid)
    view.show()
    grid.focus_first_field()
    qtbot.keyClicks(grid.given, "Ana")
    qtbot.keyClicks(grid.family, "Silva")
    qtbot.waitUntil(lambda: grid.candidates.rowCount() == 2, timeout=3000)  # two Ana Silvas on the roll
    qtbot.keyClicks(grid.address, "12 N Main")
    qtbot.waitUntil(lambda: grid.candidates.row_at(0).voter_id == "V1", timeout=3000)
    qtbot.keyClick(grid.address, Qt.Key.Key_Down)
    qtbot.keyClick(grid.voter_table, Qt.Key.Key_Return)
    assert (grid.address.text(), grid.postal.text()) == ("12 N MAIN ST", "27601")
    qtbot.keyClick(grid.signed, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: grid.entered.rowCount() == 1)
    assert grid.line.value() == 2 and grid.given.text() == ""
    [line] = services.petitions.signatures(pid)
    assert (line.printed_name, line.sheet, line.line) == ("Ana Silva", 1, 1)


def test_check_results_show_reasons_and_a_decision_is_kept(services: Services, qtbot: QtBot, tmp_path: Path) -> None:
    view, pid = view_with_petition(services, qtbot, tmp_path)
    services.petitions.add_signature(pid, SignatureInput("Ana", "Slva", "12 N Main St", "27601", 1, 1))
    detail = view.detail
    detail.run_check()
    qtbot.waitUntil(lambda: detail.lines.rowCount() == 1 and "weak match" in detail.lines.data(detail.lines.index(0, 5)))
    detail.line_table.selectRow(0)
    qtbot.waitUntil(lambda: detail.candidates.rowCount() >= 1)
    assert detail.candidates.row_at(0).voter_id == "V1"
    detail.candidate_table.selectRow(0)
    detail.decide(True)
    qtbot.waitUntil(lambda: detail.lines.rowCount() == 1 and detail.lines.row_at(0).status == "valid")
    assert detail.lines.row_at(0).decided and "valid" in detail.figures.text()


def test_signatures_import_into_the_chosen_petition(services: Services, qtbot: QtBot, tmp_path: Path) -> None:
    view, pid = view_with_petition(services, qtbot, tmp_path)
    sheet = write_csv(tmp_path / "sig.csv", [["Sheet", "Line", "First", "Last", "Address"],
                                             ["1", "1", "Ana", "Silva", "12 N Main St"]])
    with qtbot.waitSignal(view.status_message, timeout=10_000) as said:
        view.import_signatures(sheet)
    assert "Imported 1 signatures" in said.args[0]
    assert [r.printed_name for r in services.petitions.signatures(pid)] == ["Ana Silva"]
    qtbot.waitUntil(lambda: view.model.rowCount() == 1 and view.model.row_at(0).raw == 1)


def test_the_signature_list_is_exported(services: Services, qtbot: QtBot, tmp_path: Path) -> None:
    view, pid = view_with_petition(services, qtbot, tmp_path)
    services.petitions.add_signature(pid, SignatureInput("Ana", "Silva", "12 N Main St", "27601", 1, 1))
    out = tmp_path / "lines.csv"
    with qtbot.waitSignal(view.detail.status_message, timeout=10_000) as said:
        view.detail.export_to(out)
    assert said.args[0] == "Saved 1 row to lines.csv" and "Ana Silva" in out.read_text(encoding="utf-8")


def test_the_petition_dialog_stays_open_with_what_was_typed_until_it_can_be_saved(qtbot: QtBot) -> None:
    from PySide6.QtCore import QDate

    from ui.petitions.petition_dialog import PetitionDialog

    dialog = PetitionDialog()
    qtbot.addWidget(dialog)
    dialog.district.setText("Wake County")
    dialog.accept()  # no title
    assert dialog.result() == 0 and not dialog.problem.isHidden()
    assert dialog.problem.text() == "A petition needs a title." and dialog.district.text() == "Wake County"
    dialog.title.setText("Fair Maps")
    dialog.opens.setDate(QDate(2027, 5, 1))
    dialog.deadline.setDate(QDate(2027, 1, 1))
    dialog.accept()
    assert dialog.result() == 0 and dialog.problem.text() == "The petition cannot open after its deadline"
    dialog.deadline.setDate(QDate(2027, 6, 1))
    dialog.accept()
    assert dialog.result() == 1 and dialog.value().title == "Fair Maps"


def test_what_a_line_kept_as_typed_shows_in_its_column_and_under_the_lines(services: Services, qtbot: QtBot,
                                                                          tmp_path: Path) -> None:
    view, _pid = view_with_petition(services, qtbot, tmp_path)
    sheet = write_csv(tmp_path / "sig.csv", [["Sheet", "Line", "First", "Last", "Address", "Email", "Notes"],
                                             ["1", "1", "Ana", "Silva", "12 N Main St", "ana@example.org", "<b>x</b>"],
                                             ["1", "2", "Leo", "Silva", "12 N Main St", "", ""]])
    view.import_signatures(sheet)
    detail = view.detail
    qtbot.waitUntil(lambda: detail.lines.rowCount() == 2, timeout=10_000)
    lines = detail.lines
    assert lines.headerData(7, Qt.Orientation.Horizontal) == "Kept as typed"
    nbsp = "\N{NO-BREAK SPACE}"
    assert lines.data(lines.index(0, 7)) == f"Email:{nbsp}ana@example.org{nbsp}· Notes:{nbsp}<b>x</b>"
    assert lines.data(lines.index(1, 7)) == ""
    detail.line_table.selectRow(0)
    assert not detail.kept.isHidden() and detail.kept.text().startswith("Kept as typed on this line — Email:")
    assert detail.kept.textFormat() == Qt.TextFormat.PlainText  # a cell's "<b>" is shown, never read as markup
    detail.line_table.selectRow(1)
    assert detail.kept.isHidden()  # nothing kept on this line
