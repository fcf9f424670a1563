"""Highlighted headlines and snippets for the page shown, in Python, on either database.

A word is marked when it folds (case, accents) and stems (Snowball English, as PostgreSQL's
configuration does) to the same form as a word of the query. Doing this here, on the twenty
stories already loaded for the page, costs far less than asking the database to re-parse their
text (ts_headline), and reads the same on both backends.
"""
import re
from functools import lru_cache

import Stemmer
from django.utils.html import escape

from ..rendering import markdown_to_text
from .query import STOPWORDS, fold

_STEMMER = Stemmer.Stemmer("english")
_WORD = re.compile(r"\w+")
# Markdown that would read as noise in a snippet: heading and quote markers, emphasis, code ticks.
# Letters that unaccent (PostgreSQL) spells out and Unicode decomposition does not.
_SPELL_OUT = str.maketrans({"ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ı": "i"})


@lru_cache(maxsize=200_000)
def word_key(word):
    """The form under which the index stores `word`."""
    return _STEMMER.stemWord(fold(word).translate(_SPELL_OUT))


def query_keys(parsed):
    """The forms of the query's wanted words (not excluded ones, not stop words)."""
    return {word_key(w) for group in parsed.groups for term in group if not term.negated
            for w in term.words() if w not in STOPWORDS}


def _spans(text, keys):
    return [(m.start(), m.end()) for m in _WORD.finditer(text) if word_key(m.group()) in keys]


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
    tokens = list(_WORD.finditer(text))
    if not tokens:
        return ""
    found = {i: word_key(m.group()) for i, m in enumerate(tokens)}
    found = {i: key for i, key in found.items() if key in keys}
    window = min(words, len(tokens))
    best, best_score = 0, (0, 0)
    for i in found:  # windows opening a few words before each match
        start = max(0, min(i - 4, len(tokens) - window))
        inside = [found[j] for j in found if start <= j < start + window]
        score = (len(set(inside)), len(inside))
        if score > best_score:
            best, best_score = start, score
    begin = 0 if best == 0 else tokens[best].start()
    end = len(text) if best + window == len(tokens) else tokens[best + window - 1].end()
    spans = [(tokens[i].start() - begin, tokens[i].end() - begin) for i in sorted(found) if best <= i < best + window]
    return ("… " if begin else "") + _marked(text[begin:end], spans) + (" …" if end < len(text) else "")
