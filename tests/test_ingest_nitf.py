"""NITF, field by field against IPTC's samples, and errors a person can act on."""
import datetime

import pytest

from articles.ingest import ParseError, parse
from tests.conftest import shared_file

UTC = datetime.timezone.utc
EST = datetime.timezone(datetime.timedelta(hours=-5))


def sample(name, **kwargs):
    return parse(shared_file("standards", "nitf", "samples", name).read_bytes(), **kwargs)


def test_fishing_sample_every_field():
    parsed = sample("iptc-nitf-fishing-3.5.xml")
    assert parsed.format == "nitf"
    assert parsed.headline == "Weather and Tide Updates for Norfolk"
    assert parsed.standfirst == "Superb weather in Norfolk today. Tides coming in and out as per usual."  # <abstract>
    assert [(b.name, b.role) for b in parsed.bylines] == [("Alan Karben", "")]  # <person>, not the <byttl>
    assert parsed.agencies == ["XML Team Solutions, Inc."]  # <distributor>
    assert parsed.dateline_place == "Newport News, VA"
    assert parsed.source_id == "iptc.321656141.b"  # <doc-id id-string>
    assert parsed.version == "1"  # <du-key version>
    assert parsed.urgency == 3
    assert parsed.sent_at == datetime.datetime(2002, 2, 25, 14, 30, tzinfo=EST)  # <date.issue>
    assert parsed.embargo_until == datetime.datetime(2002, 2, 26, 9, 30, tzinfo=EST)  # <date.release>
    assert parsed.tags == ["fishing", "lures", "tides", "Weather", "Statistics", "Fishing Industry"]
    kinds = [kind for kind, _ in parsed.blocks]
    assert kinds.count("h") == 2 and kinds.count("ul") == 3
    assert ("h", "The Tides are High") in parsed.blocks and ("h", "Local Nooks") in parsed.blocks
    assert parsed.lede.startswith("The weather was superb today in Norfolk, Virginia.")
    assert parsed.lede.endswith("manufactured by the Acme Boat Company.")  # inline <org> kept as text
    tides = next(rows for kind, rows in parsed.blocks if kind == "table")  # the tide table, as a table
    assert tides[0] == ["", "today", "", "tide", "", "tomorrow", "", "next day", "", "third day", ""]  # colspan="2"
    assert tides[2] == ["Sunset", "30", "14", "09:23", "18:51", "28", "11", "31", "12", "33", "9"]
    assert len(tides) == 5 and all(len(row) == 11 for row in tides)
    assert parsed.blocks[-1] == ("p", "Happy fishing everybody!")
    assert not any("tides, captured on film" in text for _, text in parsed.blocks)  # media captions are not copy


def test_36_sample_with_foreign_namespaces_and_inline_dateline():
    parsed = sample("iptc-nitf-example-3.6.xml")
    assert parsed.headline == "Astronauts take spacewalk No. 3 after suit snag"
    assert [b.name for b in parsed.bylines] == ["Alan Karben"]  # "By Alan Karben, <byttl>EP Aerospace Writer</byttl>."
    assert parsed.agencies == ["The Example Press"]
    assert parsed.dateline_place == "Cape Canaveral, Fla."
    assert parsed.sent_at == datetime.datetime(2009, 11, 23, 11, 44, 28, tzinfo=UTC)
    # "CAPE CANAVERAL, Fla. (EP) — " is the dateline: the page prints its own, so the lede loses it.
    assert parsed.lede.startswith("A pair of astronauts stepped out on the third and final spacewalk")
    assert parsed.blocks[1][1].startswith("Dr. Amy Sweigert Jr. and Vinnie Tripodi — the father")
    assert parsed.blocks[-1] == ("p", "A Bold Statement.")  # xhtml:b loose in the block is still copy
    assert len(parsed.blocks) == 11


def test_ntb_sample_without_namespace_zone_from_the_ingest_setting():
    from zoneinfo import ZoneInfo

    parsed = sample("ntb-nitf-sample.xml", tz=ZoneInfo("Europe/Oslo"))
    assert parsed.headline == "Pandemien herjer på den legeløse indiske landsbygda"
    assert parsed.agencies == ["NTB", "AFP", "DPA"]  # byline "NTB-AFP-DPA" and distributor NTB
    assert parsed.bylines == []
    assert parsed.dateline_place == "Unnao"
    assert parsed.language == "nb-NO"
    assert parsed.source_id == "NTB5df9281a-a270-4dc5-a618-869bbc3bbca7_00"
    assert parsed.sent_at == datetime.datetime(2021, 5, 16, 7, 0, 4, tzinfo=UTC)  # 09:00:04 in Oslo
    assert [text for kind, text in parsed.blocks if kind == "h"] == [
        "- Det skjulte India", "Myndighetene patruljerer langs elvebredden", "Ingen fagfolk", "Amatørleger uten utstyr"]
    assert parsed.blocks[1][1].startswith("– Det er så mye fattigdom")  # &#8211; decoded
    assert parsed.blocks[-1] == ("p", "(©NTB)")


@pytest.mark.parametrize("xml, message", [
    ("<nitf><body><body.head><hedline><hl1>Head</body></nitf>", "XML: unclosed tag hl1 at line 1"),
    ("<nitf>\n<body>\n<body.head>\n<hedline><hl1>Head", "XML: unclosed tag hl1 at line 4"),
    ("<nitf><body><p>caf&eacute;</p></body></nitf>", "XML: undefined entity &eacute; at line 1"),
    ("<nitf><body a='1 b='2'/></nitf>", "XML: not well-formed"),
    ("<nitf></nitf><nitf/>", "XML: text after the end of the document at line 1"),
    ("<nitf><head/></nitf>", "nitf: no headline and no body text found"),
    ("<nitf><head><docdata><date.issue norm='soon'/></docdata></head></nitf>", "NITF date.issue: “soon” is not"),
])
def test_broken_nitf_is_named_precisely(xml, message):
    with pytest.raises(ParseError, match=message):
        parse(xml.encode())


def test_forcing_nitf_on_another_document_says_so():
    with pytest.raises(ParseError, match=r"NITF: the root element is <newsItem>, not <nitf>"):
        parse(b"<newsItem guid='x'/>", format="nitf")
