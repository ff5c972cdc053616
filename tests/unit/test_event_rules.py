"""Event rules: typed times in a zone, repeat rules and their dates, the volunteer ladder, calendar text."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from organizer.domain.codes import EngagementLevel
from organizer.domain.engagement import higher, is_lead_role, level_from_attendance, took_shift
from organizer.domain.errors import InvalidValue
from organizer.domain.event_times import check_span, parse_local, to_utc, zone
from organizer.domain.recurrence import Recurrence, nth_weekday, occurrences, parse_recurrence
from organizer.services.events.ics import escape, fold


def test_a_wall_clock_time_in_a_zone_is_stored_as_its_utc_moment() -> None:
    local = parse_local("2027-03-09 19:00")
    assert to_utc(local, "America/New_York") == datetime(2027, 3, 10, 0, 0, tzinfo=UTC)
    assert to_utc(parse_local("2027-07-09T19:00"), "America/New_York") == datetime(2027, 7, 9, 23, 0, tzinfo=UTC)


@pytest.mark.parametrize("bad", ["Mars/Olympus", "", "../etc/passwd", "America/", "/usr/share/zoneinfo/UTC"])
def test_a_time_zone_that_does_not_exist_is_refused(bad: str) -> None:
    with pytest.raises(InvalidValue, match="not a time zone"):
        zone(bad)


@pytest.mark.parametrize("bad", ["tomorrow", "2027-13-01 10:00", "09/03/2027 7pm", ""])
def test_a_time_not_written_as_the_app_reads_it_is_refused(bad: str) -> None:
    with pytest.raises(InvalidValue):
        parse_local(bad)


def test_an_end_before_the_start_is_refused() -> None:
    with pytest.raises(InvalidValue, match="end is before the start"):
        check_span(datetime(2027, 3, 9, 19), datetime(2027, 3, 9, 18))
    check_span(datetime(2027, 3, 9, 19), None)


@pytest.mark.parametrize(("text", "rule"), [
    ("monthly on the second Tuesday", Recurrence("monthly", 1, 2)),
    ("Monthly, 2nd Tue", Recurrence("monthly", 1, 2)),
    ("every month on the last thursday", Recurrence("monthly", 3, -1)),
    ("weekly", Recurrence("weekly")),
    ("every 2 weeks", Recurrence("weekly", None, None, 2)),
    ("biweekly on mondays", Recurrence("weekly", 0, None, 2)),
    ("FREQ=MONTHLY;BYDAY=2TU", Recurrence("monthly", 1, 2)),
    ("RRULE:FREQ=WEEKLY;INTERVAL=3;BYDAY=FR", Recurrence("weekly", 4, None, 3)),
])
def test_repeat_rules_are_read_from_words_and_rrules(text: str, rule: Recurrence) -> None:
    assert parse_recurrence(text) == rule


@pytest.mark.parametrize("bad", ["sometimes", "FREQ=DAILY", "FREQ=MONTHLY;BYDAY=7TU", "every 40 weeks", "",
                                 "monthly on the fifth Tuesday", "5th Friday of the month", "FREQ=WEEKLY;COUNT=2",
                                 "RRULE:FREQ=MONTHLY;UNTIL=20270101;BYDAY=2TU"])
def test_unknown_repeat_rules_are_refused(bad: str) -> None:
    with pytest.raises(InvalidValue):
        parse_recurrence(bad)


def test_monthly_on_the_second_tuesday_gives_each_months_second_tuesday_at_the_same_wall_time() -> None:
    first = datetime(2027, 1, 1, 19, 0)  # a Friday: the series starts on the first second Tuesday after it
    dates = occurrences(first, parse_recurrence("monthly on the second Tuesday"), 4)
    assert dates == [datetime(2027, 1, 12, 19), datetime(2027, 2, 9, 19), datetime(2027, 3, 9, 19),
                     datetime(2027, 4, 13, 19)]
    assert all(d.weekday() == 1 and 8 <= d.day <= 14 for d in dates)


def test_a_monthly_rule_without_a_day_repeats_the_first_meetings_place_in_its_month() -> None:
    dates = occurrences(datetime(2027, 3, 25, 18, 30), parse_recurrence("monthly"), 3)  # the fourth Thursday
    assert [d.date() for d in dates] == [date(2027, 3, 25), date(2027, 4, 22), date(2027, 5, 27)]


def test_rules_are_written_back_in_words_and_as_rrules() -> None:
    rule = parse_recurrence("monthly on the second tuesday")
    assert rule.words() == "Monthly on the second Tuesday"
    assert rule.rrule() == "FREQ=MONTHLY;BYDAY=2TU"
    assert parse_recurrence(rule.rrule()) == rule
    assert parse_recurrence(rule.words()) == rule


def test_nth_weekday_of_a_month() -> None:
    assert nth_weekday(2027, 2, 0, -1) == date(2027, 2, 22)
    assert nth_weekday(2027, 2, 0, 5) is None


def test_the_ladder_from_attendance() -> None:
    assert level_from_attendance(0, 0, 0) is EngagementLevel.SIGNED_UP
    assert level_from_attendance(2, 0, 0) is EngagementLevel.ATTENDED
    assert level_from_attendance(2, 1, 0) is EngagementLevel.TOOK_SHIFT
    assert level_from_attendance(2, 1, 1) is EngagementLevel.LED_SHIFT
    assert higher("leads_team", "attended") == "leads_team"
    assert higher("", "attended") == "attended"
    assert took_shift(True, False, "canvass") and took_shift(True, True, "meeting")
    assert not took_shift(True, False, "meeting") and not took_shift(False, True, "canvass")
    assert is_lead_role("Shift lead") and is_lead_role("host") and not is_lead_role("Driver")


def test_calendar_text_is_escaped_and_folded() -> None:
    assert escape("Potluck; bring a dish, please\nRoom 2") == "Potluck\\; bring a dish\\, please\\nRoom 2"
    long = "SUMMARY:" + "Ł" * 60
    folded = fold(long)
    assert all(len(line.encode()) <= 75 for line in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == long


@pytest.mark.parametrize("text", ["0001-01-01 10:00", "9999-12-31 23:59", "2201-01-01 10:00"])
def test_an_event_year_past_any_meeting_is_refused(text: str) -> None:
    from organizer.domain.event_times import parse_local

    with pytest.raises(InvalidValue, match="not a year an event can be in"):
        parse_local(text)
