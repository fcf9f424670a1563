"""Highlighting for the page shown: the same stems and accent folding as the index."""
from hypothesis import given, settings
from hypothesis import strategies as st

from articles.search.highlight import headline_html, query_keys, snippet_html
from articles.search.query import parse


def keys(text):
    return query_keys(parse(text))


def test_stems_accents_and_capitals_are_marked():
    html = headline_html("Shipping firms sail to MONTRÉAL", keys("ships montreal"))
    assert html == "<mark>Shipping</mark> firms sail to <mark>MONTRÉAL</mark>"


def test_excluded_and_stop_words_are_not_marked():
    assert headline_html("The oil and the gas", keys('oil -gas "the"')) == "The <mark>oil</mark> and the gas"


def test_snippet_is_the_passage_with_the_matches_and_is_escaped():
    body = "## Background\n\n" + "Filler words go here. " * 30 + "Then <the> tram & the depot opened. " + "More text. " * 30
    html = snippet_html(body, keys("tram depot"), words=12)
    assert html.startswith("… ") and html.endswith(" …")
    assert "<mark>tram</mark> &amp; the <mark>depot</mark>" in html and "&lt;the&gt;" in html
    assert "##" not in snippet_html(body, keys("background"))


def test_snippet_without_matches_is_the_start():
    assert snippet_html("First words of the story.", keys("absent")) == "First words of the story."


# Words chosen to hit the pattern's edge cases: accents and ligatures on the first two letters,
# Snowball's exceptions (dying → die), capitals, digits, non-Latin scripts, stems shorter than words.
_WORDS = ["École", "ecole", "ÉCOLES", "Øvergaard", "overgaard", "Æsir", "aesir", "Þór", "thor", "œuvre", "oeuvres",
          "Straße", "strasse", "dying", "die", "lying", "lies", "vying", "ties", "tying", "skies", "sky", "news",
          "Montréal", "montreal", "1987", "1987s", "Москва", "москва", "Ελλάδα", "İstanbul", "istanbul", "Łódź",
          "lodz", "generously", "generous", "coffee", "coffees", "Coffee's", "co-op", "U.S.", "x", "ß"]


def _every_word(text, keys):
    """The plain way: stem every word."""
    import re

    from articles.search.highlight import word_key
    return [(m.start(), m.end()) for m in re.finditer(r"\w+", text) if word_key(m.group()) in keys]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=12),
       st.lists(st.sampled_from(_WORDS + [" ", ", ", "-", "(", ") ", "\n\n"]), min_size=1, max_size=40))
def test_marking_finds_exactly_the_words_that_stem_alike(query_words, text_pieces):
    """Only words that could match are stemmed; that shortcut must mark what stemming every word would."""
    from articles.search.highlight import _spans

    text = " ".join(text_pieces)
    found = keys(" ".join(query_words))
    assert _spans(text, found) == _every_word(text, found)
