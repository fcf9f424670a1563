"""The desk renders for staff and guards its data."""
import pytest

from articles.models import Agency, Article, Revision
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    return factories.published("An admin story", agencies=["AFP"], tags=["Energy"])


@pytest.mark.parametrize("who", ["editor", "reporter"])
def test_article_list_and_change_pages_render_for_staff(client, story, who, request):
    client.force_login(request.getfixturevalue(who))
    listing = client.get("/admin/articles/article/")
    assert listing.status_code == 200
    assert "An admin story" in listing.content.decode()
    page = client.get(f"/admin/articles/article/{story.pk}/change/")
    assert page.status_code == 200 and "An admin story" in page.content.decode()


@pytest.mark.parametrize("model", ["section", "agency", "person", "image", "dispatch", "transition", "revision",
                                   "correction"])
def test_every_model_list_renders_for_an_editor(client, editor, model, story):
    client.force_login(editor)
    assert client.get(f"/admin/articles/{model}/").status_code == 200


def test_list_filters_and_search(client, editor, story):
    factories.published("Another story")
    client.force_login(editor)
    html = client.get("/admin/articles/article/", {"agencies__id__exact": Agency.objects.get(short_name="AFP").pk}).content.decode()
    assert "An admin story" in html and "Another story" not in html
    html = client.get("/admin/articles/article/", {"q": "Another"}).content.decode()
    assert "Another story" in html and "An admin story" not in html


def test_editor_saves_a_story_and_a_revision_is_kept(client, editor):
    story = factories.article("Before")
    client.force_login(editor)
    response = client.post(f"/admin/articles/article/{story.pk}/change/", factories.admin_form_data(story, headline="After", tags=["Energy", "New topic"]))
    assert response.status_code == 302, response.content.decode()[:3000]
    story.refresh_from_db()
    assert story.headline == "After" and story.version == 2
    assert sorted(story.tags.names()) == ["Energy", "New topic"]
    revision = Revision.objects.filter(article=story).order_by("-version").first()
    assert "headline" in revision.changed and revision.user == editor


def test_stale_save_is_refused_and_keeps_the_users_text(client, editor):
    story = factories.article("Original")
    other = factories.editor("other", "Olga", "Other")
    client.force_login(other)
    client.post(f"/admin/articles/article/{story.pk}/change/", factories.admin_form_data(story, headline="First editor's save"))
    client.force_login(editor)
    response = client.post(f"/admin/articles/article/{story.pk}/change/", factories.admin_form_data(story, headline="My late edit"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Changed by Olga Other at " in html and "since you opened it" in html
    assert 'value="My late edit"' in html
    assert Article.objects.get(pk=story.pk).headline == "First editor's save"


def test_the_list_counts_to_a_cap_then_says_so(client, editor, monkeypatch):
    # At a million stories an exact count reads every one on each page view; past the cap the list
    # says "N+" and a search or a filter narrows it.
    from articles.admin.scale import CappedCountPaginator

    for index in range(4):
        factories.article(f"Capped story {index}")
    client.force_login(editor)
    monkeypatch.setattr(CappedCountPaginator, "cap", 3)
    page = client.get("/admin/articles/article/").content.decode()
    assert "3+ articles" in page
    narrowed = client.get("/admin/articles/article/?q=%22Capped+story+2%22").content.decode()
    assert "1 article" in narrowed and "3+" not in narrowed


def test_the_date_drill_down_lists_years_from_the_oldest_story_without_reading_them_all(client, editor):
    import datetime

    from django.utils import timezone

    factories.published("Old story", at=timezone.make_aware(datetime.datetime(2019, 5, 1, 12)))
    factories.published("New story", at=timezone.make_aware(datetime.datetime(2022, 3, 1, 12)))
    client.force_login(editor)
    page = client.get("/admin/articles/article/").content.decode()
    years = [year for year in ("2022", "2021", "2020", "2019") if f"publish_at__year={year}" in page]
    assert years == ["2022", "2021", "2020", "2019"]
    assert page.index("publish_at__year=2022") < page.index("publish_at__year=2019")  # newest first
    within = client.get("/admin/articles/article/?publish_at__year=2019").content.decode()
    assert "publish_at__month=5" in within and "Old story" in within and "New story" not in within
