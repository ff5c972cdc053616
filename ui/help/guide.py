"""F1: a short built-in guide, one page in plain words for each section of the app."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ui.shared.widgets import name_widget


@dataclass(frozen=True, slots=True)
class GuidePage:
    """One page of the guide: its title (a section's name, where it is about one) and its text (simple HTML)."""

    title: str
    text: str


GUIDE: list[GuidePage] = [
    GuidePage("Getting started", """
<p>Chapter Organizer keeps your chapter's people, volunteers and lists in <b>one file on this computer</b>.
Nothing is sent anywhere.</p>
<ul>
<li>Choose a section on the left (or press <b>Ctrl+1</b>, <b>Ctrl+2</b>, … for the first, second, … section).</li>
<li>Bring in a spreadsheet with <b>File → Import spreadsheet…</b> (Ctrl+I), or drag the file onto the window.</li>
<li>Add one person by hand with <b>Ctrl+N</b>; find someone with <b>Ctrl+F</b>.</li>
<li>Start a real chapter after trying the demo with <b>File → New chapter…</b>; switch between chapters with
<b>File → Open recent</b>.</li>
<li>Before every import the app keeps a backup of the whole file, so nothing is lost by trying.</li>
</ul>"""),
    GuidePage("Dashboard", """
<p>The chapter at a glance, and the app's home screen: people and volunteers (new this month), upcoming events
with their RSVPs, petitions against what they need, the candidate pipeline by stage, and what needs attention
(overdue follow-ups, deadlines this week, values and possible duplicates waiting for review).</p>
<ul>
<li>Every underlined figure opens the list behind it: click it, or Tab to it and press Enter.</li>
<li>A section with nothing in it yet says so, with what to do first.</li>
</ul>"""),
    GuidePage("People", """
<p>Everyone the chapter knows: members, people who signed in at an event or signed a petition.</p>
<ul>
<li>Type in the search box to find people by name, email, phone, street, ZIP, tag or extra field.</li>
<li>Double-click (or press Enter on) a person to see and edit everything about them.</li>
<li>People marked <i>do not contact</i>, deceased or moved are shown as such: leave them out of outreach.</li>
<li>Select rows and press Delete to remove people (you are asked first).</li>
</ul>"""),
    GuidePage("Volunteers", """
<p>The people who help, with what they can do: skills, languages, when they are free, and who looks after
them (their point person).</p>
<ul>
<li>Search by name, skill or language, e.g. “Spanish” or “canvassing”.</li>
<li>A volunteer is always a person in People first: open the person to add or change their volunteer details.</li>
</ul>"""),
    GuidePage("Events", """
<p>Meetings, trainings, canvasses and the rest: who is coming, who came, and check-in at the door.</p>
<ul>
<li><b>New event…</b> makes one event, or a whole series (“monthly on the second Tuesday”) without retyping.</li>
<li><b>Check-in mode</b> fills the screen for the door: people type part of their name, email or phone and
press Enter; newcomers press F2. It shows names only, never anyone's email or phone. A host leaves it with
<b>Ctrl+Shift+Q</b>.</li>
<li><b>Add people…</b> invites or registers people (with a shift and a role).</li>
<li><b>More</b>: add a shift, a paper sign-in sheet for when the battery dies, a packet for a volunteer host (just this
event's RSVPs), a calendar file, and <i>Import attendance…</i> to bring back a filled-in packet, a sign-in sheet
or an RSVP export (every import can be undone in Imports).</li>
<li><b>Growth…</b> lists people by what their attendance shows, e.g. “attended twice, never took a shift”.</li>
</ul>"""),
    GuidePage("Candidates", """
<p>The people the chapter hopes will run for office, from first contact to election day: identified, intro call,
questionnaire, vetting, endorsed, trained, filed, on the ballot, and how it ended (won, lost, withdrew, not a
fit).</p>
<ul>
<li>The <b>Board</b> shows a column per stage. Drag a card to another column to move it, or on a card press
<b>Ctrl+Right</b> (a stage on) or <b>Ctrl+Left</b> (a stage back); Left and Right go from column to column.
Every move is kept on the prospect's timeline with who made it and when.</li>
<li>Overdue next steps are marked red, filing deadlines within 14 days orange.</li>
<li>Enter opens a prospect: office and dates, next step, the chapter's checklist, and the timeline with notes.</li>
<li>The line under the filters names open seats nobody seeks yet and deadlines coming up.</li>
</ul>"""),
    GuidePage("Imports", """
<p>Bring in any spreadsheet: Excel, LibreOffice, Google Sheets (downloaded) or CSV.</p>
<ol>
<li>Choose the file and what it holds (people, or a voter roll).</li>
<li>Check the row that holds the headers and what each column means; the app proposes both.</li>
<li>Check the rows: nothing is saved until you press <b>Import</b>.</li>
<li>After the import, save the rows that were left out, fix them and import that file again,
or undo the whole import.</li>
</ol>
<p>Nothing is overwritten: when a file says something different about someone already here, both values are kept
for you to review. Importing the same file twice is harmless (the app warns you), and the Imports section lists
every import with an undo.</p>"""),
    GuidePage("Voters", """
<p>The voter roll from your county or state, kept apart from People: voters are not contacts until they become
people in the chapter.</p>
<ul>
<li>Import a voter file with <b>File → Import spreadsheet…</b> and choose <i>Voter roll</i>.</li>
<li>A newer file refreshes the roll: changed voters are updated, and voters no longer in the file are marked
inactive. If a file would mark many voters inactive (for example a file of one precinct only), the app asks
first and explains why.</li>
<li>Filter by precinct, party and status to plan walk lists.</li>
</ul>"""),
    GuidePage("Review", """
<p>What an import set aside for you to decide, never decided silently:</p>
<ul>
<li><b>Differing values</b>: the file had another email, phone or address for someone. Keep yours, take the
file's, or keep both.</li>
<li><b>Possible duplicates</b>: two people who may be the same. Compare them side by side and merge them (every
email, phone, tag and record moves to the one you keep; a merge can be undone), or mark them as different people
so they are never proposed again.</li>
</ul>"""),
    GuidePage("Keyboard", """
<table cellpadding="3">
<tr><td><b>F1</b></td><td>This guide</td></tr>
<tr><td><b>Ctrl+1 … Ctrl+9</b></td><td>Go to the first … ninth section</td></tr>
<tr><td><b>Ctrl+F</b></td><td>Search in the section shown</td></tr>
<tr><td><b>Ctrl+N</b></td><td>Add a person</td></tr>
<tr><td><b>Ctrl+I</b></td><td>Import a spreadsheet</td></tr>
<tr><td><b>Ctrl+O</b></td><td>Open a chapter file</td></tr>
<tr><td><b>Enter</b></td><td>Open the selected row</td></tr>
<tr><td><b>Ctrl+Enter</b></td><td>In People: the selected person's whole record</td></tr>
<tr><td><b>Ctrl+M</b></td><td>In People: merge the two selected people</td></tr>
<tr><td><b>Delete</b></td><td>Delete the selected rows (asks first)</td></tr>
</table>"""),
]


def page_for(section: str | None) -> int:
    """The guide page about a section (by its title), or the first page."""
    titles = [page.title.casefold() for page in GUIDE]
    key = (section or "").casefold()
    return titles.index(key) if key in titles else 0


class GuideDialog(QDialog):
    """The guide: its pages listed on the left, the chosen one on the right."""

    def __init__(self, section: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("guideDialog")
        self.setWindowTitle("Chapter Organizer guide")
        self.topics = QListWidget(self)
        self.topics.setFixedWidth(170)
        name_widget(self.topics, "Guide topics")
        self.text = QTextBrowser(self)
        self.text.setOpenExternalLinks(False)
        name_widget(self.text, "Guide text")
        self.text.document().setDocumentMargin(12)
        for page in GUIDE:
            item = QListWidgetItem(page.title)
            item.setSizeHint(QSize(0, 30))
            self.topics.addItem(item)
        self.topics.currentRowChanged.connect(self.show_page)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.topics)
        row.addWidget(self.text, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row, 1)
        layout.addWidget(buttons)
        self.topics.setCurrentRow(page_for(section))
        self.topics.setFocus(Qt.FocusReason.OtherFocusReason)
        self.resize(720, 480)

    def show_page(self, row: int) -> None:
        """Show one page of the guide."""
        if 0 <= row < len(GUIDE):
            page = GUIDE[row]
            self.text.setHtml(f"<h2>{page.title}</h2>{page.text}")

    def current_title(self) -> str:
        """The title of the page shown."""
        row = self.topics.currentRow()
        return GUIDE[row].title if 0 <= row < len(GUIDE) else ""
