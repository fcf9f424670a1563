"""Plain-text wire dispatches, in the forms a desk meets (several may mix in one header):

- the seed layout (`shared/seed/`): a lede opening `date YYYY-MM-DD (Place)`, then `Posted on DD Month
  YYYY at HH h MM`, a byline line and an agency line;
- a headline line, then `PLACE, Month D (Agency) - lede` (Reuters/AFP; `Sept.`, `Sept`, `September`);
- `By NAME Agency` byline lines and `PLACE (AP) — lede` (AP; em dash, en dash or hyphen);
- `EMBARGOED UNTIL <date time zone>` lines;
- advisories above the headline: a kill (`KILL`, `KILL KILL KILL`, `MANDATORY KILL`, `ELIMINATION`,
  or the headline itself opening `KILL:`) cancels the story, `WITHHOLD` holds it, as the structured
  formats' publication status does (the rest of the dispatch names the story: headline, dateline);
- service words before the headline (`CORRECTED-`, `UPDATE 1-`, `REFILE-`: base.SERVICE_PREFIX);
- a closing `(Reporting by A in X; Additional reporting by B; Editing by C)` credit.

Blank lines (or an indented first line) separate paragraphs; short unpunctuated lines between
paragraphs are subheads; lines opening with `•`, `*` or `-` are list items.
"""
import datetime
import re

from ..names import name_key
from .base import ParsedByline, ParsedDispatch, ParseError, without_service_prefix
from .credits import TERMINAL, looks_like_agency, looks_like_names, parse_byline, parse_signoff, split_names
from .datelines import split_dateline
from .wiretime import UTC, checked, month_number, parse_wire_time

POSTED = re.compile(r"^Posted on\s+(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d{4})\s+at\s+(\d{1,2})\s*h\s*(\d{2})$", re.I)
EMBARGO = re.compile(r"^\W*embargo(?:ed)?\b\s*(?:until|till|to|:)?\s*:?\s*(.*)$", re.I)
BY_LINE = re.compile(r"^(?:by|von|par)\s+\S", re.I)
BULLET = re.compile(r"^(?:[•*▪◦·]|-(?!-))\s+")
# Advisory words as wires write them (AP: ELIMINATION), and the publication status each means.
ADVISORIES = {"kill": "canceled", "killed": "canceled", "elimination": "canceled", "withhold": "withheld",
              "withheld": "withheld"}
ADVISORY_LINE = re.compile(r"^\W*(?:(?:mandatory|urgent)\W+)?(kill|killed|elimination|withhold|withheld)"
                           r"(?:\W+(?:kill|elimination|withhold|advisory))*\W*$", re.I)
# As the headline's first word, in capitals only: "Kill switch: ..." is a headline, "KILL: ..." is not.
ADVISORY_PREFIX = re.compile(r"^(KILL|KILLED|ELIMINATION|WITHHOLD|WITHHELD)\s*[:\-–—]\s*(?=\S)")
HEADER_UNITS = 12  # the lede is looked for among the first units only
NO_DATELINE = ("no dateline found (expected “PLACE, Month D (Agency) - ”, “PLACE (Agency) — ” or "
               "“date YYYY-MM-DD (Place)” at the start of the lede)")


def is_short_line(text, limit=80):
    return len(text) < limit and not text.endswith(TERMINAL)


def paragraph_units(text):
    """Paragraph units: (first line number, lines). Blank lines separate them; inside a block of
    lines, so does an indented first line (wire layout) or a line that stops short of the margin."""
    units, current = [], []
    for number, line in enumerate(text.split("\n"), 1):
        if line.strip():
            current.append((number, line.rstrip()))
        elif current:
            units.extend(_split_block(current))
            current = []
    if current:
        units.extend(_split_block(current))
    return units


def _split_block(lines):
    indented = [line[:1] in " \t" for _, line in lines]
    if any(indented[1:]) and not all(indented):
        breaks = indented  # each paragraph opens with an indent; wrapped lines are flush
    else:
        # Hard-wrapped copy fills lines to the margin: a line well short of it ends a paragraph.
        width = max(len(line.strip()) for _, line in lines)
        margin = max(50, 0.8 * width)
        breaks = [True] + [len(previous.strip()) < margin for _, previous in lines[:-1]]
    units = []
    for (number, line), starts in zip(lines, breaks):
        if starts or not units:
            units.append((number, []))
        units[-1][1].append(line.strip())
    return units


def parse(text, *, tz=None, now=None):
    """Plain text → ParsedDispatch. `tz` reads times without a zone; `now` stands for the dispatch
    time when the text carries none (a dateline without a year is dated nearest before it)."""
    tz = tz or UTC
    units = [(line, lines, " ".join(lines)) for line, lines in paragraph_units(text)]
    if not units:
        raise ParseError("no text found")
    result = ParsedDispatch(format="text", raw_text=text)
    for line, _, unit in units[:HEADER_UNITS]:
        if POSTED.match(unit) and result.sent_at is None:
            result.sent_at = _posted(unit, line, tz)
    reference = (result.sent_at or now or datetime.datetime.now(tz)).astimezone(tz)
    lede_index, dateline = _find_lede(units, reference.date())
    _read_header(result, units[:lede_index], reference, tz)

    line, lines, unit = units[lede_index]
    result.dateline_place, result.dateline_date = dateline.place, dateline.date
    dateline_agencies = dateline.agencies
    body = [(line, [dateline.rest] if dateline.rest else [])]
    rest = units[lede_index + 1:]
    if not dateline.rest and rest:  # the dateline stood alone on its line
        body, rest = [(rest[0][0], rest[0][1])], rest[1:]
    # The seed layout: time, byline and agency lines follow the lede.
    seed_layout = unit.lower().startswith("date ")
    for index, (line, lines, unit) in enumerate(rest):
        if not _read_header_line(result, unit, line, reference, tz, seed_layout=seed_layout):
            body.extend((ln, ls) for ln, ls, _ in rest[index:])
            break
    if not result.agencies:
        result.agencies = dateline_agencies
    _read_signoff(result, body)
    result.blocks = blocks_of([(line, lines) for line, lines in body if lines])
    if not any(kind == "p" for kind, _ in result.blocks):
        raise ParseError("no body text found after the dateline", units[lede_index][0])
    return result


def _posted(unit, line, tz):
    day, month_name, year, hour, minute = POSTED.match(unit).groups()
    month = month_number(month_name)
    if month is None:
        raise ParseError(f"unknown month “{month_name}” in “{unit}”", line)
    try:
        return checked(datetime.datetime(int(year), month, int(day), int(hour), int(minute), tzinfo=tz))
    except ValueError:
        raise ParseError(f"“{unit}” is not a real date and time", line) from None


def _find_lede(units, reference):
    """(index of the unit that opens with the dateline, its Dateline), or ParseError naming the line
    where the lede was expected."""
    for index, (line, _, unit) in enumerate(units[:HEADER_UNITS]):
        try:
            dateline = split_dateline(unit, reference)
        except ValueError as error:
            raise ParseError(str(error), line) from None
        if dateline is not None and (dateline.place or dateline.agencies):
            return index, dateline
    expected = units[0][0]
    others = [line for line, _, unit in units[:HEADER_UNITS] if not _is_header_text(unit)]
    if len(others) > 1 and is_short_line(units[0][2], 200):
        expected = others[1]  # the first line reads as a headline: the lede should follow it
    raise ParseError(NO_DATELINE, expected)


def _is_header_text(unit):
    return bool(POSTED.match(unit) or EMBARGO.match(unit) or BY_LINE.match(unit) or ADVISORY_LINE.match(unit))


def _read_header(result, units, reference, tz):
    """Lines before the lede: advisory, embargo, time, bylines, agency, then headline and standfirst."""
    for line, _, unit in units:
        advisory = ADVISORY_LINE.match(unit) if not result.headline else None
        if advisory:
            result.pubstatus = ADVISORIES[advisory.group(1).lower()]
            continue
        if _read_header_line(result, unit, line, reference, tz, seed_layout=False):
            continue
        if not result.headline and len(unit) <= 300:
            prefix = ADVISORY_PREFIX.match(unit)
            if prefix:
                result.pubstatus, unit = ADVISORIES[prefix.group(1).lower()], unit[prefix.end():]
            result.headline = without_service_prefix(unit)
        elif result.headline and not result.bylines and looks_like_names(unit):
            result.bylines = [ParsedByline(name) for name in split_names(unit)]
        elif result.headline and not result.standfirst:
            result.standfirst = unit
        else:
            raise ParseError("text before the dateline that is neither headline, standfirst, byline nor "
                             "embargo; " + NO_DATELINE, line)


def _read_header_line(result, unit, line, reference, tz, *, seed_layout):
    """Read `unit` if it is a header line (embargo, time, byline, agency); False if it is copy."""
    if POSTED.match(unit):
        return True  # read before the lede was looked for
    match = EMBARGO.match(unit)
    if match and len(unit) < 120:
        try:
            result.embargo_until = parse_wire_time(match.group(1), tz, reference)
        except ValueError as error:
            raise ParseError(f"cannot read the embargo time: {error}", line) from None
        return True
    if BY_LINE.match(unit) and len(unit) < 160 and not unit.endswith((".", "!", "?")):
        names, agencies = parse_byline(unit)
        result.bylines.extend(ParsedByline(name) for name in names)
        result.agencies.extend(a for a in agencies if a not in result.agencies)
        return True
    if seed_layout and is_short_line(unit) and len(unit.split()) <= 12:
        if looks_like_agency(unit) and not result.agencies:
            result.agencies.append(unit)
            return True
        if not result.bylines:
            result.bylines = [ParsedByline(name) for name in split_names(unit)]
            return True
    return False


def _read_signoff(result, body):
    """A closing `(Reporting by …; Editing by …)` becomes ordered bylines, not copy."""
    while body and not body[-1][1]:
        body.pop()
    if not body:
        return
    line, lines = body[-1]
    parsed = parse_signoff(" ".join(lines))
    if parsed is None:
        return
    credits, rest = parsed
    for credit in credits:
        # "By Jane Doe" above and "Reporting by Jane Doe" below credit one person once, with a role.
        same = [b for b in result.bylines if name_key(b.name) == name_key(credit.name)]
        if any(b.role == credit.role for b in same):
            continue
        unassigned = next((b for b in same if not b.role), None)
        if unassigned is not None:
            unassigned.role = credit.role
        else:
            result.bylines.append(credit)
    body[-1] = (line, [rest] if rest else [])


def blocks_of(body):
    """Paragraphs, list items and subheads: a short unpunctuated unit between two paragraphs is a
    subhead."""
    blocks = []
    for index, (_, lines) in enumerate(body):
        # A hyphen opening a single paragraph is a quote dash in Nordic copy; only a run of marked
        # lines (or the bullet sign itself) is a list.
        if all(BULLET.match(item) for item in lines) and (len(lines) > 1 or lines[0].startswith("•")):
            blocks.extend(("ul", BULLET.sub("", item)) for item in lines)
            continue
        unit = " ".join(lines)
        between = 0 < index < len(body) - 1
        kind = "h" if between and is_short_line(unit) and len(unit.split()) <= 10 else "p"
        blocks.append((kind, unit))
    return blocks
