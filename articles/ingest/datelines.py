"""Datelines at the head of a lede: `MOSCOW, Sept. 11 (AFP) - …`, `WASHINGTON (AP) — …`,
`date 2020-09-11 (Moscow) …` (the seed layout), `(Sports Network) - …`."""
import datetime
import re
from dataclasses import dataclass, field

from ..names import normalise_person_name
from .credits import split_agencies
from .wiretime import MONTH_PATTERN, month_number, nearest_before

DASH = r"(?:—|–|-{1,2})"
_PLACE = r"(?P<place>[^\W\d_][^\W\d_ .,'’-]*(?:[ .,'’-]{1,2}[^\W\d_][^\W\d_.'’-]*\.?){0,6})"
_WIRE = re.compile(
    _PLACE + r"(?:[\s,]*(?:-\s+)?(?P<month>%s)\s*(?P<day>\d{1,2})\b\s*(?:\((?P<agency1>[^()\n]{1,60})\))?"
    r"|[\s,]*\((?P<agency2>[^()\n]{1,60})\))\s*%s\s*" % (MONTH_PATTERN, DASH))
_SEED = re.compile(r"date\s+(\d{4})-(\d{2})-(\d{2})\s*\(([^()\n]{1,80})\)\s*", re.I)
_AGENCY_ONLY = re.compile(r"\((?P<agency>[^()\n\d]{2,40})\)\s*%s\s*" % DASH)


@dataclass
class Dateline:
    place: str = ""
    date: datetime.date | None = None
    agencies: list = field(default_factory=list)
    rest: str = ""  # the lede after the dateline


def normalise_place(text):
    """`NEW YORK` → `New York`, `RIO DE JANEIRO` → `Rio de Janeiro`, `New York, NY` and
    `Cape Canaveral, Fla.` kept: after the first comma only longer words in capitals change."""
    parts = [p.strip() for p in text.strip(" ,").split(",")]
    return ", ".join([normalise_person_name(parts[0])]
                     + [p if len(p.strip(".")) <= 3 or "." in p else normalise_person_name(p) for p in parts[1:]])


def split_dateline(lede, reference):
    """The dateline opening `lede`, or None. `reference` (a date) gives a year-less dateline the year
    that puts it nearest before the dispatch time."""
    match = _SEED.match(lede)
    if match:
        year, month, day, place = match.groups()
        try:
            date = datetime.date(int(year), int(month), int(day))
        except ValueError:
            raise ValueError(f"“{match.group(0).strip()}” is not a real date") from None
        return Dateline(place.strip(), date, [], lede[match.end():].strip())
    match = _WIRE.match(lede.lstrip("*# "))  # "****LONDON, …": a priority mark before the dateline
    if match and _is_place(match.group("place"), dated=bool(match.group("month"))):
        date = None
        if match.group("month"):
            month, day = month_number(match.group("month")), int(match.group("day"))
            if month is None:
                return None
            date = nearest_before(month, day, reference)
            if date is None:
                raise ValueError(f"“{match.group('month')} {day}” is not a real date")
        agency = match.group("agency1") or match.group("agency2") or ""
        rest = lede.lstrip("*# ")[match.end():].strip()
        return Dateline(normalise_place(match.group("place")), date, split_agencies(agency.strip()), rest)
    match = _AGENCY_ONLY.match(lede)
    if match:
        return Dateline("", None, split_agencies(match.group("agency").strip()), lede[match.end():].strip())
    return None


def _is_place(place, dated):
    """Wire style: the place's first part in capitals (`GROSSETO, Italy`), or any capitalised words
    when a date follows (`Moscow, Sept. 11`). Keeps `Officials said (AP) -` from reading as one."""
    first = place.split(",")[0]
    words = first.split()
    if not words or len(words) > 5:
        return False
    if first.isupper():
        return True
    return dated and all(w[:1].isupper() or w in {"de", "du", "la", "le", "di", "da", "del", "van", "von", "am"}
                         for w in words)
