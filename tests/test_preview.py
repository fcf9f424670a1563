"""Staff preview: a signed, expiring link to a story as readers will see it."""
import datetime

import pytest
from django.conf import settings
from django.contrib.auth.models import User

from articles.preview import preview_url
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    return factories.article("Not yet public", body="Draft body for the preview.")


def test_staff_see_the_draft_as_readers_will_with_a_banner_and_no_caching(client, reporter, draft):
    url = preview_url(draft)
    assert url.startswith("/preview/")
    client.force_login(reporter)
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Preview — not public." in html and "Draft: readers cannot see it." in html
    assert "<h1>Not yet public</h1>" in html and "Draft body for the preview." in html
    assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert client.get(draft.get_absolute_url()).status_code == 404  # the public address still hides it


def test_the_change_page_offers_the_preview_link(client, editor, draft):
    client.force_login(editor)
    html = client.get(f"/admin/articles/article/{draft.pk}/change/").content.decode()
    assert 'class="button nr-preview" href="/preview/' in html


def test_readers_are_sent_to_log_in_and_non_staff_refused(client, draft):
    url = preview_url(draft)
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/?next=/preview/")
    client.force_login(User.objects.create_user("reader", password="pw"))
    assert client.get(url).status_code == 403


def test_forged_and_expired_links_do_not_open(client, editor, draft, time_machine):
    client.force_login(editor)
    url = preview_url(draft)
    assert client.get(url[:-3] + "xx/").status_code == 404
    time_machine.move_to(datetime.datetime.now(datetime.UTC) + datetime.timedelta(seconds=settings.NEWSROOM_PREVIEW_MAX_AGE + 60))
    assert client.get(url).status_code == 404


def test_scheduled_story_preview_says_when_it_goes_live(client, editor):
    from django.utils import timezone

    from articles.workflow import transition

    story = transition(factories.article("Later"), "schedule", user=editor,
                       at=timezone.now() + datetime.timedelta(hours=3))
    client.force_login(editor)
    assert "until then readers cannot see it" in client.get(preview_url(story)).content.decode()
