"""The plain-text dispatch parser, field by field."""
import datetime
from zoneinfo import ZoneInfo

import pytest

from articles.ingest import ParseError, parse
from articles.ingest.base import propose_headline
from tests.conftest import SEED, shared_file


@pytest.fixture
def seed():
    return parse(shared_file(SEED.parent.name, SEED.name).read_bytes())


def test_seed_dateline_time_and_credits(seed):
    assert seed.dateline_place == "Moscow"
    assert seed.dateline_date == datetime.date(2020, 9, 11)
    assert seed.sent_at == datetime.datetime(2020, 9, 9, 18, 2, tzinfo=ZoneInfo("UTC"))
    assert [b.name for b in seed.bylines] == ["Maria PANINA"]
    assert seed.agencies == ["France Media Agency"]


def test_seed_body_has_twenty_paragraphs_and_two_subheads(seed):
    paragraphs = [text for kind, text in seed.blocks if kind == "p"]
    subheads = [text for kind, text in seed.blocks if kind == "h"]
    assert len(paragraphs) == 20
    assert paragraphs[0].startswith("Contested in the streets for more than a month")
    assert subheads == ["American sanctions", "Not an “anti-Russian” struggle"]
    assert not any(t.startswith(("date ", "Posted on")) or t in ("Maria PANINA", "France Media Agency")
                   for _, t in seed.blocks)


def test_seed_keeps_typographic_quotes(seed):
    assert "“integration”" in seed.lede


def test_seed_has_no_headline_so_one_is_proposed(seed):
    assert seed.headline == ""
    proposal = propose_headline(seed.lede)
    assert proposal == "Belarusian President Alexander Lukashenko will be in Russia on Monday"
    assert len(proposal) < 110


@pytest.mark.parametrize("lede, expected", [
    ("The bank raised rates on Tuesday. It said more may come.", "The bank raised rates on Tuesday"),
    ("According to officials, a fire broke out at the plant overnight, killing three workers and injuring a "
     "dozen more who were trapped inside the main building for several hours", "A fire broke out at the plant overnight"),
])
def test_proposed_headline_is_a_clause_under_110_characters(lede, expected):
    assert propose_headline(lede) == expected


def test_times_without_zone_are_read_in_the_ingest_zone():
    text = "date 2021-03-01 (Paris) Lede of the story goes here.\n\nPosted on 01 March 2021 at 09 h 30\n\nJean DUPONT\n\nAFP\n\nSecond paragraph."
    parsed = parse(text.encode(), tz=ZoneInfo("Europe/Paris"))
    assert parsed.sent_at == datetime.datetime(2021, 3, 1, 8, 30, tzinfo=datetime.timezone.utc)
    assert [b.name for b in parsed.bylines] == ["Jean DUPONT"]
    assert parsed.agencies == ["AFP"]


def test_several_names_joined_by_and():
    text = "date 2021-03-01 (Paris) Lede.\n\nPosted on 01 March 2021 at 09 h 30\n\nJean DUPONT and Marie CURIE\n\nAFP\n\nBody."
    assert [b.name for b in parse(text.encode()).bylines] == ["Jean DUPONT", "Marie CURIE"]


@pytest.mark.parametrize("data, message", [
    (b"", "empty file"),
    (b"   \n\n", "empty file"),
    (b"\x00\x01\x02binary\x00", "binary data"),
    (b"caf\x81\x8d", "not valid UTF-8, UTF-16 or Windows-1252"),
    (b"Just a line with no dateline.\n\nAnother.", "line 1: no dateline found"),
    (b"date 2021-02-30 (Paris) Lede.", "not a real date"),
])
def test_bad_input_raises_parse_error_naming_the_problem(data, message):
    with pytest.raises(ParseError, match=message):
        parse(data)
