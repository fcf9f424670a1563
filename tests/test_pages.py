"""Precomputed story HTML: rebuilt when the story or its relations change, served for any host,
related links always checked against the visibility rule."""
import datetime

import pytest
from django.utils import timezone

from articles import pages
from articles.models import StoryPage
from articles.workflow import transition
from tests import factories

pytestmark = pytest.mark.django_db


def test_first_view_stores_the_page_and_later_views_reuse_it(client, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    story = factories.published("Stored story")
    first = client.get(story.get_absolute_url()).content
    page = StoryPage.objects.get(article=story)
    assert page.key == pages.page_key(story) and pages.ORIGIN in page.html and pages.RELATED_SLOT in page.html
    assert client.get(story.get_absolute_url()).content == first
    assert StoryPage.objects.get(article=story).built_at == page.built_at


def test_the_request_host_replaces_the_stored_origin(client):
    story = factories.published("Two hosts")
    html = client.get(story.get_absolute_url(), HTTP_HOST="localhost").content.decode()
    assert f'<link rel="canonical" href="http://localhost{story.get_absolute_url()}">' in html
    assert pages.ORIGIN not in html


def test_a_new_version_of_the_story_is_rebuilt(client, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    story = factories.published("Versioned story")
    client.get(story.get_absolute_url())
    factories.correct(story, "A fresh correction.")
    assert "A fresh correction." in client.get(story.get_absolute_url()).content.decode()


def test_a_renamed_byline_drops_the_stored_page(client, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    story = factories.published("Bylined story", bylines=("Old Name",))
    client.get(story.get_absolute_url())
    person = story.bylines.get().person
    person.name = "New Name"
    person.save()
    assert not StoryPage.objects.filter(article=story).exists()
    assert "New Name" in client.get(story.get_absolute_url()).content.decode()


def test_old_pages_and_template_changes_are_rebuilt(client, settings, time_machine, monkeypatch):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    story = factories.published("Ageing story")
    client.get(story.get_absolute_url())
    built = StoryPage.objects.get(article=story).built_at
    time_machine.move_to(timezone.now() + pages.TTL + datetime.timedelta(minutes=1))
    client.get(story.get_absolute_url())
    assert StoryPage.objects.get(article=story).built_at > built
    monkeypatch.setattr(pages, "revision", lambda: "new-deploy")
    client.get(story.get_absolute_url())
    assert StoryPage.objects.get(article=story).key.endswith(":new-deploy")


def test_related_candidates_are_checked_live(editor, rf):
    story = factories.published("Main", tags=("Rivers",))
    other = factories.published("Other", tags=("Rivers",))
    page = pages.build(story, rf.get(story.get_absolute_url()))
    assert [r["url"] for r in pages.related_stories(page.related)] == [other.get_absolute_url()]
    transition(other, "withdraw", user=editor, note="Gone.")
    assert pages.related_stories(page.related) == []  # still stored; the live check drops it


def test_a_related_story_saved_drops_the_pages_that_list_it(client, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    story = factories.published("Main", tags=("Rivers",))
    other = factories.published("Old related headline", tags=("Rivers",))
    unrelated = factories.published("Unrelated", tags=("Sport",))
    client.get(story.get_absolute_url())
    client.get(unrelated.get_absolute_url())
    other.headline = "Corrected related headline"
    other.save()
    assert set(StoryPage.objects.values_list("article_id", flat=True)) == {unrelated.pk}
    assert "Corrected related headline" in client.get(story.get_absolute_url()).content.decode()


def test_pages_listing_a_story_are_found_through_an_index_on_postgresql(client, settings):
    """Saving a published story drops the stored pages that list it; on PostgreSQL a trigram index
    (migration 0014) finds them, so a save never reads every stored page (SQLite scans: small sites)."""
    from django.db import connection

    from articles.cache import stale_pages

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: SQLite has no trigram index")
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    story = factories.published("Main", tags=("Rivers",))
    other = factories.published("Related", tags=("Rivers",))
    client.get(story.get_absolute_url())
    listing = StoryPage.objects.filter(stale_pages(other))
    assert list(listing.values_list("article_id", flat=True)) == [story.pk]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # as on a table too big to read whole
        plan = listing.explain()
    assert "articles_storypage_related_trgm" in plan
