"""Who wrote it, and for which agency: byline lines (`By JOHN SMITH Associated Press`, `Von Christian
Hollmann, dpa`) and sign-off credits (`(Reporting by A in X; Additional reporting by B; Editing by C)`)."""
import re

from ..names import name_key
from .base import ParsedByline

# Words that only occur in agency names (`Agence France-Presse`, `The Associated Press`, `dpa`).
AGENCY_WORDS = frozenset(
    "agency agence agencia agenzia agentur agentschap press presse prensa news newswire wire associated "
    "reuters reuter afp ap dpa efe ansa xinhua kyodo tass upi anp belga yonhap bloomberg ntb tt apa sda "
    "ats pti ians jiji anadolu interfax bernama antara ria".split()
)
# A phrase after a name that starts with one of these is the agency: `By JOHN SMITH Associated Press`.
AGENCY_OPENERS = AGENCY_WORDS - {"press", "presse", "prensa", "news", "newswire", "wire"} | {"france", "deutsche", "united"}
# Job titles after a byline (`AP Science Writer`, `Reuters White House correspondent`): dropped. A
# title ends with one of TITLES; the words before it are only dropped with it (`By Jack White` stays).
TITLES = frozenset("writer writers correspondent correspondents reporter reporters staff editor editors "
                   "photographer photographers".split())
TITLE_WORDS = TITLES | frozenset(
    "science business economics political diplomatic sports chief bureau special senior national foreign "
    "medical legal white house technology energy markets investigative".split()
)
BY_PREFIX = re.compile(r"^(?:by|von|par|av|por|door|af|przez)[:\s]+", re.I)
NAME_SEPARATOR = re.compile(r"\s*,\s*|\s*;\s*|\s+(?:and|und|og|och|et)\s+|\s*&\s*", re.I)
TERMINAL = tuple(".!?:;,…\"'”’»)")

ROLES = {
    "reporting": "reporting", "additional reporting": "additional reporting", "writing": "writing",
    "written": "writing", "compiled": "writing", "editing": "editing", "edited": "editing",
    "photos": "photography", "photo": "photography", "photography": "photography", "pictures": "photography",
}
_SEGMENT = re.compile(r"^(%s)\s+by\s+(.+)$" % "|".join(sorted(ROLES, key=len, reverse=True)), re.I)
_TRAILING_CREDIT = re.compile(r"\s*\(([^()]*\bby\b[^()]*)\)\s*$", re.I)


def words(text):
    return name_key(text).split()


def looks_like_agency(text):
    """Short text naming an agency (`France Media Agency`, `NTB`, `Reuters`)."""
    keys = words(text)
    return 0 < len(keys) <= 8 and bool(set(keys) & AGENCY_WORDS)


def split_names(text):
    """`A, B and C` → [A, B, C]."""
    return [part.strip(" .") for part in NAME_SEPARATOR.split(text) if part and part.strip(" .")]


def looks_like_names(text):
    """A line of one or more personal names, as a byline line writes them (`Maria PANINA`)."""
    if not text or len(text) > 120 or text.endswith(TERMINAL[:-1]) or looks_like_agency(text):
        return False
    names = split_names(text)
    return bool(names) and all(1 <= len(n.split()) <= 5 and all(w[:1].isupper() or w.islower() and len(w) <= 4
                                                                for w in n.split()) for n in names)


def _without_titles(text):
    """`Associated Press Writer` → `Associated Press`; a phrase of titles only → ""."""
    tokens = text.split()
    if tokens and tokens[-1].lower().strip(".") in TITLES:
        while tokens and tokens[-1].lower().strip(".") in TITLE_WORDS:
            tokens.pop()
    return " ".join(tokens)


def split_agencies(text):
    """`NTB-AFP-DPA` → three agencies; `Agence France-Presse` stays one."""
    parts = [p for p in re.split(r"\s*[/]\s*|-", text) if p]
    if len(parts) > 1 and all(len(p) <= 6 and p.isalnum() for p in parts):
        return parts
    return [p.strip() for p in text.split("/") if p.strip()]


def parse_byline(text):
    """A byline statement → (names, agencies). `By JOHN SMITH and JANE DOE Associated Press`,
    `By Jane Doe, AP Science Writer`, `Von Christian Hollmann, dpa`, `NTB-AFP-DPA`."""
    text = BY_PREFIX.sub("", " ".join(text.split())).strip(" .,")
    names, agencies = [], []
    segments = [s.strip() for s in text.split(",") if s.strip()]
    while len(segments) > 1 and (looks_like_agency(segments[-1]) or not _without_titles(segments[-1])):
        tail = _without_titles(segments.pop())
        if tail:
            agencies[:0] = split_agencies(tail)
    head = ", ".join(segments)
    if not agencies:
        head, agencies = _agency_suffix(head)
    for name in split_names(head):
        name = _without_titles(name)
        if not name:
            continue
        if looks_like_agency(name) or name.startswith("The "):  # "The Anti-Doping Database"
            agencies.extend(split_agencies(name))
        else:
            names.append(name)
    return names, agencies


def _agency_suffix(text):
    """`JOHN SMITH Associated Press` → (`JOHN SMITH`, [`Associated Press`])."""
    tokens = text.split()
    keys = [(name_key(token).split() or [""])[0] for token in tokens]
    for index in range(1, len(tokens)):
        opener = keys[index] in AGENCY_OPENERS or (
            keys[index] == "the" and index + 1 < len(tokens) and keys[index + 1] in AGENCY_OPENERS)
        if opener:
            rest = _without_titles(" ".join(tokens[index:]))
            if rest and looks_like_agency(rest):
                return " ".join(tokens[:index]), split_agencies(rest)
    return text, []


def parse_signoff(text):
    """`(Reporting by A in X; Additional reporting by B; Editing by C)` → (bylines in order, what is
    left of `text`), or None when `text` does not end with such a credit."""
    match = _TRAILING_CREDIT.search(text)
    if not match:
        return None
    credits, leftover = [], []
    for segment in (s.strip() for s in match.group(1).split(";")):
        found = _SEGMENT.match(segment)
        if not found:
            leftover.append(segment)
            continue
        role = ROLES[found.group(1).lower()]
        credits.extend(ParsedByline(name, role) for name in _credited_names(found.group(2)))
    if not credits:
        return None
    rest = text[:match.start()].rstrip()
    if leftover:
        rest = f"{rest} ({'; '.join(leftover)})".strip()
    return credits, rest


def _credited_names(text):
    """`A in London, B and C in Paris, France` → [A, B, C]: places after `in` are not names."""
    names, after_place = [], False
    for part in split_names(text):
        place = re.search(r"\s+in\s+", part)
        if place:
            names.append(part[:place.start()].strip())
            after_place = True
        elif after_place and " " not in part:
            continue  # the rest of a place: "in Washington, D.C."
        else:
            names.append(part)
            after_place = False
    return [n for n in names if n]
