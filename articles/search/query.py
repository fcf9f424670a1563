"""The search box's language, the same on both databases: words, "quoted phrases", OR, -exclusion.

What the user typed is parsed once, here, into a small tree (OR of AND-groups of terms); each
backend receives that tree rendered for it: a clean websearch string for PostgreSQL's
websearch_to_tsquery, a fully quoted MATCH expression for SQLite's FTS5. Nothing typed reaches
MATCH unquoted, and no input raises.
"""
import re
import unicodedata
from dataclasses import dataclass

# PostgreSQL's English stop words (tsearch_data/english.stop): PostgreSQL drops them from queries,
# so SQLite does too (tests check the two lists agree when the PostgreSQL file is present).
STOPWORDS = frozenset("""
i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers
herself it its itself they them their theirs themselves what which who whom this that these those am is
are was were be been being have has had having do does did doing a an the and but if or because as until
while of at by for with about against between into through during before after above below to from up
down in out on off over under again further then once here there when where why how all any both each
few more most other some such no nor not only own same so than too very s t can will just don should now
""".split())

# Characters kept inside a word (e-mail, U.S., O'Neill); everything else separates words.
_WORD_CHARS = re.compile(r"[^\w\-.'’]+")


def fold(text):
    """Lower case without accents: how both indexes compare words."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


@dataclass(frozen=True)
class Term:
    text: str  # cleaned words; several words make a phrase
    phrase: bool = False
    negated: bool = False

    def words(self):
        return [w for w in re.split(r"[^\w]+", fold(self.text)) if w]


@dataclass(frozen=True)
class ParsedQuery:
    """OR of AND-groups. Falsy when nothing searchable was typed (then: list the newest)."""

    groups: tuple = ()
    raw: str = ""

    def __bool__(self):
        return any(not term.negated for group in self.groups for term in group) or self.only_exclusions

    @property
    def only_exclusions(self):
        """The whole query is "-word …": every story except those."""
        return len(self.groups) == 1 and all(term.negated for term in self.groups[0])

    def websearch(self):
        """For websearch_to_tsquery: the same tree, with nothing left for it to guess."""
        return " or ".join(" ".join(_websearch_term(t) for t in group) for group in self.groups)

    def fts5(self, terms=None):
        """A MATCH expression for FTS5, every term a quoted string. Groups made only of exclusions
        cannot stand alone in FTS5; see `only_exclusions`, which backends handle themselves."""
        if self.only_exclusions:
            return " OR ".join(_fts5_term(t) for t in self.groups[0])
        parts = []
        for group in self.groups:
            positive = [_fts5_term(t) for t in group if not t.negated]
            expression = "(" + " AND ".join(positive) + ")"
            for term in group:
                if term.negated:
                    expression += " NOT " + _fts5_term(term)
            parts.append(expression)
        return " OR ".join(parts)


def _websearch_term(term):
    text = f'"{term.text}"' if term.phrase or " " in term.text else term.text
    return ("-" if term.negated else "") + text


def _fts5_term(term):
    return '"' + term.text.replace('"', '""') + '"'


def _tokens(text):
    """(kind, text, negated) for each word, phrase or OR, in order. An unclosed quote runs to
    the end, like PostgreSQL's websearch syntax."""
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        negated = text[i] == "-" and i + 1 < n and not text[i + 1].isspace()
        if negated:
            i += 1
        if text[i] == '"':
            end = text.find('"', i + 1)
            end = n if end == -1 else end
            yield "phrase", text[i + 1:end], negated
            i = end + 1
            continue
        j = i
        while j < n and not text[j].isspace() and text[j] != '"':
            j += 1
        word = text[i:j]
        yield ("or" if word.casefold() == "or" and not negated else "word"), word, negated
        i = j


def _term(kind, text, negated):
    cleaned = " ".join(_WORD_CHARS.sub(" ", text).split()).strip("-.'’ ")
    term = Term(cleaned, phrase=kind == "phrase", negated=negated)
    words = term.words()
    if not words:
        return None
    # PostgreSQL ignores stop words outside phrases, so both backends do.
    if not term.phrase and all(w in STOPWORDS for w in words):
        return None
    return term


def parse(text):
    """Parse the search box. Never raises; returns a falsy query when nothing is searchable."""
    text = (text or "")[:500]
    groups, current = [], []
    for kind, value, negated in _tokens(text):
        if kind == "or":
            groups.append(current)
            current = []
            continue
        term = _term(kind, value, negated)
        if term is not None and term not in current:
            current.append(term)
    groups.append(current)
    groups = [tuple(g) for g in groups if g]
    # An OR branch made only of exclusions means "anything else" — it cannot be expressed in FTS5,
    # and on its own it would swamp the other branches; both backends drop it.
    if len(groups) > 1:
        groups = [g for g in groups if any(not t.negated for t in g)]
    return ParsedQuery(tuple(groups), text.strip())
