"""The one visibility rule, and the public article page obeying it."""
import datetime

import pytest
from django.utils import timezone

from articles.models import Article
from articles.workflow import transition
from tests import factories

pytestmark = pytest.mark.django_db
HOUR = datetime.timedelta(hours=1)


def page_status(client, story):
    story.refresh_from_db()
    url = story.get_absolute_url()
    return client.get(url).status_code


def test_published_story_is_public(client):
    story = factories.published("Live story")
    assert story.is_public and list(Article.objects.public()) == [story]
    assert page_status(client, story) == 200


def test_draft_is_not_public(client):
    story = factories.article("Draft story")
    assert not story.is_public and not Article.objects.public().exists()
    assert client.get(f"/{timezone.localdate():%Y/%m/%d}/{story.slug}/").status_code == 404


def test_future_publish_time_is_not_public_until_then(client, editor, time_machine):
    story = factories.article("Scheduled story")
    story = transition(story, "schedule", user=editor, at=timezone.now() + HOUR)
    assert not story.is_public and not Article.objects.public().exists()
    assert page_status(client, story) == 404
    time_machine.move_to(timezone.now() + 2 * HOUR)
    assert Article.objects.public().get() == story
    assert page_status(client, story) == 200


def test_future_embargo_is_not_public_until_lifted(client, time_machine):
    story = factories.published("Embargoed story", embargo_until=timezone.now() + HOUR)
    assert not story.is_public and not Article.objects.public().exists()
    assert page_status(client, story) == 404
    time_machine.move_to(timezone.now() + 2 * HOUR)
    assert story.is_public and Article.objects.public().get() == story
    assert page_status(client, story) == 200


def test_withdrawn_story_is_gone_without_its_text(client, editor):
    story = factories.published("Withdrawn story", body="Secret body text.")
    story = transition(story, "withdraw", user=editor, note="Legal advice.")
    assert not Article.objects.public().exists()
    response = client.get(story.get_absolute_url())
    assert response.status_code == 410
    html = response.content.decode()
    assert "Legal advice." in html
    assert "Secret body text." not in html and "Withdrawn story" not in html


def test_home_lists_only_public_stories(client, editor):
    factories.published("Visible on the front")
    factories.article("Hidden draft")
    transition(factories.article("Hidden scheduled"), "schedule", user=editor, at=timezone.now() + HOUR)
    html = client.get("/").content.decode()
    assert "Visible on the front" in html
    assert "Hidden draft" not in html and "Hidden scheduled" not in html
