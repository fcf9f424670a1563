"""What the structured formats (ninjs, NITF, NewsML-G2) share once their fields are read: the
dateline the lede still carries, credits, urgency and a minimum of content."""
import datetime

from ..names import name_key
from ..rendering import Inline, markdown_escape
from .base import ParsedByline, ParseError, without_service_prefix
from .credits import parse_byline
from .datelines import normalise_place, split_dateline
from .wiretime import parse_iso


def add_byline_statement(result, statement):
    """`Paulo Santalucia and Frances d'Emilio`, `Von Christian Hollmann, dpa`: people to bylines,
    agencies to credits."""
    names, agencies = parse_byline(statement or "")
    result.bylines.extend(ParsedByline(name) for name in names)
    result.agencies.extend(agencies)


def iso_time(value, tz, what):
    """An ISO stamp from a structured field, or None when absent; ParseError names the field."""
    if not value or not isinstance(value, str) or not value.strip():
        return None
    try:
        return parse_iso(value, tz)
    except (ValueError, OverflowError) as error:
        raise ParseError(f"{what}: {error}") from None


def urgency(value):
    """IPTC urgency 1 (flash) … 9; stories keep 1–8 (9 reads as 8). None when unreadable."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return min(max(number, 1), 8) if number > 0 else None


def finish(result, *, tz, now=None):
    """Take the dateline off the lede (`GROSSETO, Italy (AP) -- …`: the page prints its own), fill
    what the structured fields left empty, drop duplicates, and refuse an empty dispatch."""
    reference = (result.sent_at or now or datetime.datetime.now(tz)).astimezone(tz).date()
    index = next((i for i, (kind, _) in enumerate(result.blocks) if kind == "p"), None)
    if index is not None:
        try:
            dateline = split_dateline(result.blocks[index][1], reference)
        except ValueError:
            dateline = None  # a dateline the lede only seems to have: leave the copy as it is
        if dateline is not None and dateline.rest:
            result.blocks[index] = ("p", _without_prefix(result.blocks[index][1], dateline.rest))
            result.dateline_place = result.dateline_place or dateline.place
            result.dateline_date = result.dateline_date or dateline.date
            if not result.agencies:
                result.agencies = dateline.agencies
    result.dateline_place = normalise_place(result.dateline_place)[:100] if result.dateline_place else ""
    result.agencies = _unique(a.strip() for a in result.agencies if a and a.strip())
    result.bylines = _unique_bylines(result.bylines)
    result.tags = _unique(" ".join(t.split())[:100] for t in result.tags if t and t.strip())
    result.headline = without_service_prefix(" ".join(result.headline.split()))
    result.standfirst = " ".join(result.standfirst.split())
    if not result.headline and not any(kind == "p" for kind, _ in result.blocks):
        raise ParseError(f"{result.format}: no headline and no body text found")
    return result


def _without_prefix(lede, rest):
    """The lede without its dateline, keeping its links and emphasis (an Inline) where the dateline
    itself carried none."""
    markdown = getattr(lede, "markdown", None)
    if markdown is None:
        return rest
    prefix = markdown_escape(lede[: len(lede) - len(rest)]).rstrip()
    return Inline(rest, markdown[len(prefix):].lstrip()) if markdown.startswith(prefix) else rest


def _unique(values):
    seen, kept = set(), []
    for value in values:
        key = name_key(value) or value
        if key not in seen:
            seen.add(key)
            kept.append(value)
    return kept


def _unique_bylines(bylines):
    seen, kept = set(), []
    for byline in bylines:
        key = (name_key(byline.name), byline.role)
        if key[0] and key not in seen:
            seen.add(key)
            kept.append(byline)
    return kept
