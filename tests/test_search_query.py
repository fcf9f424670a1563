"""The search box's language, parsed once for both databases."""
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from articles.search.query import STOPWORDS, parse


@pytest.mark.parametrize("text, websearch, fts5", [
    ("oil gas", "oil gas", '("oil" AND "gas")'),
    ("oil OR gas", "oil or gas", '("oil") OR ("gas")'),
    ("oil or gas", "oil or gas", '("oil") OR ("gas")'),
    ('"bank of england" rates', '"bank of england" rates', '("bank of england" AND "rates")'),
    ('oil -"crude oil"', 'oil -"crude oil"', '("oil") NOT "crude oil"'),
    ('"unclosed phrase', '"unclosed phrase"', '("unclosed phrase")'),
    ("OR oil OR", "oil", '("oil")'),
    ("the oil", "oil", '("oil")'),  # stop words are ignored outside phrases, as PostgreSQL does
    ("x OR -y", "x", '("x")'),  # an OR branch of exclusions only is dropped on both databases
    ("(oil & gas) | !x <-> y:*", "oil gas x y", '("oil" AND "gas" AND "x" AND "y")'),
    ("NEAR(a b) col:x ^c", '"NEAR a" b "col x" c', '("NEAR a" AND "b" AND "col x" AND "c")'),
])
def test_queries_render_to_the_same_tree_for_both_databases(text, websearch, fts5):
    parsed = parse(text)
    assert parsed.websearch() == websearch
    assert parsed.fts5() == fts5


@pytest.mark.parametrize("text", ["", "   ", "the of and", '""', "!!!", "it's", "-", "OR"])
def test_nothing_searchable_means_list_the_newest(text):
    assert not parse(text)


def test_only_exclusions_is_its_own_case():
    parsed = parse("-oil -gas")
    assert parsed and parsed.only_exclusions and parsed.fts5() == '"oil" OR "gas"'


def test_stop_words_are_postgresqls():
    files = sorted(Path("/usr/share/postgresql").glob("*/tsearch_data/english.stop"))
    if not files:
        pytest.skip("PostgreSQL's stop word file is not installed here")
    assert STOPWORDS == set(files[-1].read_text().split())


@pytest.fixture(scope="module")
def fts5():
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(a, b, tokenize='porter unicode61 remove_diacritics 2')")
    db.execute("INSERT INTO t VALUES ('Montréal ferry', 'shipping news')")
    return db


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(list('ab "-()*:^|&!\'éñ\\\x00.,') + ["OR", "AND", "NOT", "NEAR", " or "]),
                max_size=20).map("".join) | st.text(max_size=40))
def test_any_input_gives_a_valid_fts5_expression(fts5, text):
    parsed = parse(text)
    if parsed:
        fts5.execute("SELECT rowid FROM t WHERE t MATCH ?", [parsed.fts5()]).fetchall()
        assert "\x00" not in parsed.websearch()
