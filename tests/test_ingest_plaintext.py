"""The plain-text dispatch parser, field by field."""
import codecs
import datetime
from pathlib import Path
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


# --- the other plain-text forms (fixtures written for this project) ----------------------------
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"
UTC = datetime.timezone.utc
SEPT_11_2024 = datetime.datetime(2024, 9, 11, 16, 0, tzinfo=UTC)


def fixture(name, **kwargs):
    return parse((FIXTURES / name).read_bytes(), now=SEPT_11_2024, **kwargs)


def test_reuters_form_headline_dateline_byline_embargo_and_signoff():
    parsed = fixture("reuters_style.txt")
    assert parsed.format == "text"
    assert parsed.headline == "Harbour cranes idle as dockers strike for a second day"
    assert parsed.dateline_place == "Gothenburg"
    assert parsed.dateline_date == datetime.date(2024, 9, 11)
    assert parsed.agencies == ["Reuters"]
    assert parsed.embargo_until == datetime.datetime(2024, 9, 12, 0, 1, tzinfo=UTC)
    # The By line, then the sign-off in its order; a person in both is credited once, with the role.
    assert [(b.name, b.role) for b in parsed.bylines] == [
        ("Jonas LINDQVIST", "reporting"), ("Ana de la CRUZ", ""),
        ("Piet van der BERG", "additional reporting"), ("Kate McDONALD", "editing"),
    ]
    assert parsed.blocks == [
        ("p", "Container ships queued outside the port on Wednesday as a strike by dock workers entered its "
              "second day, with no talks scheduled."),
        ("p", "\"We will stay out until the employers return to the table,\" a union spokeswoman told "
              "reporters at the gates."),
        ("h", "Ships diverted"),
        ("p", "Several shipping lines said they had diverted vessels to Aarhus and Rotterdam."),
    ]
    assert not any("Reporting by" in text or "GOTHENBURG" in text for _, text in parsed.blocks)


def test_ap_form_with_em_dash_by_line_and_bullets():
    parsed = fixture("ap_style.txt")
    assert parsed.headline == "Lighthouse keeper hands over the keys after 40 years"
    assert parsed.dateline_place == "Portland, Maine"
    assert parsed.dateline_date is None  # AP datelines carry no date
    assert parsed.agencies == ["Associated Press"]
    assert [(b.name, b.role) for b in parsed.bylines] == [("MARTHA O'NEILL", "")]
    assert parsed.lede.startswith("The last keeper of the Spring Point light")
    assert parsed.blocks[-2:] == [("ul", "The light was automated in 1934."),
                                  ("ul", "The keeper's cottage becomes a museum.")]


def test_seed_form_written_for_the_project():
    parsed = fixture("seed_style.txt", tz=ZoneInfo("Europe/Oslo"))
    assert (parsed.dateline_place, parsed.dateline_date) == ("Tromsø", datetime.date(2024, 3, 2))
    assert parsed.sent_at == datetime.datetime(2024, 3, 2, 10, 40, tzinfo=UTC)
    assert [b.name for b in parsed.bylines] == ["Sara NORDLI"]
    assert parsed.agencies == ["Norsk Telegrambyrå News Agency"]
    assert [kind for kind, _ in parsed.blocks] == ["p", "p", "h", "p"]


@pytest.mark.parametrize("dash", ["—", "–", "-", "--"])
def test_ap_dateline_takes_every_dash(dash):
    parsed = parse(f"Headline here\n\nCAIRO (AP) {dash} The river rose again on Monday.\n\nMore.".encode(),
                   now=SEPT_11_2024)
    assert (parsed.dateline_place, parsed.agencies) == ("Cairo", ["AP"])
    assert parsed.lede == "The river rose again on Monday."


@pytest.mark.parametrize("month", ["Sept.", "Sept", "September", "SEPT", "Sep"])
def test_every_spelling_of_the_month(month):
    parsed = parse(f"Headline\n\nLIMA, {month} 3 (Reuters) - Copper rose.".encode(), now=SEPT_11_2024)
    assert parsed.dateline_date == datetime.date(2024, 9, 3)
    assert parsed.agencies == ["Reuters"]


@pytest.mark.parametrize("posted, dateline, expected", [
    ("Posted on 02 January 2021 at 09 h 00", "Dec. 31", datetime.date(2020, 12, 31)),  # last year's
    ("Posted on 31 December 2020 at 22 h 00", "Jan. 1", datetime.date(2021, 1, 1)),    # just ahead (zones)
    ("Posted on 09 September 2020 at 18 h 02", "Sept. 11", datetime.date(2020, 9, 11)),
    ("Posted on 10 March 2021 at 08 h 00", "Feb. 29", datetime.date(2020, 2, 29)),     # the last leap day
    ("Posted on 10 March 2021 at 08 h 00", "Aug. 3", datetime.date(2020, 8, 3)),
])
def test_dateline_year_is_the_one_nearest_before_the_dispatch_time(posted, dateline, expected):
    parsed = parse(f"Headline\n\n{posted}\n\nQUITO, {dateline} (EFE) - Lede.".encode())
    assert parsed.dateline_date == expected


def test_year_comes_from_the_ingest_time_when_the_copy_has_none():
    parsed = parse(b"Headline\n\nQUITO, Dec. 30 (EFE) - Lede.",
                   now=datetime.datetime(2025, 1, 2, 8, 0, tzinfo=UTC))
    assert parsed.dateline_date == datetime.date(2024, 12, 30)


@pytest.mark.parametrize("line, expected", [
    ("EMBARGOED UNTIL 0001 GMT, Sept. 12, 2024", datetime.datetime(2024, 9, 12, 0, 1, tzinfo=UTC)),
    ("Embargoed until 12:00 CET 13 September 2024", datetime.datetime(2024, 9, 13, 11, 0, tzinfo=UTC)),
    ("EMBARGOED UNTIL 10 a.m. ET Thursday, Sept. 12", datetime.datetime(2024, 9, 12, 14, 0, tzinfo=UTC)),
    ("EMBARGOED UNTIL 2024-09-12T06:00:00+02:00", datetime.datetime(2024, 9, 12, 4, 0, tzinfo=UTC)),
    ("EMBARGO: 18.30 BST Sept 11", datetime.datetime(2024, 9, 11, 17, 30, tzinfo=UTC)),
    ("EMBARGOED UNTIL 2300 GMT", datetime.datetime(2024, 9, 11, 23, 0, tzinfo=UTC)),  # next such time
])
def test_embargo_lines(line, expected):
    parsed = parse(f"Headline\n\n{line}\n\nBERN, Sept. 11 (SDA) - Lede.".encode(), now=SEPT_11_2024)
    assert parsed.embargo_until == expected


def test_unreadable_embargo_is_refused_not_ignored():
    with pytest.raises(ParseError, match=r"line 3: cannot read the embargo time"):
        parse(b"Headline\n\nEMBARGOED UNTIL further notice\n\nBERN, Sept. 11 (SDA) - Lede.", now=SEPT_11_2024)


@pytest.mark.parametrize("byline, names, agencies", [
    ("By JOHN SMITH Associated Press", ["JOHN SMITH"], ["Associated Press"]),
    ("By Jane Doe, AP Science Writer", ["Jane Doe"], ["AP"]),
    ("By A. Ortega and Li WEI, Reuters", ["A. Ortega", "Li WEI"], ["Reuters"]),
    ("By Maria PANINA Agence France-Presse", ["Maria PANINA"], ["Agence France-Presse"]),
    ("By Tom Baker and Jo Ames The Associated Press", ["Tom Baker", "Jo Ames"], ["The Associated Press"]),
    ("By Jack White, Reuters White House Correspondent", ["Jack White"], ["Reuters"]),
    ("By Mary Chief and Al House, Staff Writers", ["Mary Chief", "Al House"], ["ANSA"]),
])
def test_by_lines(byline, names, agencies):
    parsed = parse(f"Headline\n\n{byline}\n\nROME (ANSA) — Lede.".encode(), now=SEPT_11_2024)
    assert [b.name for b in parsed.bylines] == names
    assert parsed.agencies == agencies  # the dateline's agency only when no other is named


def test_signoff_roles_in_order_and_removed_from_body():
    text = ("Headline\n\nLAGOS, Sept. 10 (Reuters) - Lede.\n\nSecond paragraph, the last of the copy. "
            "(Writing by Ada Eze; Editing by Bo Li and Cy Wu; Graphics by Di Fo)")
    parsed = parse(text.encode(), now=SEPT_11_2024)
    assert [(b.name, b.role) for b in parsed.bylines] == [
        ("Ada Eze", "writing"), ("Bo Li", "editing"), ("Cy Wu", "editing")]
    # A credit we have no role for stays in the copy rather than being dropped.
    assert parsed.blocks[-1] == ("p", "Second paragraph, the last of the copy. (Graphics by Di Fo)")


def test_several_forms_mixed_in_one_header():
    text = ("Posted on 11 September 2024 at 09 h 15\n\nFloods close two mountain passes\n\n"
            "Heavy rain cut roads across the region.\n\nEMBARGOED UNTIL 1200 GMT\n\nBy Lena FISCHER, dpa\n\n"
            "HANOVER, Sept. 11 (dpa) – Two passes were closed on Wednesday.\n\n(Editing by Tom Baker)")
    parsed = parse(text.encode())
    assert parsed.headline == "Floods close two mountain passes"
    assert parsed.standfirst == "Heavy rain cut roads across the region."
    assert parsed.sent_at == datetime.datetime(2024, 9, 11, 9, 15, tzinfo=UTC)
    assert parsed.embargo_until == datetime.datetime(2024, 9, 11, 12, 0, tzinfo=UTC)
    assert [(b.name, b.role) for b in parsed.bylines] == [("Lena FISCHER", ""), ("Tom Baker", "editing")]
    assert parsed.agencies == ["dpa"]
    assert parsed.blocks == [("p", "Two passes were closed on Wednesday.")]


def test_hard_wrapped_and_indented_paragraphs():
    text = ("HEADLINE IN CAPITALS\n\nTORONTO, March 26 (Reuters) - The first paragraph runs over two\n"
            "lines of wire copy without a blank line.\n    The second opens with an indent and also\n"
            "wraps onto a second line.\n")
    parsed = parse(text.encode(), now=SEPT_11_2024)
    assert [text for _, text in parsed.blocks] == [
        "The first paragraph runs over two lines of wire copy without a blank line.",
        "The second opens with an indent and also wraps onto a second line."]


def test_a_line_of_text_where_the_lede_should_be_is_named():
    with pytest.raises(ParseError, match=r"^line 3: no dateline found"):
        parse(b"A headline\n\nThe lede, without any dateline.\n\nMore.")


# --- encodings: never mojibake, never U+FFFD --------------------------------------------------
STORY = "Headline: “Café” talks\n\nZÜRICH, Sept. 10 (SDA) – Négociations à Zürich, says Ms O’Brien.\n"


@pytest.mark.parametrize("data", [
    STORY.encode("utf-8"),
    codecs.BOM_UTF8 + STORY.encode("utf-8"),
    codecs.BOM_UTF16_LE + STORY.encode("utf-16-le"),
    codecs.BOM_UTF16_BE + STORY.encode("utf-16-be"),
    STORY.encode("cp1252"),
], ids=["utf-8", "utf-8-bom", "utf-16-le", "utf-16-be", "cp1252"])
def test_every_encoding_reads_the_same_text(data):
    parsed = parse(data, now=SEPT_11_2024)
    assert parsed.headline == "Headline: “Café” talks"
    assert parsed.dateline_place == "Zürich"
    assert parsed.lede == "Négociations à Zürich, says Ms O’Brien."
    assert "\ufffd" not in parsed.raw_text and "Ã" not in parsed.raw_text and "\ufeff" not in parsed.raw_text


def test_latin1_bytes_read_as_windows_1252():
    parsed = parse("Titre\n\nGENÈVE, Sept. 10 (ATS) - Déjà vu.".encode("latin-1"), now=SEPT_11_2024)
    assert parsed.dateline_place == "Genève" and parsed.lede == "Déjà vu."


@pytest.mark.parametrize("dateline, place", [
    ("COLUMBIA, MD. MARCH 3 (Reuters) -", "Columbia, MD."),  # no comma before the date
    ("ATLANTA , MARCH 3 (Reuters) -", "Atlanta"),            # a space before the comma
    ("LAKE SUCCESS, N.Y. MARCH 3 (Reuters) -", "Lake Success, N.Y."),
    ("CHEVY CHASE, MD., - MARCH 3 (Reuters) -", "Chevy Chase, MD."),
    ("****LONDON, MARCH 3 (Reuters) -", "London"),
])
def test_wire_datelines_as_typed_in_a_hurry(dateline, place):
    # Forms met in real 1987 Reuters copy.
    parsed = parse(f"Headline\n\n{dateline} Lede.".encode(), now=datetime.datetime(1987, 3, 5, tzinfo=UTC))
    assert (parsed.dateline_place, parsed.dateline_date) == (place, datetime.date(1987, 3, 3))
