"""Highlighting for the page shown: the same stems and accent folding as the index."""
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
