"""The ninjs syndication API, validated against IPTC's ninjs 2.1 JSON Schema."""
import datetime
import json
from functools import cache

import jsonschema
import pytest
from django.utils import timezone
from referencing import Registry, Resource

from articles import api
from tests import factories
from tests.conftest import shared_file

pytestmark = pytest.mark.django_db
HOUR = datetime.timedelta(hours=1)


@cache
def validator(version="2.1"):
    schema = json.loads(shared_file("standards", "ninjs", "schemas", f"ninjs-schema_{version}.json").read_text())
    geojson = json.loads(shared_file("standards", "ninjs", "schemas", "GeoJSON-schema.json").read_text())
    registry = Registry().with_resource(geojson.get("$id", "https://geojson.org/schema/GeoJSON.json"),
                                        Resource.from_contents(geojson))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, registry=registry, format_checker=cls.FORMAT_CHECKER)


def assert_valid(item, versions=("2.0", "2.1", "2.2")):
    for version in versions:  # what we send is valid ninjs 2.x, whichever minor version a client reads
        errors = sorted(validator(version).iter_errors(item), key=str)
        assert not errors, (version, [e.message for e in errors])


def test_the_schema_rejects_a_broken_item():
    with pytest.raises(AssertionError):
        assert_valid({"uri": "urn:x", "urgency": "high", "headlines": [{"role": "main"}]})


def test_story_detail_is_valid_ninjs_with_its_content(client, media):
    picture = factories.image(content=factories.jpeg_bytes(1300, 900))
    story = factories.published("Syndicated story", standfirst="The summary.", bylines=("Ines Vasquez",),
                                agencies=("AFP",), tags=("Energy",), dateline_place="Oslo", lead_image=picture)
    factories.correct(story, "A figure was wrong.")
    response = client.get(f"/api/ninjs/articles/{story.guid}/")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    item = response.json()
    assert_valid(item)
    assert item["uri"] == story.guid and item["type"] == "text" and item["pubstatus"] == "usable"
    assert item["headlines"] == [{"role": "main", "value": "Syndicated story"}]
    assert item["by"] == "By Ines Vasquez" and item["located"] == "Oslo"
    assert item["bodies"][0]["contenttype"] == "text/html" and "<p>First paragraph.</p>" in item["bodies"][0]["value"]
    assert {"role": "summary", "contenttype": "text/plain", "value": "The summary."} in item["descriptions"]
    assert any(d["role"] == "correction:correction" for d in item["descriptions"])
    assert item["subjects"][0]["name"] == "Energy" and item["infosources"][0]["literal"] == "AFP"
    (lead,) = item["associations"]
    assert lead["type"] == "picture" and lead["by"] == "Photo: Test Agency"
    assert all(r["href"].startswith("http://testserver/media/renditions/") for r in lead["renditions"])


def test_list_is_valid_newest_first_and_paged_by_cursor(client, monkeypatch):
    monkeypatch.setattr(api, "PAGE_SIZE", 2)
    moment = timezone.now() - HOUR
    stories = [factories.published(f"Story {n}", at=moment - n * HOUR * (n % 2)) for n in range(5)]
    factories.article("Draft")
    seen, url = [], "/api/ninjs/articles/"
    while url:
        data = client.get(url).json()
        for item in data["items"]:
            assert_valid(item)
        seen += [item["headlines"][0]["value"] for item in data["items"]]
        url = data["next"] and data["next"].removeprefix("http://testserver")
    expected = sorted(stories, key=lambda s: (s.publish_at, s.pk), reverse=True)
    assert seen == [s.headline for s in expected]


def test_bad_cursor_is_a_clear_400(client):
    response = client.get("/api/ninjs/articles/?before=yesterday")
    assert response.status_code == 400 and "cursor" in response.json()["error"]


def test_hidden_stories_are_not_served(client, editor):
    draft = factories.article("Draft")
    assert client.get(f"/api/ninjs/articles/{draft.guid}/").status_code == 404
    from articles.workflow import transition

    gone = transition(factories.published("Gone"), "withdraw", user=editor, note="Legal.")
    response = client.get(f"/api/ninjs/articles/{gone.guid}/")
    assert response.status_code == 410 and response.json() == {"uri": gone.guid, "pubstatus": "canceled"}
