"""Dates and times as the wire writes them: ISO stamps, month names (`Sept.`), datelines without a
year, and free-form embargo times (`0001 GMT, Sept. 12, 2024`, `10:00 ET on Thursday, Sept. 12`)."""
import datetime
import re
from zoneinfo import ZoneInfo

UTC = datetime.timezone.utc
MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december".split(), 1)}
MONTH_PATTERN = r"(?i:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-zA-Z]*\.?"  # `Sept.`, `FEB`
# A dateline may run a day or two ahead of the clock that stamped the dispatch (time zones, copy
# filed for the next morning), so "nearest before" allows this much.
DATELINE_SLACK = datetime.timedelta(days=2)

_ISO = re.compile(
    r"(\d{4})-?(\d{2})-?(\d{2})(?:[T ](\d{2}):?(\d{2})(?::?(\d{2})(?:[.,]\d+)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?",
    re.I)
_FIXED_ZONES = {
    "gmt": 0, "utc": 0, "z": 0, "wet": 0, "bst": 60, "west": 60, "cet": 60, "cest": 120, "eet": 120,
    "eest": 180, "msk": 180, "est": -300, "edt": -240, "cst": -360, "cdt": -300, "mst": -420, "mdt": -360,
    "pst": -480, "pdt": -420, "jst": 540, "kst": 540, "hkt": 480, "sgt": 480, "ist": 330, "aest": 600,
    "aedt": 660, "nzst": 720, "nzdt": 780,
}
_REGION_ZONES = {"et": "America/New_York", "ct": "America/Chicago", "mt": "America/Denver", "pt": "America/Los_Angeles"}
_ZONE = re.compile(r"\b(%s)\b(?:\s*([+-]\d{1,2})(?::?(\d{2}))?)?|(?<![\d:])([+-])(\d{2}):?(\d{2})\b"
                   % "|".join(sorted([*_FIXED_ZONES, *_REGION_ZONES], key=len, reverse=True)), re.I)
_DAY_MONTH = re.compile(r"(?<![.:h\d])\b(\d{1,2})(?:st|nd|rd|th)?\s+(%s)(?:,?\s+(\d{4}))?" % MONTH_PATTERN, re.I)
_MONTH_DAY = re.compile(r"\b(%s)\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(\d{4}))?" % MONTH_PATTERN, re.I)
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_CLOCK = re.compile(r"\b(\d{1,2})(?:[:.h](\d{2}))?\s*(a\.?m\b\.?|p\.?m\b\.?)|\b(\d{1,2})[:.h](\d{2})\b|\b([01]\d|2[0-3])([0-5]\d)\b"
                    r"|\b(noon|midday|midnight)\b", re.I)


def month_number(name):
    """1–12 for an English month name or abbreviation (`Sept.`, `Sept`, `September`), else None."""
    name = name.lower().rstrip(".")
    if len(name) < 3:
        return None
    return next((number for full, number in MONTHS.items() if full.startswith(name)), None)


def nearest_before(month, day, reference):
    """The date with this month and day nearest before `reference` (a date), or None."""
    for year in range(reference.year + 1, reference.year - 9, -1):  # 8 years back covers 29 February
        try:
            candidate = datetime.date(year, month, day)
        except ValueError:
            continue
        if candidate <= reference + DATELINE_SLACK:
            return candidate
    return None


def checked(moment):
    """`moment`, if the database can store it: it must exist in UTC too (9999-12-31 23:00-05:00 does not)."""
    try:
        moment.astimezone(UTC)
    except (OverflowError, ValueError):
        raise ValueError(f"{moment.isoformat()} is out of range") from None
    return moment


def parse_iso(text, tz):
    """An ISO 8601 stamp (`2019-05-10T16:02:28+02:00`, `20020225T143000-0500`, `2021-05-16`) as an
    aware datetime; a stamp without zone is read in `tz`. Raises ValueError."""
    match = _ISO.fullmatch(text.strip())
    if not match:
        raise ValueError(f"“{text.strip()[:60]}” is not a date and time")
    year, month, day, hour, minute, second, zone = match.groups()
    moment = datetime.datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0))
    if zone is None:
        return checked(moment.replace(tzinfo=tz))
    if zone.upper() == "Z":
        return moment.replace(tzinfo=UTC)
    digits = zone[1:].replace(":", "")
    offset = datetime.timedelta(hours=int(digits[:2]), minutes=int(digits[2:] or 0))
    if offset > datetime.timedelta(hours=14):
        raise ValueError(f"“{zone}” is not a time zone offset")
    return checked(moment.replace(tzinfo=datetime.timezone(-offset if zone[0] == "-" else offset)))


def parse_wire_time(text, tz, reference):
    """A time as an embargo line writes it, e.g. `0001 GMT, Sept. 12, 2024`, `12:00 CET 11 September`,
    `10 a.m. ET Thursday`, `2024-09-12T06:00Z`. A missing year is the one nearest `reference`; a
    missing date is the first such time after it. Raises ValueError when no time can be read."""
    text = " ".join(text.split()).strip(" .:")
    if _ISO.fullmatch(text):
        return parse_iso(text, tz)
    zone, rest = _zone(text, tz)
    day, rest = _date(rest, reference.astimezone(zone))
    clock = _clock(rest)
    if day is None and clock is None:
        raise ValueError(f"no date or time in “{text[:80]}”")
    hour, minute = clock or (0, 0)
    if day is None:
        local = reference.astimezone(zone)
        moment = datetime.datetime.combine(local.date(), datetime.time(hour, minute), tzinfo=zone)
        return checked(moment if moment >= local else moment + datetime.timedelta(days=1))
    return checked(datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=zone))


def _zone(text, default):
    match = _ZONE.search(text)
    if not match:
        return default, text
    rest = text[:match.start()] + " " + text[match.end():]
    name, hours, minutes, sign, sign_hours, sign_minutes = match.groups()
    if name is None:
        offset = datetime.timedelta(hours=int(sign_hours), minutes=int(sign_minutes))
        return datetime.timezone(-offset if sign == "-" else offset), rest
    if name.lower() in _REGION_ZONES and hours is None:
        return ZoneInfo(_REGION_ZONES[name.lower()]), rest
    base = datetime.timedelta(minutes=_FIXED_ZONES.get(name.lower(), 0))
    if hours is not None:
        extra = datetime.timedelta(hours=abs(int(hours)), minutes=int(minutes or 0))
        base += -extra if hours.startswith("-") else extra
    if abs(base) > datetime.timedelta(hours=14):
        raise ValueError(f"“{match.group(0)}” is not a time zone")
    return datetime.timezone(base), rest


def _date(text, reference):
    """(date or None, text without it). A year left out is the one nearest the reference."""
    match = _ISO_DATE.search(text)
    if match:
        return datetime.date(*map(int, match.groups())), text[:match.start()] + " " + text[match.end():]
    for pattern, order in ((_MONTH_DAY, (2, 1, 3)), (_DAY_MONTH, (1, 2, 3))):
        match = pattern.search(text)
        if match:
            day, month_name, year = (match.group(i) for i in order)
            month = month_number(month_name)
            if month is None:
                continue
            rest = text[:match.start()] + " " + text[match.end():]
            if year:
                return datetime.date(int(year), month, int(day)), rest
            return _nearest(month, int(day), reference.date()), rest
    return None, text


def _nearest(month, day, reference):
    candidates = []
    for year in (reference.year - 1, reference.year, reference.year + 1):
        try:
            candidates.append(datetime.date(year, month, day))
        except ValueError:
            continue
    if not candidates:
        raise ValueError(f"{day} is not a day of month {month}")
    return min(candidates, key=lambda d: abs(d - reference))


def _clock(text):
    match = _CLOCK.search(text)
    if not match:
        return None
    h12, m12, meridiem, h24, m24, mil_h, mil_m, word = match.groups()
    if word:
        return (0, 0) if word.lower() == "midnight" else (12, 0)
    if meridiem:
        hour, minute = int(h12), int(m12 or 0)
        if not 1 <= hour <= 12:
            raise ValueError(f"“{match.group(0)}” is not a time of day")
        return hour % 12 + (12 if meridiem.lower().startswith("p") else 0), minute
    hour, minute = (int(h24), int(m24)) if h24 else (int(mil_h), int(mil_m))
    if hour > 23 or minute > 59:
        raise ValueError(f"“{match.group(0)}” is not a time of day")
    return hour, minute
