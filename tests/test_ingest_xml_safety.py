"""Hostile XML is harmless: no external entities (XXE), no entity expansion bombs, no DTD or
network fetching, in every XML path (NITF, NewsML-G2, NITF inside ninjs)."""
import json
import socket
import time

import pytest

from articles.ingest import ParseError, parse
from articles.ingest.files import ingest_bytes
from articles.models import Article, Dispatch

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE nitf [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<nitf><body><body.head><hedline><hl1>&lol9;</hl1></hedline></body.head></body></nitf>
"""


def nitf_with_entity(uri):
    return (f'<?xml version="1.0"?>\n<!DOCTYPE nitf [<!ENTITY xxe SYSTEM "{uri}">]>\n'
            '<nitf><body><body.head><hedline><hl1>Leak: &xxe;</hl1></hedline></body.head>'
            '<body.content><p>&xxe;</p></body.content></body></nitf>')


def newsml_with_entity(uri):
    return (f'<!DOCTYPE newsItem [<!ENTITY xxe SYSTEM "{uri}">]><newsItem guid="x"><itemMeta>'
            '<itemClass qcode="ninat:text"/></itemMeta><contentMeta><headline>&xxe;</headline></contentMeta></newsItem>')


def ninjs_with_entity(uri):
    return json.dumps({"uri": "urn:x", "headlines": [{"value": "H"}],
                       "bodies": [{"contenttype": "application/nitf+xml", "value": nitf_with_entity(uri)}]})


@pytest.fixture
def secret(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text("TOP-SECRET-PASSWORD-4711")
    return path


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a connection is recorded and stopped."""
    attempts = []

    class NetworkUsed(BaseException):  # BaseException: no `except Exception` may swallow it
        pass

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise NetworkUsed(args)

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


@pytest.mark.parametrize("build", [nitf_with_entity, newsml_with_entity, ninjs_with_entity])
def test_external_file_entity_is_never_read(build, secret, no_network):
    with pytest.raises(ParseError, match="declares entities") as refused:
        parse(build(secret.as_uri()).encode())
    assert "TOP-SECRET" not in str(refused.value)
    assert no_network == []


@pytest.mark.django_db
def test_xxe_file_writes_nothing(secret):
    outcome = ingest_bytes(nitf_with_entity(secret.as_uri()).encode(), "evil.xml")
    assert outcome.outcome == "failed" and "entities" in outcome.error
    assert not Article.objects.exists() and not Dispatch.objects.exists()


@pytest.mark.parametrize("build", [nitf_with_entity, newsml_with_entity, ninjs_with_entity])
def test_network_entity_is_not_fetched(build, no_network):
    with pytest.raises(ParseError):
        parse(build("http://127.0.0.1:9/steal").encode())
    assert no_network == []


def test_parameter_entity_and_external_dtd_subset_are_refused(no_network):
    xml = ('<!DOCTYPE nitf [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd"> %remote;]>'
           '<nitf><body><body.head><hedline><hl1>H</hl1></hedline></body.head></body></nitf>')
    with pytest.raises(ParseError, match="entities"):
        parse(xml.encode())
    assert no_network == []


def test_doctype_with_a_remote_dtd_is_read_without_fetching_it(no_network):
    # Old NITF feeds name their DTD: the document is read, the DTD is never loaded.
    xml = ('<?xml version="1.0"?>\n<!DOCTYPE nitf SYSTEM "http://127.0.0.1:9/nitf-3-6.dtd">\n'
           '<nitf><body><body.head><hedline><hl1>Harmless</hl1></hedline></body.head>'
           '<body.content><p>Text.</p></body.content></body></nitf>')
    parsed = parse(xml.encode())
    assert parsed.headline == "Harmless" and parsed.blocks == [("p", "Text.")]
    assert no_network == []


@pytest.mark.parametrize("format", [None, "nitf", "newsmlg2"])
def test_billion_laughs_is_answered_at_once(format):
    data = BILLION_LAUGHS.encode()
    started = time.perf_counter()
    with pytest.raises(ParseError, match="declares entities"):
        parse(data, format=format)
    assert time.perf_counter() - started < 1.0  # loosely: expanding it would take minutes and gigabytes


def test_quadratic_blowup_is_refused():
    xml = f'<!DOCTYPE nitf [<!ENTITY a "{"x" * 50_000}">]><nitf><body><p>{"&a;" * 50_000}</p></body></nitf>'
    started = time.perf_counter()
    with pytest.raises(ParseError, match="declares entities"):
        parse(xml.encode())
    assert time.perf_counter() - started < 1.0


def test_deep_nesting_is_refused_with_a_reason():
    xml = "<nitf><body><body.content>" + "<block>" * 5000 + "</block>" * 5000 + "</body.content></body></nitf>"
    with pytest.raises(ParseError, match=r"XML: elements nested more than 100 deep at line 1"):
        parse(xml.encode())
