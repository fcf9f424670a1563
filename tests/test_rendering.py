import datetime

import pytest

from articles.names import name_key, normalise_person_name
from articles.rendering import blocks_to_markdown, format_dateline, render_body


def test_body_markdown_is_sanitised():
    html = render_body('Hi <script>alert(1)</script> [x](javascript:alert(1)) [y](https://e.org)\n\n# Big\n\n## Sub')
    assert "<script>" not in html and "javascript:" not in html
    assert '<a href="https://e.org" rel="noopener noreferrer">y</a>' in html
    assert "<h2>Big</h2>" in html and "<h2>Sub</h2>" in html  # the page's only h1 is the headline


def test_wire_text_is_literal_in_markdown():
    body = blocks_to_markdown([("p", "1987. Shares of <BLDS.ST> rose *sharply* _today_ [sic]"), ("h", "Outlook"),
                               ("p", "- not a list")])
    html = render_body(body)
    assert "<p>1987. Shares of &lt;BLDS.ST&gt; rose *sharply* _today_ [sic]</p>" in html
    assert "<h2>Outlook</h2>" in html and "<p>- not a list</p>" in html


@pytest.mark.parametrize("month, text", [(9, "Sept. 11"), (3, "March 11"), (1, "Jan. 11"), (6, "June 11")])
def test_dateline_uses_ap_month_style(month, text):
    assert format_dateline("Moscow", datetime.date(2020, month, 11), ["AFP"]) == f"MOSCOW, {text} (AFP) —"


@pytest.mark.parametrize("raw, shown", [
    ("Maria PANINA", "Maria Panina"), ("Ronald McDONALD", "Ronald McDonald"), ("Charles DE GAULLE", "Charles de Gaulle"),
    ("Ludwig VAN BEETHOVEN", "Ludwig van Beethoven"), ("Conor O'BRIEN", "Conor O'Brien"),
    ("Jean-Pierre RAFFARIN", "Jean-Pierre Raffarin"), ("Vincent van Gogh", "Vincent van Gogh"),
])
def test_wire_capitals_in_names_are_normalised(raw, shown):
    assert normalise_person_name(raw) == shown


def test_name_key_ignores_case_accents_and_punctuation():
    assert name_key("Agence France-Presse") == name_key("AGENCE FRANCE PRESSE")
    assert name_key("Tikhanovskaïa") == name_key("tikhanovskaia")


def test_blocks_of_every_kind_become_markdown_structures():
    body = blocks_to_markdown([("p", "Lede."), ("h", "Sub"), ("q", "A quote."), ("ul", "one"), ("ul", "two"),
                               ("p", "Then:"), ("ol", "first"), ("ol", "second"), ("p", "End.")])
    assert body == "Lede.\n\n## Sub\n\n> A quote.\n\n- one\n- two\n\nThen:\n\n1. first\n1. second\n\nEnd."
    html = render_body(body)
    assert "<blockquote>\n<p>A quote.</p>\n</blockquote>" in html
    assert "<ul>\n<li>one</li>\n<li>two</li>\n</ul>" in html and "<ol>\n<li>first</li>\n<li>second</li>\n</ol>" in html
