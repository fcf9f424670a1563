"""Highlighted headlines and snippets for the page shown, in Python, on either database.

A word is marked when it folds (case, accents) and stems (Snowball English, as PostgreSQL's
configuration does) to the same form as a word of the query. Doing this here, on the twenty
stories already loaded for the page, costs far less than asking the database to re-parse their
text (ts_headline), and reads the same on both backends.

Only words that could match are stemmed: a stem starts with the first two letters of its word
(folded), so a pattern of those letters, accented or not, finds the candidates at the speed of the
regular-expression engine; every candidate is then checked by stemming it. Stemming every word of
twenty stories was most of the time of a search's Python.
"""
import re
from functools import lru_cache
from itertools import accumulate

import Stemmer
from django.utils.html import escape

from ..rendering import markdown_to_text
from .query import STOPWORDS, fold

_STEMMER = Stemmer.Stemmer("english")
# Letters that unaccent (PostgreSQL) spells out and Unicode decomposition does not.
_SPELL_OUT = str.maketrans({"ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ı": "i"})


def _spelled(text):
    return fold(text).translate(_SPELL_OUT)


# Every Latin letter and how it folds: "é" → "e", "Æ" → "ae", "ß" → "ss".
_LATIN = {ch: _spelled(ch) for ch in map(chr, [*range(0x30, 0x7B), *range(0xC0, 0x250), 0x1E9E])
          if ch.isalnum()}
# Snowball's exceptions to "a stem starts with its word's first two letters": dying → die and kin.
_YING = re.compile(r"[a-z]ie")


@lru_cache(maxsize=200_000)
def word_key(word):
    """The form under which the index stores `word`."""
    return _STEMMER.stemWord(_spelled(word))


def query_keys(parsed):
    """The forms of the query's wanted words (not excluded ones, not stop words)."""
    return frozenset(word_key(w) for group in parsed.groups for term in group if not term.negated
                     for w in term.words() if w not in STOPWORDS)


def _letters(spelled):
    """A character class: every character folding to `spelled` (itself when not a Latin letter)."""
    chars = {ch for ch, f in _LATIN.items() if f == spelled} | ({spelled} if len(spelled) == 1 else set())
    return "[" + "".join(sorted(re.escape(ch) for ch in chars)) + "]"


def _start(prefix):
    """A pattern for a word start folding to `prefix` (one or two letters)."""
    if len(prefix) == 1:
        return _letters(prefix)
    options = [_letters(prefix[0]) + _letters(prefix[1])]
    options += [re.escape(ch) for ch, f in _LATIN.items() if len(f) > 1 and f.startswith(prefix)]  # æ, þ, ß
    return "(?:" + "|".join(options) + ")"


@lru_cache(maxsize=1_000)
def _candidates(keys):
    """The words of a text that may stem to one of `keys` (a frozenset)."""
    starts = {key[:2] for key in keys if key} | {key[0] + "y" for key in keys if _YING.fullmatch(key)}
    if not starts:
        return None
    return re.compile(r"\b(?:" + "|".join(_start(s) for s in sorted(starts)) + r")\w*", re.IGNORECASE)


def _spans(text, keys):
    """(start, end) of every word of `text` that folds and stems to one of `keys`."""
    pattern = _candidates(frozenset(keys))
    if pattern is None:
        return []
    return [(m.start(), m.end()) for m in pattern.finditer(text) if word_key(m.group()) in keys]


def _marked(text, spans):
    out, last = [], 0
    for start, end in spans:
        out += [escape(text[last:start]), "<mark>", escape(text[start:end]), "</mark>"]
        last = end
    out.append(escape(text[last:]))
    return "".join(out)


def headline_html(headline, keys):
    return _marked(headline, _spans(headline, keys))


def snippet_html(text, keys, words=32):
    """About `words` words of `text` around the most matches, matched words marked."""
    text = " ".join(markdown_to_text(text).split())
    if not text:
        return ""
    parts = text.split(" ")
    lengths = list(accumulate(map(len, parts), initial=0))  # word k begins at lengths[k] + k
    spans = _spans(text, keys)
    found = [(text.count(" ", 0, start), word_key(text[start:end])) for start, end in spans]  # (word, key)
    window = min(words, len(parts))
    best, best_score = 0, (0, 0)
    for i, _ in found:  # windows opening a few words before each match
        start = max(0, min(i - 4, len(parts) - window))
        inside = [key for j, key in found if start <= j < start + window]
        score = (len(set(inside)), len(inside))
        if score > best_score:
            best, best_score = start, score
    begin, end = lengths[best] + best, lengths[best + window] + best + window - 1
    marked = [(s - begin, e - begin) for s, e in spans if begin <= s < end]
    return ("… " if begin else "") + _marked(text[begin:end], marked) + (" …" if end < len(text) else "")
