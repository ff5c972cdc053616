"""A one-page PDF summary of the chapter for a meeting agenda: the dashboard's panels as lines of text,
drawn by organizer.files.summary_pdf (fpdf2, no Qt; names keep their letters in a Unicode font)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from organizer.domain.codes import ProspectStage
from organizer.files.summary_pdf import HEADING, PDF_SUFFIXES, TITLE, Line, write_summary_pdf
from organizer.services.dashboard import Dashboard, Panel
from organizer.services.prospects_rows import OUTCOMES


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


def write_summary(board: Dashboard, chapter: str, path: Path, *, force: bool = False,
                  protect: Iterable[Path] = ()) -> Path:
    """Write the one-page summary; the file appears whole or not at all."""
    write_summary_pdf(Path(path), summary_lines(board, chapter), force=force, protect=protect)
    return Path(path)


__all__ = ["PDF_SUFFIXES", "summary_lines", "write_summary"]
