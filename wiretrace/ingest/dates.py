"""Dates as stored: the forms feeds, pages and dumps write, read into ISO 8601 (UTC when zoned).

Dates are compared as text, so every reader stores them in one form; a day whose order is a
guess ('03/04/2016') is none.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import functools
import re


def publication_date(value: str) -> str:
    """A stated publication date as stored (`normalize_date`), read alike wherever one is given (a
    record's field, the HTTP API's and the Search form's, `query --published`): a day stated with a
    time that is no time ('31-MAR-1987 605:12:19.12', a Reuters-21578 stamp) is that day.

    Raises:
        ValueError: why it is refused, to follow its name: no date read, or one after today.
    """
    day = normalize_date(value)
    if day is None and (stamped := _DAY_THEN_TIME.fullmatch(value.strip())):
        day = normalize_date(stamped.group(1))
    if day is None:
        raise ValueError("is not a date wiretrace reads (no such day, or its order a guess, as in 03/04/2016; write "
                         "2016-03-01 or 2016-03-01T09:00:00Z, or leave it out)")  # fmt: skip
    if future_date(day):
        raise ValueError("is after today (correct it, or leave it out)")
    return day


#: A day, then what a time stood in, in figures (a clock with too many hours or minutes, a zone
#: past 24 hours): the day is read when the time is no time; not after words ('2020-01-01 garbage').
_DAY_THEN_TIME = re.compile(r"(\S+)[T ]\d[\d:.,]*(?:\s*(?:Z|UTC|GMT|[+-]\d\d:?\d\d))?", re.IGNORECASE)


_PARTIAL_DATE = re.compile(r"(\d{4})(?:-(\d{2}))?")
#: Dates as archives write them with the month in words, day first or month first (never
#: 01/02/2016, whose order is a guess): '2-MAR-1987 09:54:01.45' (Reuters-21578), '5 January
#: 2016', 'January 5, 2016'.
_WRITTEN_DATES = (
    "%d-%b-%Y %H:%M:%S.%f", "%d-%b-%Y %H:%M:%S", "%d-%b-%Y", "%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y",
)  # fmt: skip


def _written_date(text: str) -> str | None:
    """`_WRITTEN_DATES` read as ISO (a date alone when the form has no time); what trails the date
    in an archive's field (Reuters-21578: '27-MAR-1987 00:02:59.13&#5;&#5;&#5;RM') is ignored."""
    text = _DATE_TAIL.split(text, maxsplit=1)[0].strip()
    for form in _WRITTEN_DATES:
        try:
            when = dt.datetime.strptime(text, form)
        except ValueError:
            continue
        return when.isoformat(timespec="seconds") if "%H" in form else when.date().isoformat()
    return None


_DATE_TAIL = re.compile(r"[^A-Za-z0-9 ,:.-]")


#: A time of day after a date ('T09:30', ' 09:30'): without one, an ISO date is a day, not its midnight.
_HAS_TIME = re.compile(r"\d[T ]\d|:")
#: An ISO datetime followed by the name of UTC.
_NAMED_UTC = re.compile(r"(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(?:UTC|GMT|Z)", re.IGNORECASE)


def normalize_date(value: str) -> str | None:
    """`value` as an ISO 8601 date or UTC datetime, the form dates are compared in (as text);
    None when it is not a date. Reads ISO dates and datetimes (a zone is converted to UTC, 'Z'),
    a bare year or month, RFC 2822 dates as feeds and e-mail write them ('Tue, 05 Jan 2016
    10:00:00 GMT'), a few forms with the month in words (`_WRITTEN_DATES`), a clock time with its
    half of the day and zone ('Dec 3, 2026 9:00 PM EST', `_clock_date`) and days in numbers whose
    order is no guess (`_numeric_day`). Dates that do not exist ('2015-02-30') are not dates.

    Example:
        >>> normalize_date("Tue, 05 Jan 2016 10:00:00 GMT"), normalize_date("2016-01-05T11:00:00+01:00")
        ('2016-01-05T10:00:00Z', '2016-01-05T10:00:00Z')
    """
    text = value.strip()
    found = _date_of(text)
    if found is None and (reordered := _day_then_time(text)) != text:
        found = _date_of(reordered)
    return found


def _day_then_time(text: str) -> str:
    """A date written time first or with commas between its parts ('12:45 GMT, 27 December 2004',
    'Monday, 27 December, 2004, 12:45 GMT', as BBC pages stamp their versions) as day then time
    ('27 December 2004 12:45 GMT'), the order the readers below take."""
    if first := _TIME_FIRST.fullmatch(text):
        text = f"{first.group('rest')} {first.group('time')}"
    return _DATE_COMMAS.sub(" ", text)


#: A clock time, with its half of the day and zone, before the day it is of.
_TIME_FIRST = re.compile(
    r"(?P<time>\d{1,2}[:.]\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,5})?)\s*,?\s+(?P<rest>.*\d{4})",
    re.IGNORECASE,
)
#: A comma between a month and its year, or between the year and the time after it.
_DATE_COMMAS = re.compile(r"(?<=[a-z]),\s*(?=\d{4}\b)|(?<=\d{4}),\s*(?=\d{1,2}[:.]\d{2})", re.IGNORECASE)


def _date_of(text: str) -> str | None:
    """`normalize_date` of `text` as written."""
    if year_first := _YEAR_FIRST.fullmatch(text):  # '2016-3-1', '2016/03/01 09:00': ISO order, unpadded
        year, month, day, rest = year_first.group("year", "month", "day", "rest")
        text = f"{year}-{int(month):02d}-{int(day):02d}{rest or ''}"
    partial = _PARTIAL_DATE.fullmatch(text)
    if partial:
        return text if partial.group(2) is None or 1 <= int(partial.group(2)) <= 12 else None
    if named_utc := _NAMED_UTC.fullmatch(text):  # '2005-03-12 09:30:00 UTC', as BigQuery exports write it
        text = named_utc.group(1) + "+00:00"
    when: dt.datetime | None = None
    try:
        if not _HAS_TIME.search(text):  # a day in any ISO form ('20050312', '2005-W10-6') stays a day
            return dt.date.fromisoformat(text).isoformat()
        when = dt.datetime.fromisoformat(text)
    except ValueError:
        if _ISO_MOMENT.fullmatch(text):  # an ISO time that is none ('T10:00:00+25:00'): not read as a clock
            return None
        if clock := _CLOCK.search(text):
            return _clock_date(text[: clock.start()], clock)
        return _numeric_day(text) or _written_date(text) or _mail_date(text)
    return _iso_moment(when)


#: An ISO 8601 date and time with a zone as numbers ('2020-01-01T10:00:00+02:00').
_ISO_MOMENT = re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?[+-]\d\d:?\d\d")


def _mail_date(text: str) -> str | None:
    """A date as RFC 2822 writes it that `_CLOCK` does not end on ('... +0000 (UTC)'); not one
    with a half of the day, which its parser drops ('2:00 PM' is not 02:00)."""
    if _HALF_DAY.search(text):
        return None
    try:
        return _iso_moment(email.utils.parsedate_to_datetime(text))
    except (TypeError, ValueError, IndexError):
        return None


_HALF_DAY = re.compile(r"\d\s*[ap]\.?\s?m\b", re.IGNORECASE)


def future_date(published: str, now: dt.datetime | None = None) -> bool:
    """Whether a normalised date (`normalize_date`) opens more than a day after `now` (the clock's
    UTC time): no publication date, but a typo ('2062' for '2026') or a scheduled page, which would
    make an article published later the origin of its story. A day's leeway keeps the dates of
    sites whose today is ahead of UTC's (Tokyo's 4 December begins at 15:00 UTC on the 3rd)."""
    latest = (now or dt.datetime.now(dt.UTC)).replace(tzinfo=None) + dt.timedelta(days=1)
    opening = published.removesuffix("Z")
    if len(opening) < 10:  # a year or a month: its first day
        opening = (opening + "-01-01")[:10]
    try:
        return dt.datetime.fromisoformat(opening) > latest
    except ValueError:
        return False


def _iso_moment(when: dt.datetime) -> str | None:
    """A datetime as dates are compared: UTC ending in 'Z' when it states a zone, else as written;
    None for one whose UTC time falls outside the years 1 to 9999 ('0001-01-01T00:00:00+14:00')."""
    if when.tzinfo is None:
        return when.isoformat(timespec="seconds")
    try:
        return when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    except OverflowError:
        return None


#: A clock time ending a written date, with its half of the day and its zone: '2:00 PM', '9:00 p.m.
#: EST', '14:05 GMT', '09:00:00 -0500', '8:30 am ET', '10:00 (UTC+05:30)'.
_CLOCK = re.compile(
    r"(?:^|[\s,T]+)(?:at\s+)?(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.\d+)?)?"
    r"\s*(?P<half>[ap]\.?\s?m\b\.?)?"
    r"\s*\(?(?P<zone>[A-Za-z]{1,5}(?:\s?[+-]\d{1,2}(?::?\d{2})?)?|[+-]\d{2}:?\d{2})?\)?\s*$",
    re.IGNORECASE,
)
#: Zones written as a name, and their offsets from UTC in minutes (RFC 2822's, and those news pages
#: write); 'ET', 'CT', 'MT' and 'PT' follow US daylight saving (`_REGIONS`). Names that stand for
#: several zones ('IST': India, Ireland or Israel) are not here: such a time is read without a zone.
_ZONES = {
    "UTC": 0, "UT": 0, "GMT": 0, "Z": 0, "WET": 0, "BST": 60, "WEST": 60, "CET": 60, "WAT": 60, "CEST": 120,
    "EET": 120, "SAST": 120, "EEST": 180, "MSK": 180, "EAT": 180, "PKT": 300, "WIB": 420, "HKT": 480,
    "SGT": 480, "AWST": 480, "PHT": 480, "JST": 540, "KST": 540, "ACST": 570, "AEST": 600, "AEDT": 660,
    "NZST": 720, "NZDT": 780, "EST": -300, "EDT": -240, "CST": -360, "CDT": -300, "MST": -420, "MDT": -360,
    "PST": -480, "PDT": -420, "AKST": -540, "AKDT": -480, "HST": -600, "BRT": -180, "ART": -180,
}  # fmt: skip
_REGIONS = {"ET": "America/New_York", "CT": "America/Chicago", "MT": "America/Denver", "PT": "America/Los_Angeles"}
_OFFSET = re.compile(r"(?:UTC|GMT|UT)?\s?([+-])(\d{1,2}):?(\d{2})?", re.IGNORECASE)
_WEEKDAY = re.compile(r"^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+", re.IGNORECASE)


def _clock_date(day_text: str, clock: re.Match[str]) -> str | None:
    """A written date with its clock time (`_CLOCK`): the moment in UTC when the zone is known,
    else the local time as written; None when the day cannot be read or the time does not exist
    ('13:00 PM'). RFC 2822's parser took '2:00 PM' for 02:00 and dropped the zone after it."""
    day = _day_of(day_text)
    hour, minute, second = int(clock["hour"]), int(clock["minute"]), int(clock["second"] or 0)
    if half := clock["half"]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half[0] in "pP" else 0)
    if day is None or hour > 23 or minute > 59 or second > 59:
        return None
    when = dt.datetime.combine(day, dt.time(hour, minute, second))
    zone = (clock["zone"] or "").upper()
    if not zone:
        return when.isoformat(timespec="seconds")
    if zone in _ZONES:
        return _iso_moment(when.replace(tzinfo=dt.timezone(dt.timedelta(minutes=_ZONES[zone]))))
    if zone in _REGIONS:
        from zoneinfo import ZoneInfo

        return _iso_moment(when.replace(tzinfo=ZoneInfo(_REGIONS[zone])))
    if offset := _OFFSET.fullmatch(zone):
        sign = -1 if offset[1] == "-" else 1
        minutes = int(offset[2]) * 60 + int(offset[3] or 0)
        if minutes <= 14 * 60:
            return _iso_moment(when.replace(tzinfo=dt.timezone(sign * dt.timedelta(minutes=minutes))))
    return when.isoformat(timespec="seconds")  # a zone named otherwise: the local time, as without one


@functools.lru_cache(maxsize=4096)  # a dump's stamps share their days: Reuters-21578 spent 0.35 ms an article here
def _day_of(text: str) -> dt.date | None:
    """The day a written date states, before its clock time: ISO, the month in words with or
    without a weekday ('Thu, 03 Dec 2026', 'Dec. 3, 2026'), or numbers whose order is clear."""
    text = _WEEKDAY.sub("", text.strip().rstrip(",-|·").strip())
    text = re.sub(r"\b(at|on)$", "", text).strip().rstrip(",")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    text = re.sub(r"\b(Sept)\b", "Sep", re.sub(r"\b([A-Za-z]{3,4})\.", r"\1", text))
    for form in _DAY_FORMS:
        try:
            return dt.datetime.strptime(text, form).date()
        except ValueError:
            continue
    numeric = _numeric_day(text)
    return dt.date.fromisoformat(numeric) if numeric else None


_DAY_FORMS = ("%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%B %d %Y", "%b %d %Y", "%d-%b-%Y", "%d %b %y")
#: A day in numbers: day, month and year apart by '/', '.' or '-' (whole, or within a line).
_NUMERIC_DAY = re.compile(r"(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?![\d/.-])")


#: A day written year first with slashes, or with a month or day of one digit ('2016/03/01',
#: '2016-3-1'), and the time after it: ISO's order, so no guess, and read as ISO.
_YEAR_FIRST = re.compile(
    r"(?P<year>\d{4})(?P<sep>[/-])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})(?P<rest>[T ]\d{1,2}:\d{2}.*)?"
)


def _numeric_day(text: str) -> str | None:
    """A day written in numbers whose order is not a guess: dotted dates are day first
    ('17.06.2025', as Europe writes them); with slashes or dashes, a field over 12 is the day
    ('12/13/2026' is 13 December, '14/06/2017' 14 June) and equal fields are one day. '12/03/2026'
    is 12 March in London and 3 December in New York: None."""
    found = _NUMERIC_DAY.fullmatch(text.strip())
    if not found:
        return None
    first, sep, second, year = int(found[1]), found[2], int(found[3]), int(found[4])
    if sep == "." or first > 12 or first == second:
        day, month = first, second
    elif second > 12:
        day, month = second, first
    else:
        return None
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None
