"""HTTP caching: headers, 304s, staff never sharing pages with readers, invalidation, go-live."""
import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from articles import cache as page_cache
from articles.workflow import transition
from tests import factories

pytestmark = pytest.mark.django_db
HOUR = datetime.timedelta(hours=1)


def max_age(response):
    return int(response["Cache-Control"].split("max-age=")[1].split(",")[0])


def test_anonymous_pages_are_public_with_validators(client):
    story = factories.published("Cached story")
    front = client.get("/")
    page = client.get(story.get_absolute_url())
    assert "public" in front["Cache-Control"] and max_age(front) == page_cache.FRONT_MAX_AGE
    assert "public" in page["Cache-Control"] and max_age(page) == page_cache.ARTICLE_MAX_AGE
    for response in (front, page):
        assert response["ETag"].startswith('"') and response["Last-Modified"].endswith("GMT")
        assert "Cookie" in response["Vary"]


def test_conditional_requests_get_304(client):
    story = factories.published("Revalidated story")
    url = story.get_absolute_url()
    first = client.get(url)
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == first["ETag"]
    since = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    assert client.get(url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


def test_staff_get_fresh_private_pages_and_never_the_readers_copy(client, editor):
    story = factories.published("Shared story")
    url = story.get_absolute_url()
    reader = client.get(url)
    client.force_login(editor)
    staff = client.get(url)
    assert "Edit this story" in staff.content.decode() and "Edit this story" not in reader.content.decode()
    assert "private" in staff["Cache-Control"] and "no-store" in staff["Cache-Control"]
    assert "Cookie" in staff["Vary"]
    client.logout()
    assert "Edit this story" not in client.get(url).content.decode()  # the staff copy was not kept


def test_anonymous_pages_are_served_from_the_cache(client, django_assert_num_queries):
    story = factories.published("Popular story")
    url = story.get_absolute_url()
    first = client.get(url)
    with django_assert_num_queries(0):
        second = client.get(url)
    assert second.content == first.content and second["ETag"] == first["ETag"]


def test_a_published_correction_shows_on_the_next_request(client, django_capture_on_commit_callbacks):
    story = factories.published("Story to correct")
    url = story.get_absolute_url()
    assert "Corrections and updates" not in client.get(url).content.decode()
    client.get("/feeds/latest.rss")
    with django_capture_on_commit_callbacks(execute=True):
        factories.correct(story, "The bridge is 40 metres long, not 400.")
    assert "not 400." in client.get(url).content.decode()
    assert "not 400." in client.get("/corrections/").content.decode()


def test_relation_changes_invalidate_cached_pages(client):
    story = factories.published("Story by a renamed writer", bylines=("Old Name",))
    url = story.get_absolute_url()
    assert "Old Name" in client.get(url).content.decode()
    person = story.bylines.get().person
    person.name = "New Name"
    person.save()
    assert "New Name" in client.get(url).content.decode()


def test_new_names_keep_cached_pages_but_their_first_use_refreshes_them(client, django_assert_num_queries):
    from taggit.models import Tag

    from articles.models import Agency, Person

    story = factories.published("Story about to be tagged")
    url = story.get_absolute_url()
    client.get(url)
    # Wire ingest creates people, agencies and tags all the time: none is on any page yet.
    Person.objects.create(name="Newly Met Writer")
    Agency.objects.create(name="Newly Met Agency", slug="newly-met-agency")
    tag = Tag.objects.create(name="Newly met topic")
    with django_assert_num_queries(0):
        client.get(url)
    story.tags.add(tag)
    assert "Newly met topic" in client.get(url).content.decode()


def test_scheduled_story_goes_live_on_time_even_with_cached_fronts(client, editor, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    factories.published("Already live")
    story = factories.article("Goes live soon")
    story = transition(story, "schedule", user=editor, at=timezone.now() + datetime.timedelta(seconds=40))
    front = client.get("/")
    assert "Goes live soon" not in front.content.decode()
    assert max_age(front) <= 40  # no cache downstream may keep the front past the go-live
    assert max_age(client.get("/feeds/latest.rss")) <= 40
    missing = client.get(story.get_absolute_url())
    assert missing.status_code == 404 and max_age(missing) <= 40
    time_machine.move_to(timezone.now() + datetime.timedelta(seconds=41), tick=False)
    assert "Goes live soon" in client.get("/").content.decode()
    assert client.get(story.get_absolute_url()).status_code == 200
    assert "Goes live soon" in client.get("/feeds/latest.rss").content.decode()


def test_embargo_lifting_refreshes_cached_pages(client, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    factories.published("Embargoed story", embargo_until=timezone.now() + HOUR)
    assert "Embargoed story" not in client.get("/").content.decode()
    time_machine.move_to(timezone.now() + HOUR + datetime.timedelta(seconds=1), tick=False)
    assert "Embargoed story" in client.get("/").content.decode()


def test_the_cache_state_is_shared_through_the_cache_not_the_process(client):
    """Another process invalidating (here: deleting the state entry) is seen by this one."""
    story = factories.published("Shared state")
    url = story.get_absolute_url()
    client.get(url)
    generation = cache.get(page_cache.STATE_KEY)["gen"]
    cache.delete(page_cache.STATE_KEY)  # what any process does when a story changes
    client.get(url)
    assert cache.get(page_cache.STATE_KEY)["gen"] != generation


def test_without_a_cache_every_page_is_rendered(client, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    story = factories.published("Uncached story")
    response = client.get(story.get_absolute_url())
    assert response.status_code == 200 and "public" in response["Cache-Control"]


def test_a_cached_front_shortens_its_max_age_as_the_go_live_nears(client, editor, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    factories.published("Already live")
    transition(factories.article("Later"), "schedule", user=editor, at=timezone.now() + datetime.timedelta(seconds=50))
    assert max_age(client.get("/")) == 50
    time_machine.move_to(timezone.now() + datetime.timedelta(seconds=30), tick=False)
    again = client.get("/")  # served from the page cache
    assert max_age(again) == 20 and "Later" not in again.content.decode()


def test_readers_are_answered_before_sessions_and_auth_run(client, editor, django_assert_num_queries):
    story = factories.published("Early answer")
    client.get(story.get_absolute_url())
    with django_assert_num_queries(0):
        response = client.get(story.get_absolute_url())
    assert not hasattr(response.wsgi_request, "user")  # the middleware answered: auth never ran
    client.force_login(editor)  # a session cookie: the request goes on to the view
    staff = client.get(story.get_absolute_url())
    assert "private" in staff["Cache-Control"] and "Edit this story" in staff.content.decode()
