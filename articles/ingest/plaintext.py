"""Plain-text wire dispatches.

The seed layout (`shared/seed/`): a lede opening with `date YYYY-MM-DD (Place)`, then a
`Posted on DD Month YYYY at HH h MM` line, a byline line, an agency line, then the body, whose
short unpunctuated lines between paragraphs are subheads.
"""
import datetime
import re
from zoneinfo import ZoneInfo

from ..names import name_key
from .base import ParsedByline, ParsedDispatch, ParseError

DATE_PREFIX = re.compile(r"^date\s+(\d{4})-(\d{2})-(\d{2})\s*\(([^)]{1,80})\)\s*", re.I)
POSTED = re.compile(r"^Posted on\s+(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d{4})\s+at\s+(\d{1,2})\s*h\s*(\d{2})$", re.I)
MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december".split(), 1)}
AGENCY_WORDS = frozenset(
    "agency agence agencia agenzia press presse news newswire wire associated reuters afp ap dpa efe "
    "ansa xinhua kyodo tass upi anp belga yonhap bloomberg".split()
)
TERMINAL = tuple(".!?:;,…\"'”’»)")


def month_number(name):
    name = name.lower().rstrip(".")
    for full, number in MONTHS.items():
        if full.startswith(name) and len(name) >= 3:
            return number
    return None


def is_short_line(text, limit=80):
    return len(text) < limit and not text.endswith(TERMINAL) and "\n" not in text


def looks_like_agency(text):
    return bool(set(name_key(text).split()) & AGENCY_WORDS)


def split_names(text):
    parts = re.split(r"\s*(?:,|&|\band\b)\s*", text)
    return [p.strip() for p in parts if p.strip()]


def _units(text):
    """Blank-line separated blocks, each with its first line number and wire line-wrap undone."""
    units, current, start = [], [], None
    for number, line in enumerate(text.split("\n"), 1):
        if line.strip():
            if not current:
                start = number
            current.append(line.strip())
        elif current:
            units.append((start, " ".join(current)))
            current = []
    if current:
        units.append((start, " ".join(current)))
    return units


def parse(text, *, tz=None):
    tz = tz or ZoneInfo("UTC")
    units = _units(text)
    if not units:
        raise ParseError("no text found")
    result = ParsedDispatch(format="text", raw_text=text)
    body = []  # (line, text)
    header_zone = False
    for line, unit in units:
        match = DATE_PREFIX.match(unit)
        if match and not result.dateline_place:
            year, month, day, place = match.groups()
            try:
                result.dateline_date = datetime.date(int(year), int(month), int(day))
            except ValueError:
                raise ParseError(f"“{match.group(0).strip()}” is not a real date", line) from None
            result.dateline_place = place.strip()
            unit = unit[match.end():].strip()
            if unit:
                body.append((line, unit))
            header_zone = True
            continue
        match = POSTED.match(unit)
        if match:
            day, month_name, year, hour, minute = match.groups()
            month = month_number(month_name)
            if month is None:
                raise ParseError(f"unknown month “{month_name}” in “{unit}”", line)
            try:
                result.sent_at = datetime.datetime(int(year), month, int(day), int(hour), int(minute), tzinfo=tz)
            except ValueError:
                raise ParseError(f"“{unit}” is not a real date and time", line) from None
            header_zone = True
            continue
        if header_zone and is_short_line(unit) and len(unit.split()) <= 12:
            if looks_like_agency(unit) and not result.agencies:
                result.agencies.append(unit)
            elif not result.bylines:
                result.bylines = [ParsedByline(name) for name in split_names(unit)]
            else:
                header_zone = False
                body.append((line, unit))
            continue
        header_zone = False
        body.append((line, unit))

    if not result.dateline_place:
        raise ParseError("no dateline found (expected “date YYYY-MM-DD (Place)” before the lede)", units[0][0])
    result.blocks = _blocks(body)
    if not any(kind == "p" for kind, _ in result.blocks):
        raise ParseError("no body text found after the dateline", units[0][0])
    return result


def _blocks(body):
    """Paragraphs and subheads: a short unpunctuated unit between two paragraphs is a subhead."""
    blocks = []
    for index, (_, unit) in enumerate(body):
        between = 0 < index < len(body) - 1
        kind = "h" if between and is_short_line(unit) and len(unit.split()) <= 10 else "p"
        blocks.append((kind, unit))
    return blocks
