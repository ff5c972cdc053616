"""A one-page PDF summary of the chapter for a meeting agenda, written without Qt or a PDF library.

The page is plain PDF 1.4 text in the standard Helvetica fonts (every PDF reader has them), so
letters outside Windows-1252 are written without their accents ("Nguyễn" as "Nguyen").
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from organizer.domain.codes import ProspectStage
from organizer.files.output import TempFile, check_target, write_problem
from organizer.services.dashboard import Dashboard, Panel
from organizer.services.prospects_rows import OUTCOMES

PDF_SUFFIXES = (".pdf",)
WIDTH, HEIGHT, MARGIN = 612, 792, 54  # US Letter, in points
TITLE, HEADING, BODY = 18, 12, 10


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the page: its text, size, and whether it is bold."""

    text: str
    size: int = BODY
    bold: bool = False


def _plural(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


def summary_lines(board: Dashboard, chapter: str) -> list[Line]:
    """The summary as lines: a title, then each panel that holds something."""
    lines = [Line(f"{chapter}: chapter summary", TITLE, True), Line(f"As of {board.today:%B} {board.today.day}, "
                                                                    f"{board.today.year}")]
    for panel in board.panels:
        body = [] if panel.empty or panel.unavailable else list(_panel_lines(panel, board))
        if body:
            lines += [Line(""), Line(panel.title, HEADING, True), *(Line(t) for t in body)]
    return lines


def _panel_lines(panel: Panel, board: Dashboard) -> Iterable[str]:
    f = panel.figures
    if panel.key == "attention":
        yield (f"{_plural(f['overdue_follow_ups'], 'overdue follow-up', 'overdue follow-ups')}, "
               f"{_plural(f['deadlines_this_week'], 'deadline', 'deadlines')} this week, "
               f"{_plural(f['conflicts'] + f['possible_duplicates'], 'record', 'records')} waiting for review")
        yield from (f"- {i['text']} (due {i['due']})" for i in f["items"][:8])
    elif panel.key == "people":
        yield f"{f['people']:,} people ({f['new_people_this_month']:,} new this month)"
        yield (f"{f['volunteers']:,} volunteers, {f['active_volunteers']:,} active "
               f"({f['new_volunteers_this_month']:,} new this month)")
    elif panel.key == "events":
        for e in f["upcoming"]:
            start = _local(e["starts_at"], e.get("time_zone") or "").date()
            yield f"- {start:%b} {start.day}: {e['title']} ({e['rsvps']} RSVPs)"
    elif panel.key == "petitions":
        for p in f["petitions"]:
            goal = f" of {p['required']:,} required (goal {p['goal']:,})" if p["required"] else ""
            due = f", due {p['deadline']}" if p["deadline"] else ""
            yield f"- {p['title']}: {p['valid']:,} valid{goal}, {p['signatures']:,} collected{due}"
    elif panel.key == "prospects":
        stages = ", ".join(f"{s.label} {f['by_stage'][s.value]}" for s in ProspectStage
                           if s not in OUTCOMES and f["by_stage"][s.value])
        yield f"{f['in_pipeline']:,} in the pipeline: {stages or 'none'}"
        yield (f"{_plural(f['overdue_next_steps'], 'next step', 'next steps')} overdue, "
               f"{_plural(f['filing_deadlines_14_days'], 'filing deadline', 'filing deadlines')} within 14 days")
        if f["open_seats_without_prospect"]:
            yield "Open seats with no prospect: " + "; ".join(f["open_seats_without_prospect"])
    elif panel.key == "canvass":
        yield (f"{f['contacts']:,} contacts ({f['contacts_last_30_days']:,} in the last 30 days), "
               f"{f['conversations']:,} conversations")
    elif panel.key == "review":
        yield f"{f['conflicts']:,} differing values and {f['possible_duplicates']:,} possible duplicates"


def _local(iso: str, zone: str) -> datetime:
    """An event's start in its own time zone (else this computer's)."""
    moment = datetime.fromisoformat(iso)
    try:
        return moment.astimezone(ZoneInfo(zone)) if zone else moment.astimezone()
    except (ZoneInfoNotFoundError, ValueError):
        return moment.astimezone()


def _latin(text: str) -> bytes:
    """Windows-1252 bytes (the standard fonts' encoding); other letters lose their accents."""
    out = []
    for ch in text:
        try:
            out.append(ch.encode("cp1252"))
        except UnicodeEncodeError:
            plain = unicodedata.normalize("NFKD", ch).encode("cp1252", "ignore")
            out.append(plain or b"?")
    raw = b"".join(out)
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _wrapped(line: Line) -> list[Line]:
    """Long lines broken at spaces (Helvetica averages about half the font size per letter)."""
    width = int((WIDTH - 2 * MARGIN) / (line.size * 0.5))
    words, out, current = line.text.split(" "), [], ""
    for word in words:
        if current and len(current) + 1 + len(word) > width:
            out.append(Line(current, line.size, line.bold))
            current = "   " + word
        else:
            current = f"{current} {word}" if current else word
    return [*out, Line(current, line.size, line.bold)]


def pdf_bytes(lines: list[Line]) -> bytes:
    """A one-page PDF of the lines; what does not fit ends in "…"."""
    stream, y = [b"BT"], HEIGHT - MARGIN
    for line in (w for raw in lines for w in _wrapped(raw)):
        y -= int(line.size * 1.45)
        if y < MARGIN:
            stream.append(b"/F1 10 Tf 1 0 0 1 %d %d Tm (\x85) Tj" % (MARGIN, y + int(line.size * 1.45) - 12))
            break
        font = b"/F2" if line.bold else b"/F1"
        stream.append(b"%s %d Tf 1 0 0 1 %d %d Tm (%s) Tj" % (font, line.size, MARGIN, y, _latin(line.text)))
    content = b"\n".join([*stream, b"ET"])
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> >>" % (WIDTH, HEIGHT),
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % at for at in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def write_summary(board: Dashboard, chapter: str, path: Path, *, force: bool = False,
                  protect: Iterable[Path] = ()) -> Path:
    """Write the one-page summary; the file appears whole or not at all."""
    check_target(path, PDF_SUFFIXES, force=force, protect=protect)
    data = pdf_bytes(summary_lines(board, chapter))
    temp = TempFile.create(Path(path))
    try:
        temp.file.write(data)
    except OSError as exc:
        temp.discard()
        raise write_problem(Path(path), exc) from exc
    temp.finish()
    temp.publish(force)
    return Path(path)
