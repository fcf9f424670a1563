"""Revisions: field-by-field differences, and the history page with Compare and Restore."""
import re

import pytest
from django.db import transaction

from articles.editing import lock_for_save, record_revision, set_bylines
from articles.models import Article, Revision
from articles.revisions import compare, word_diff
from articles.workflow import transition
from tests import factories

pytestmark = pytest.mark.django_db


def test_word_diff_marks_whole_phrases_and_escapes_html():
    assert str(word_diff("The council voted on Tuesday by 31 to 9.",
                         "The council voted on Wednesday by 30 to 9, officials said.")) == (
        "The council voted on <del>Tuesday</del><ins>Wednesday</ins> by <del>31</del><ins>30</ins> to 9"
        "<ins>, officials said</ins>.")
    assert str(word_diff("a <b>", "a <i>")) == "a &lt;<del>b</del><ins>i</ins>&gt;"


def test_compare_lists_changed_fields_in_form_order_with_clear_old_and_new():
    old = {"headline": "Old", "body": "Same.", "urgency": 5, "tags": ["Energy", "Oil"],
           "bylines": [["Ada Reporter", ""]], "embargo_until": ""}
    new = {"headline": "New", "body": "Same.", "urgency": 2, "tags": ["Energy", "Gas"],
           "bylines": [["Ada Reporter", ""], ["Bea Other", "additional reporting"]],
           "embargo_until": "2025-05-07T00:01:00+00:00"}
    changes = {c.label: str(c.html) for c in compare(old, new)}
    assert list(changes) == ["Headline", "Urgency", "Embargo until", "Bylines", "Tags"]
    assert changes["Headline"] == "<del>Old</del><ins>New</ins>"
    assert changes["Urgency"] == '<del>5</del> <span aria-hidden="true">→</span> <ins>2</ins>'
    assert changes["Embargo until"].endswith("<ins>7 May 2025, 00:01 UTC</ins>")
    assert changes["Tags"] == "removed <del>Oil</del>; added <ins>Gas</ins>"
    assert changes["Bylines"] == "added <ins>Bea Other (additional reporting)</ins>"


def _save(story, user, **fields):
    with transaction.atomic():
        lock_for_save(story, expected_version=story.version, user=user)
        for name, value in fields.items():
            setattr(story, name, value)
        story.save()
        record_revision(story, user=user)
    return story


@pytest.fixture
def three_versions(editor):
    story = factories.article("First headline", body="One two three.")
    _save(story, editor, headline="Second headline")
    _save(story, editor, body="One two four.")
    return story


def test_history_page_lists_versions_and_compares_any_two(client, editor, three_versions):
    story = three_versions
    first, second, third = Revision.objects.filter(article=story).order_by("version")
    client.force_login(editor)
    url = f"/admin/articles/article/{story.pk}/history/"
    html = client.get(url).content.decode()
    assert html.count('name="old"') == 3 and "(current)" in html
    assert re.search(r"<td>Edith Editor</td>\s*<td><a [^>]*>Body</a></td>", html)
    # Default: what the latest save changed.
    assert f"Version {second.version} → version {third.version}" in html
    assert "One two <del>three</del><ins>four</ins>." in html
    # Any two: the first and the last.
    html = client.get(url, {"old": first.pk, "new": third.pk}).content.decode()
    assert f"Version {first.version} → version {third.version}" in html
    assert "<del>First</del><ins>Second</ins> headline" in html and "<del>three</del><ins>four</ins>" in html
    # Chosen the wrong way round: still shown older → newer.
    html = client.get(url, {"old": third.pk, "new": first.pk}).content.decode()
    assert f"Version {first.version} → version {third.version}" in html


def test_restore_button_makes_a_new_version_and_keeps_the_old_ones(client, editor, three_versions):
    story = three_versions
    first = Revision.objects.filter(article=story).order_by("version").first()
    client.force_login(editor)
    response = client.post(f"/admin/articles/article/{story.pk}/history/{first.pk}/restore/",
                           {"expected_version": story.version}, follow=True)
    assert response.redirect_chain[-1][0] == f"/admin/articles/article/{story.pk}/change/"
    restored = Article.objects.get(pk=story.pk)
    assert (restored.headline, restored.body) == ("First headline", "One two three.")
    assert Revision.objects.filter(article=story).count() == 4
    assert f"Restored the text of version {first.version}" in response.content.decode()


def test_restore_refused_when_the_page_was_stale(client, editor, three_versions):
    story = three_versions
    first = Revision.objects.filter(article=story).order_by("version").first()
    client.force_login(editor)
    response = client.post(f"/admin/articles/article/{story.pk}/history/{first.pk}/restore/",
                           {"expected_version": story.version - 1}, follow=True)
    assert "Not restored. Changed by Edith Editor" in response.content.decode()
    assert Article.objects.get(pk=story.pk).body == "One two four."


def test_reporter_sees_history_but_cannot_restore_a_published_story(client, reporter, editor):
    story = factories.published("Published, with history", created_by=reporter)
    _save(story, editor, headline="Edited after publication")
    first = Revision.objects.filter(article=story).order_by("version").first()
    client.force_login(reporter)
    html = client.get(f"/admin/articles/article/{story.pk}/history/").content.decode()
    assert "Edited after publication" in html and ">Restore</button>" not in html
    response = client.post(f"/admin/articles/article/{story.pk}/history/{first.pk}/restore/",
                           {"expected_version": Article.objects.get(pk=story.pk).version})
    assert response.status_code == 403
    assert Article.objects.get(pk=story.pk).headline == "Edited after publication"


def test_bylines_changed_in_the_admin_show_in_the_diff(client, editor):
    story = factories.article("Credits", bylines=("Ada Reporter",))
    with transaction.atomic():
        lock_for_save(story, expected_version=story.version, user=editor)
        story.save()
        set_bylines(story, [(factories.person("Bea Other"), "")])
        record_revision(story, user=editor)
    client.force_login(editor)
    html = client.get(f"/admin/articles/article/{story.pk}/history/").content.decode()
    assert "removed <del>Ada Reporter</del>; added <ins>Bea Other</ins>" in html


def test_status_log_is_on_the_story_page_and_read_only(client, editor):
    story = factories.article("Logged")
    transition(story, "schedule", user=editor, at=story.created_at.replace(year=2099))
    client.force_login(editor)
    html = client.get(f"/admin/articles/article/{story.pk}/change/").content.decode()
    log = html[html.index('id="nr-log-title"'):]
    assert re.search(r"<td>Edith Editor</td><td>Schedule</td><td>Draft</td><td>Published</td><td>Scheduled for .*2099", log)
    assert client.post(f"/admin/articles/transition/{story.transitions.get().pk}/change/", {"note": "x"}).status_code == 403
