"""`make run` loads the demo newsroom: it must work, twice, and keep hidden stories hidden."""
import io

import pytest
from django.core.management import call_command

from articles.models import Article, Status

pytestmark = pytest.mark.django_db


def test_demo_loads_once_with_pictures_and_hidden_stories(client, media):
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "editor / editor-demo-pass" in out.getvalue()
    public = Article.objects.public()
    assert public.count() == 7
    assert all(story.lead_image and story.lead_image.alt_text for story in public)
    assert not any(story.was_updated for story in public.exclude(corrections__isnull=False))
    hidden = Article.objects.exclude(pk__in=public.values("pk"))
    assert {s.status for s in hidden} == {Status.DRAFT, Status.PUBLISHED}  # a draft; scheduled and embargoed
    front = client.get("/").content.decode()
    for story in hidden:
        assert story.headline not in front
    call_command("load_demo", stdout=io.StringIO())
    assert Article.objects.count() == 10
