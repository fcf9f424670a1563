"""Every parser, fed random and mutated input, either parses or raises ParseError with a message:
never another exception. (One shared check, run against every format.)"""
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.ingest import PARSERS, ParsedDispatch, ParseError, parse
from articles.rendering import blocks_to_markdown, render_body
from tests.conftest import SHARED

FORMATS = [None, *sorted(PARSERS)]  # None: detected from the content
FIXTURES = __import__("pathlib").Path(__file__).resolve().parent / "fixtures" / "ingest"

OWN_SEEDS = [path.read_bytes() for path in sorted(FIXTURES.glob("*.txt"))] + [
    json.dumps({"uri": "urn:a", "version": "3", "versioncreated": "2024-09-11T10:00:00Z", "urgency": 2,
                "headlines": [{"role": "main", "value": "Port reopens"}], "by": "Ana GOMEZ, EFE",
                "located": "Valencia", "subjects": [{"name": "Shipping"}], "embargoed": "2024-09-12T00:00:00Z",
                "bodies": [{"contenttype": "text/html",
                            "value": "<p>VALENCIA, Sept. 11 (EFE) - The port reopened.</p><h2>Sub</h2><ul><li>A</li></ul>"}]}
               ).encode(),
    ('<?xml version="1.0"?><nitf><head><docdata><doc-id id-string="x1"/><urgency ed-urg="2"/>'
     '<date.issue norm="20240911T100000Z"/><key-list><keyword key="ports"/></key-list></docdata></head><body>'
     '<body.head><hedline><hl1>Port reopens</hl1><hl2>Deck</hl2></hedline><byline>By <person>Ana GOMEZ</person>'
     '</byline><distributor>EFE</distributor><dateline><location>VALENCIA</location></dateline></body.head>'
     '<body.content><p>Lede &amp; more.</p><hl2>Sub</hl2><bq><block><p>Quote.</p></block></bq></body.content>'
     '</body></nitf>').encode(),
    ('<newsItem guid="g1" version="1"><itemMeta><itemClass qcode="ninat:text"/><provider qcode="nprov:EFE"/>'
     '<versionCreated>2024-09-11T10:00:00Z</versionCreated></itemMeta><contentMeta><headline>Port reopens</headline>'
     '<creator><name>Ana GOMEZ</name></creator></contentMeta><contentSet><inlineXML><nitf><body><body.content>'
     '<p>VALENCIA, Sept. 11 (EFE) - Lede.</p></body.content></body></nitf></inlineXML></contentSet></newsItem>').encode(),
]
OFFICIAL = [SHARED / "seed" / "000_945cfe59dec50354.txt",
            SHARED / "standards" / "nitf" / "samples" / "iptc-nitf-fishing-3.5.xml",
            SHARED / "standards" / "ninjs" / "examples" / "2.1" / "dpa_text.json",
            SHARED / "standards" / "newsml-g2" / "examples" / "TT_newsmlg2_sample.xml"]
SEEDS = OWN_SEEDS + [path.read_bytes() for path in OFFICIAL if path.exists()]
PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check(data, format):
    """The one property: a ParsedDispatch, or a ParseError that says something."""
    try:
        result = parse(data, format=format)
    except ParseError as error:
        assert str(error).strip()
        return None
    assert isinstance(result, ParsedDispatch)
    assert isinstance(result.headline, str) and isinstance(result.raw_text, str)
    for kind, text in result.blocks:
        if kind == "table":  # rows of cells: two rows, two columns at least
            assert len(text) > 1 and max(map(len, text)) > 1 and all(isinstance(c, str) for row in text for c in row)
        else:
            assert kind in {"p", "h", "q", "ul", "ol"} and isinstance(text, str)
    assert "<script" not in render_body(blocks_to_markdown(result.blocks))  # every body renders, safely
    assert result.urgency is None or 1 <= result.urgency <= 8
    return result


@st.composite
def mutated(draw):
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 4))):
        position = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["delete", "insert", "flip", "truncate", "duplicate"]))
        if action == "delete":
            del data[position:position + draw(st.integers(1, 40))]
        elif action == "insert":
            data[position:position] = draw(st.one_of(
                st.binary(max_size=20), st.sampled_from([b"<", b">", b"&", b"&lt;", b"]]>", b"<!--", b"\x00", b'"',
                                                        b"{", b"}", b"[", b"\xef\xbb\xbf", b"\xff\xfe", b"\n\n",
                                                        b" (AP) \xe2\x80\x94 ", b"EMBARGOED UNTIL ", b"Sept. 31 ",
                                                        b"<p>", b"</p>", b"<hl1>", b"(Reporting by ", b"By "])))
        elif action == "flip" and data:
            index = min(position, len(data) - 1)
            data[index] ^= 1 << draw(st.integers(0, 7))
        elif action == "truncate":
            del data[position:]
        else:
            data[position:position] = data[max(0, position - 30):position]
    return bytes(data)


@pytest.mark.parametrize("format", FORMATS)
@PROPERTY
@given(data=st.binary(max_size=3000))
def test_random_bytes(format, data):
    check(data, format)


@pytest.mark.parametrize("format", FORMATS)
@PROPERTY
@given(text=st.text(max_size=2000))
def test_random_text(format, text):
    check(text.encode("utf-8"), format)


@pytest.mark.parametrize("format", FORMATS)
@PROPERTY
@given(data=mutated())
def test_mutated_dispatches(format, data):
    check(data, format)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(["value", "role", "contenttype", "contentType", "name", "uri", "literal"]), children, max_size=4),
    max_leaves=12)
NINJS_KEYS = ["uri", "type", "version", "versioncreated", "versionCreated", "firstcreated", "embargoed", "embargoedUntil",
              "language", "urgency", "headline", "headlines", "headline_main", "descriptions", "description_text",
              "by", "byline", "located", "subjects", "subject", "keywords", "bodies", "body_text", "body_xhtml",
              "copyrightholder", "copyrightHolder"]


@PROPERTY
@given(item=st.dictionaries(st.sampled_from(NINJS_KEYS), JSON_VALUES, max_size=12))
def test_random_ninjs_items(item):
    check(json.dumps(item).encode(), "ninjs")


XML_TAGS = ["nitf", "head", "docdata", "doc-id", "urgency", "date.issue", "date.release", "body", "body.head",
            "hedline", "hl1", "hl2", "byline", "person", "byttl", "distributor", "dateline", "location",
            "story.date", "abstract", "body.content", "p", "block", "bq", "ul", "ol", "li", "table", "tr", "td",
            "media", "newsItem", "newsMessage", "itemMeta", "itemClass", "contentMeta", "headline", "creator",
            "name", "located", "contentSet", "inlineXML", "inlineData", "subject", "keyword", "versionCreated"]
XML_ATTRIBUTES = ["id-string", "norm", "ed-urg", "qcode", "guid", "version", "key", "tag", "role", "type"]


SAFE_TEXT = st.text(st.characters(blacklist_categories=["Cs", "Cc"]), max_size=30)


def _element(children):
    from xml.sax.saxutils import escape, quoteattr

    return st.builds(
        lambda tag, attributes, text, inner: (f"<{tag}{''.join(f' {k}={quoteattr(v)}' for k, v in attributes.items())}>"
                                              f"{escape(text)}{''.join(inner)}</{tag}>"),
        st.sampled_from(XML_TAGS), st.dictionaries(st.sampled_from(XML_ATTRIBUTES), SAFE_TEXT, max_size=2),
        SAFE_TEXT, children)


xml_trees = st.recursive(_element(st.just([])), lambda inner: _element(st.lists(inner, max_size=4)), max_leaves=25)


@pytest.mark.parametrize("format", [None, "nitf", "newsmlg2"])
@PROPERTY
@given(tree=xml_trees)
def test_random_xml_documents(format, tree):
    check(tree.encode(), format)


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=mutated())
def test_whatever_parses_is_stored_or_refused_whole(data):
    """Through the writer too: a file is stored, or refused with a reason and nothing written."""
    from articles.ingest.files import ingest_bytes
    from articles.models import Article, Dispatch

    before = (Article.objects.count(), Dispatch.objects.count())
    outcome = ingest_bytes(data, "mutated")
    assert outcome.outcome in {"created", "updated", "unchanged", "held for review", "failed"}
    if outcome.outcome == "failed":
        assert outcome.error and (Article.objects.count(), Dispatch.objects.count()) == before
    else:
        assert outcome.article.pk and Dispatch.objects.count() >= before[1]
