"""The value object every parser returns, the one parse error, and text decoding."""
import codecs
import datetime
import re
from dataclasses import dataclass, field


class ParseError(ValueError):
    """A dispatch could not be read; the message says what was wrong, and where."""

    def __init__(self, message, line=None):
        self.line = line
        super().__init__(f"line {line}: {message}" if line else message)


@dataclass
class ParsedByline:
    name: str
    role: str = ""  # "", "reporting", "writing", "additional reporting", "editing", "photography"


@dataclass
class ParsedDispatch:
    format: str
    raw_text: str
    headline: str = ""
    headline_is_proposed: bool = False
    standfirst: str = ""
    # [(kind, text)] in reading order: "p" paragraph, "h" subhead, "q" quotation, "ul"/"ol" list item.
    blocks: list = field(default_factory=list)
    bylines: list = field(default_factory=list)  # [ParsedByline]
    dateline_place: str = ""
    dateline_date: datetime.date | None = None
    agencies: list = field(default_factory=list)  # spellings as received
    language: str = "en"
    urgency: int | None = None
    sent_at: datetime.datetime | None = None  # when the sender filed it (aware)
    embargo_until: datetime.datetime | None = None
    tags: list = field(default_factory=list)
    source_id: str = ""
    version: str = ""
    # The sender's word on using it: "usable", "withheld" (hold it until released) or "canceled"
    # (a kill: do not use it, take it down if it is out).
    pubstatus: str = "usable"

    @property
    def lede(self):
        return next((text for kind, text in self.blocks if kind == "p"), "")


PUBSTATUSES = ("usable", "withheld", "canceled")


def pubstatus(value):
    """A sender's publication status (ninjs `pubstatus`, NITF `management-status`, NewsML-G2
    `stat:` qcode) as one of PUBSTATUSES; unknown or missing values are "usable" ("embargoed" is
    carried by the embargo time)."""
    value = (value or "").strip().lower().rpartition(":")[2]
    value = {"cancelled": "canceled", "kill": "canceled", "killed": "canceled"}.get(value, value)
    return value if value in PUBSTATUSES else "usable"


# Service words a wire puts before a headline for the desk, not the reader (Reuters: "UPDATE 2-",
# "CORRECTED-", "REFILE-", "RPT-"): the story is the one the rest of the headline names.
SERVICE_PREFIX = re.compile(r"^(?:UPDATE \d{1,2}|CORRECTED|REFILE|RPT|REPEAT)\s?-\s?(?=\S)")


def without_service_prefix(headline):
    return SERVICE_PREFIX.sub("", headline, count=1)


MAX_BYTES = 5 * 1024 * 1024
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def decode(data):
    """Bytes as received → text. UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252.

    Never guesses silently into mojibake or U+FFFD: a file that is none of these is refused.
    """
    if not data or not data.strip():
        raise ParseError("empty file")
    if len(data) > MAX_BYTES:
        raise ParseError(f"file is {len(data):,} bytes; the limit for one dispatch is {MAX_BYTES:,}")
    if data.startswith(codecs.BOM_UTF8):
        text = _strict(data[3:], "utf-8")
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _strict(data, "utf-16")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _strict(data, "cp1252")
    if _CONTROL.search(text) or "\ufffd" in text:
        raise ParseError("binary data, not a text dispatch (control characters found)")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _strict(data, encoding):
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise ParseError("not valid UTF-8, UTF-16 or Windows-1252 text") from None


HEADLINE_MAX = 110  # characters; a proposed headline is shorter
# A cut before one of these words leaves a complete phrase ("… in Russia on Monday | to meet …").
CUT_BEFORE = frozenset("to that which who as after before while with for in on at by from amid over".split())


def propose_headline(lede):
    """A headline proposed from the lede when the wire sent none: its main clause, cut at a word
    boundary, under 110 characters. The desk is asked to replace it."""
    sentence = re.split(r"(?<=[.!?])\s+(?=[A-Z“\"])", " ".join(lede.split()), maxsplit=1)[0].rstrip(".")
    clauses = [c.strip(" ,;:—–-") for c in re.split(r",\s+|;\s+|\s+[—–]\s+", sentence)]
    main = next((c for i, c in enumerate(clauses) if _is_main_clause(c, first=i == 0)), None)
    if main is None and len(clauses) > 1 and not _is_main_clause(clauses[0], first=True):
        main = clauses[1]  # "According to officials, a fire broke out …"
    if main is None or len(main) < 20:
        main = sentence
    return _capitalise(_shorten(main))


def _is_main_clause(clause, first):
    """Not an opening phrase ("Contested in the streets", "According to …") and not a trailing
    lower-case clause ("the Kremlin affirming …", "adding that …")."""
    words = clause.split()
    if len(words) < 3 or not words[0][:1].isupper():
        return False
    return not (first and (words[0].lower().endswith(("ed", "ing")) or words[0].lower() in CUT_BEFORE | {"according"}))


def _shorten(text):
    if len(text) < HEADLINE_MAX:
        return text
    words = text.split()
    for end in range(len(words) - 1, 2, -1):
        head = " ".join(words[:end])
        if len(head) < HEADLINE_MAX and words[end].lower() in CUT_BEFORE and len(head) >= 40:
            return head
    return text[:HEADLINE_MAX - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


def _capitalise(text):
    return text[:1].upper() + text[1:]
