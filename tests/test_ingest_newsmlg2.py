"""NewsML-G2 newsItem text stories, field by field against IPTC's samples."""
import datetime

import pytest

from articles.ingest import ParseError, parse
from tests.conftest import shared_file

UTC = datetime.timezone.utc
EST = datetime.timezone(datetime.timedelta(hours=-5))
EDT = datetime.timezone(datetime.timedelta(hours=-4))
CEST = datetime.timezone(datetime.timedelta(hours=2))


def sample(*parts):
    return parse(shared_file("standards", "newsml-g2", *parts).read_bytes())


def test_text_document_with_nitf_body():
    parsed = sample("examples", "LISTING_2_NewsML-G2_Text_Document.xml")
    assert parsed.format == "newsmlg2"
    assert parsed.source_id == "urn:newsml:acmenews.com:20161121:US-FINANCE-FED"
    assert parsed.version == "11"
    assert parsed.headline == 'Fed to halt QE to avert "bubble"'  # the envelope's, stripped
    assert [b.name for b in parsed.bylines] == ["Meredith Jameson"]  # <creator> and the NITF byline: once
    assert parsed.agencies == ["Associated Press"]  # <infoSource>
    assert parsed.dateline_place == "New York, NY"  # <located>
    assert parsed.language == "en-US"
    assert parsed.sent_at == datetime.datetime(2018, 11, 21, 16, 25, 32, tzinfo=EST)
    assert parsed.tags == ["economy, business and finance", "central bank", "money and monetary policy"]
    assert len(parsed.blocks) == 2 and parsed.lede.startswith("(New York, NY - October 21) Et, sent luptat")


def test_news_item_with_embargo_provider_and_no_body_yet():
    parsed = sample("examples", "LISTING_1_A_NewsML-G2_News_Item.xml")
    assert parsed.embargo_until == datetime.datetime(2018, 10, 23, 12, 0, tzinfo=UTC)
    assert parsed.sent_at == datetime.datetime(2018, 10, 21, 16, 25, 32, tzinfo=EST)
    assert parsed.agencies == ["REUTERS"]  # provider nprov:REUTERS (resolves to Reuters when stored)
    assert parsed.dateline_place == "Berlin"
    assert parsed.language == "en-GB"
    assert parsed.tags == ["economy, business and finance", "labour market"]
    assert parsed.blocks == []


def test_sports_story_summary_and_organisation_creator():
    parsed = sample("examples", "LISTING_22_Sports_story_in_NewsML-G2NITF.xml")
    assert parsed.headline == "Preview: Arizona Diamondbacks (29-23) at Philadelphia Phillies (26-24), 7:05 p.m."
    assert parsed.standfirst.startswith("A pair of teams coming off big weekend sweeps will square off tonight")
    assert parsed.agencies == ["The Sports Network"]
    assert parsed.bylines == []
    assert parsed.sent_at == datetime.datetime(2018, 10, 19, 11, 45, tzinfo=EDT)
    assert parsed.tags == ["sport", "Baseball", "Major League Baseball"]  # people and teams are not topics
    assert len(parsed.blocks) == 6
    assert parsed.lede.startswith("A pair of teams")  # "(Sports Network) - " taken off


def test_tt_news_message_picks_the_text_item_and_its_html():
    parsed = sample("examples", "TT_newsmlg2_sample.xml")
    assert parsed.source_id == "http://tt.se/media/text/210919-janguillou-879f202b"
    assert parsed.headline == 'Jan Guillou skriver på ny "Hamilton"-bok'
    assert parsed.agencies == ["TT"]
    assert (parsed.urgency, parsed.language) == (3, "sv")
    assert parsed.sent_at == datetime.datetime(2021, 9, 19, 20, 57, 43, tzinfo=CEST)
    assert parsed.tags == ["Litteratur", "Konst, kultur och nöje"]
    assert [kind for kind, _ in parsed.blocks] == ["p", "q", "p", "q", "p"]
    assert parsed.lede.endswith("skriver Aftonbladet.")
    assert not any("Arkivbild" in text for _, text in parsed.blocks)  # the figure caption is not copy


@pytest.mark.parametrize("name, message", [
    ("LISTING_3_Photo_in_NewsML-G2.xml", r"NewsML-G2: no text story in the file \(item classes: ninat:picture\)"),
    ("ap_metadata_example.xml", r"item classes: ninat:video"),
])
def test_items_without_text_are_refused(name, message):
    with pytest.raises(ParseError, match=message):
        sample("examples", name)


def test_inline_plain_text_body():
    xml = ('<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:t:1" version="2">'
           '<itemMeta><itemClass qcode="ninat:text"/><versionCreated>2024-09-11T08:00:00Z</versionCreated></itemMeta>'
           '<contentMeta><headline>Ferry resumes</headline><creator><name>Ola NORDMANN</name></creator>'
           '<keyword>ferries</keyword><urgency>9</urgency></contentMeta>'
           '<contentSet><inlineData contenttype="text/plain">BERGEN, Sept. 11 (NTB) - The ferry ran again.\n\n'
           'Passengers cheered.</inlineData></contentSet></newsItem>')
    parsed = parse(xml.encode())
    assert parsed.blocks == [("p", "The ferry ran again."), ("p", "Passengers cheered.")]
    assert (parsed.dateline_place, parsed.dateline_date, parsed.agencies) == ("Bergen", datetime.date(2024, 9, 11), ["NTB"])
    assert [b.name for b in parsed.bylines] == ["Ola NORDMANN"]
    assert parsed.tags == ["ferries"] and parsed.urgency == 8 and parsed.version == "2"
