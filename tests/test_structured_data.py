"""schema.org NewsArticle JSON-LD, Open Graph, Twitter cards and the canonical link."""
import json
import re

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


def page(client, story):
    html = client.get(story.get_absolute_url()).content.decode()
    blocks = [json.loads(b) for b in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]
    meta = dict(re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)"', html))
    return html, blocks, meta


@pytest.fixture
def story(media):
    picture = factories.image(content=factories.jpeg_bytes(2400, 1600))
    story = factories.published("Ministers agree flood data deal", standfirst="Six countries will share readings.",
                                bylines=("Ines Vasquez",), agencies=("Reuters",), tags=("Climate",),
                                dateline_place="Vienna", lead_image=picture)
    factories.correct(story, "The deal covers six countries, not five.")
    return story


def test_news_article_has_everything_google_lists(client, story):
    _, blocks, _ = page(client, story)
    (data,) = blocks
    url = "http://testserver" + story.get_absolute_url()
    assert data["@type"] == "NewsArticle" and data["@context"] == "https://schema.org"
    assert data["headline"] == story.headline and data["mainEntityOfPage"]["@id"] == url
    assert data["author"] == [{"@type": "Person", "name": "Ines Vasquez", "url": "http://testserver/bylines/ines-vasquez/"}]
    assert data["publisher"]["name"] == "Newsroom"
    assert data["publisher"]["logo"]["url"].startswith("http://testserver/static/img/logo")
    assert data["datePublished"].startswith(story.live_at.date().isoformat())
    assert data["dateModified"] >= data["datePublished"]
    assert len(data["image"]) == 3 and all(u.startswith("http://testserver/media/renditions/") for u in data["image"])
    assert data["dateline"] == "VIENNA"
    assert data["correction"][0]["@type"] == "CorrectionComment"
    assert data["correction"][0]["text"] == "The deal covers six countries, not five."
    assert data["keywords"] == ["Climate"] and data["articleSection"] == "World"


def test_agency_copy_credits_the_agency_as_author(client):
    story = factories.published("Wire story", bylines=(), agencies=("AFP",))
    _, (data,), _ = page(client, story)
    assert data["author"] == [{"@type": "Organization", "name": "Agence France-Presse", "url": "https://www.afp.com"}]


def test_open_graph_twitter_and_canonical(client, story):
    html, _, meta = page(client, story)
    url = "http://testserver" + story.get_absolute_url()
    assert f'<link rel="canonical" href="{url}">' in html
    assert meta["og:type"] == "article" and meta["og:url"] == url and meta["og:title"] == story.headline
    assert meta["og:description"] == "Six countries will share readings."
    assert meta["og:image"].endswith("/16x9-1200.jpeg") and meta["og:image:width"] == "1200" and meta["og:image:height"] == "675"
    assert meta["og:image:alt"] == "A ferry terminal at dusk"
    assert meta["twitter:card"] == "summary_large_image" and meta["twitter:image"] == meta["og:image"]
    assert meta["article:author"] == "http://testserver/bylines/ines-vasquez/"


def test_script_content_cannot_break_out_of_the_json_block(client):
    story = factories.published("A </script><script>alert(1)</script> headline")
    html, (data,), _ = page(client, story)
    assert "<script>alert(1)" not in html
    assert data["headline"].startswith("A </script>")
