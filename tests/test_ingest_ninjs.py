"""IPTC ninjs 1.x, 2.x and 3.x, field by field against IPTC's own samples."""
import datetime
import json

import pytest

from articles.ingest import ParseError, parse
from tests.conftest import shared_file

UTC = datetime.timezone.utc
CEST = datetime.timezone(datetime.timedelta(hours=2))


def sample(*parts):
    return parse(shared_file("standards", "ninjs", *parts).read_bytes())


@pytest.mark.parametrize("path", [
    ("examples", "1.4", "ninjsExMediumText1.json"),          # 1.x: headline, byline, body_xhtml
    ("doc-examples", "2.2", "005_complex_text_article.json"),  # 2.x: headlines, by, bodies
    ("doc-examples", "3.1", "005_complex_text_article.json"),  # 3.x: camelCase
])
def test_text_article_in_every_major_version(path):
    parsed = sample(*path)
    assert parsed.format == "ninjs"
    assert parsed.source_id == "http://ninjs.example.com/newsitems/20130709med123"
    assert parsed.headline == "Captain of wrecked cruise ship on trial in Italy"
    assert [(b.name, b.role) for b in parsed.bylines] == [("Paulo Santalucia", ""), ("Frances d'Emilio", "")]
    assert parsed.dateline_place == "Grossetto, Italy"  # `located`, as sent
    assert parsed.agencies == ["AP"]  # from the lede's dateline
    assert parsed.sent_at == datetime.datetime(2013, 7, 9, 10, 37, tzinfo=UTC)
    assert parsed.language == "en"
    # The marked-up body wins over the plain one: four paragraphs, the dateline taken off the lede.
    assert [kind for kind, _ in parsed.blocks] == ["p", "p", "p", "p"]
    assert parsed.lede.startswith("The trial of the captain of the shipwrecked Costa Concordia")
    assert parsed.blocks[-1][1].endswith("Schettino has denied wrongdoing.")


def test_dpa_2x_html_body_byline_agency_urgency_version():
    parsed = sample("examples", "2.1", "dpa_text.json")
    assert parsed.source_id == "urn:newsml:dpa.com:20090101:190510-99-167362"
    assert parsed.version == "2"
    assert parsed.headline == "Faktencheck Derby-Elfmeter: Hat Schiedsrichter Zwayer recht?"
    assert [b.name for b in parsed.bylines] == ["Christian Hollmann"]  # "Von Christian Hollmann, dpa"
    assert parsed.agencies == ["dpa"]
    assert parsed.urgency == 4
    assert parsed.language == "de"
    assert parsed.sent_at == datetime.datetime(2019, 5, 10, 16, 2, 28, tzinfo=CEST)
    assert len(parsed.blocks) == 9 and all(kind == "p" for kind, _ in parsed.blocks)
    assert parsed.lede.startswith("Für Lucien Favre war es «der größte Skandal im Fußball seit Jahren».")


def test_ntb_2x_summary_subjects_and_no_body():
    parsed = sample("examples", "2.1", "ntb_text.json")
    assert parsed.headline == "Google har kjøpt giganttomt i Skien"
    assert parsed.standfirst.startswith("IT-giganten Google har kjøpt en tomt")
    assert parsed.tags == ["Innenriks", "Teknologi", "Industri", "Olje og energi"]
    assert parsed.agencies == ["NTB"]
    assert parsed.bylines == []  # "by": "NTB" is the agency, not a person
    assert (parsed.language, parsed.urgency, parsed.version) == ("nb-NO", 5, "6")
    assert parsed.blocks == []  # headline-only items are stored; the desk writes the rest


def test_tt_html5_body_quotes_and_page_furniture_left_out():
    parsed = sample("examples", "2.1", "tt_text_image_2.json")
    assert parsed.headline == "Militärövning i jätteformat hålls 2023"
    assert parsed.agencies == ["TT"]
    assert [kind for kind, _ in parsed.blocks] == ["p", "q", "p", "q"]
    # The <h1> repeating the headline and the "Försvar / TT" label are not copy.
    assert all("Militärövning i jätteformat" not in text and text != "FörsvarTT" for _, text in parsed.blocks)


def test_nitf_body_inside_ninjs_3x():
    parsed = sample("examples", "3.0",
                    "20231008-anti-doping-measures-at-the-tour-down-under-will-be-the-toughest-ever-addb-ninjs-nitf.json")
    assert parsed.headline == "Anti-doping measures at the 'Tour Down Under' will be the toughest ever"
    assert [b.name for b in parsed.bylines] == ["Trond Husø"]
    assert parsed.agencies == ["The Anti-Doping Database"]
    assert parsed.tags == ["Sport", "drug abuse in sport", "Cycling"]
    assert parsed.blocks[0][1].startswith("The Australian Sports Anti-Doping Authority (ASADA) today announced")
    assert not any(text.startswith("<") for _, text in parsed.blocks)


@pytest.mark.parametrize("path, message", [
    (("examples", "2.1", "ap_image.json"), "ninjs: this is a picture item, not a text story"),
    (("examples", "3.0", "collection", "20231016-event-timeline-sample.json"), "ninjs: a collection of 14 items"),
])
def test_items_that_are_not_one_text_story_are_refused(path, message):
    with pytest.raises(ParseError, match=message):
        sample(*path)


@pytest.mark.parametrize("data, message", [
    (b'{"uri": "x", "headline": "A"', "JSON: Expecting ',' delimiter at line 1, column 29"),
    (b"[" * 100_000 + b"]" * 100_000, "JSON: nested too deeply"),
    (b'"just a string"', "ninjs: expected a JSON object"),
    (b'{"uri": "x"}', "ninjs: no headline and no body text found"),
    (b'{"uri": "x", "headline": "A", "versioncreated": "yesterday"}', "ninjs versioncreated: “yesterday” is not"),
])
def test_bad_json_says_what_is_wrong(data, message):
    with pytest.raises(ParseError, match=message):
        parse(data, format="ninjs")


def test_wrong_types_are_ignored_not_trusted():
    item = {"uri": "urn:x", "headline": ["not", "a", "string"], "headlines": [{"value": "Real headline"}],
            "by": 42, "subjects": "nope", "urgency": "high", "bodies": [{"value": "<p>Text.</p>", "contenttype": "text/html"}]}
    parsed = parse(json.dumps(item).encode())
    assert parsed.headline == "Real headline" and parsed.bylines == [] and parsed.tags == []
    assert parsed.urgency is None and parsed.blocks == [("p", "Text.")]


def test_html_body_becomes_paragraphs_subheads_quotes_and_lists():
    body = ("<p>First <b>bold</b> paragraph<br>continued.</p><h2>A subhead</h2><blockquote><p>Quoted.</p></blockquote>"
            "<ul><li>One</li><li>Two<ul><li>Nested</li></ul></li></ul><ol><li>First</li></ol>"
            "<figure><img src=x><figcaption>Caption</figcaption></figure><script>alert(1)</script><p>Last")
    item = {"uri": "urn:y", "headlines": [{"value": "H"}], "bodies": [{"contenttype": "text/html", "value": body}]}
    assert parse(json.dumps(item).encode()).blocks == [
        ("p", "First bold paragraph continued."), ("h", "A subhead"), ("q", "Quoted."),
        ("ul", "One"), ("ul", "Two"), ("ul", "Nested"), ("ol", "First"), ("p", "Last")]
