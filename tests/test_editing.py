"""No lost edits: the optimistic lock, revisions and restore."""
import re
import threading

import pytest
from django.db import connection, transaction

from articles.editing import StaleEdit, lock_for_save, record_revision, restore_revision, set_bylines
from articles.models import Agency, Article, Revision, Section
from articles.workflow import TransitionError, transition
from tests import factories

pytestmark = pytest.mark.django_db


def _opened_version(html):
    return int(re.search(r'name="opened_version" value="(\d+)"', html).group(1))


def test_two_editors_load_then_both_save_the_second_is_refused(client, editor):
    story = factories.article("Council vote", body="The council voted.")
    olga = factories.editor("olga", "Olga", "Other")
    url = f"/admin/articles/article/{story.pk}/change/"
    other_client = client.__class__()
    client.force_login(editor)
    other_client.force_login(olga)
    mine = _opened_version(client.get(url).content.decode())
    theirs = _opened_version(other_client.get(url).content.decode())
    assert mine == theirs == story.version

    first = other_client.post(url, factories.admin_form_data(story, opened_version=theirs, body="Olga's careful rewrite."))
    assert first.status_code == 302
    second = client.post(url, factories.admin_form_data(story, opened_version=mine, body="My competing text."))

    assert second.status_code == 200
    html = second.content.decode()
    assert re.search(r"Changed by Olga Other at \d\d:\d\d on .* since you opened it", html)
    assert "My competing text." in html  # the user's text is still in the form
    # …and what Olga changed is shown beside it, word by word.
    assert "Not saved: here is what changed since you opened the story" in html
    assert "<del>The council voted</del><ins>Olga&#x27;s careful rewrite</ins>." in html
    saved = Article.objects.get(pk=story.pk)
    assert saved.body == "Olga's careful rewrite." and saved.version == story.version + 1


def test_lock_for_save_refuses_a_moved_version(editor):
    story = factories.article("Locked")
    with transaction.atomic():
        lock_for_save(story, expected_version=story.version, user=editor)
        story.save()
    stale = Article.objects.get(pk=story.pk)
    with pytest.raises(StaleEdit, match="Changed by Edith Editor at"):
        with transaction.atomic():
            lock_for_save(stale, expected_version=story.version - 1, user=editor)


def test_restore_brings_back_text_and_credits_as_a_new_revision(editor):
    world, business = factories.section("World"), factories.section("Business")
    story = factories.article("Original headline", body="Original body.", section_obj=world, tags=["Energy"],
                              agencies=["AFP"], bylines=("Ada Reporter",))
    original = story.revisions.get()
    with transaction.atomic():
        lock_for_save(story, expected_version=story.version, user=editor)
        story.headline, story.body, story.section = "Changed headline", "Changed body.", business
        story.save()
        story.tags.set(["Markets"])
        story.agencies.set([Agency.objects.get(short_name="Reuters")])
        set_bylines(story, [(factories.person("Bea Other"), "reporting")])
        record_revision(story, user=editor)

    restored = restore_revision(story, original, user=editor, expected_version=story.version)

    story = Article.objects.get(pk=story.pk)
    assert (story.headline, story.body, story.section) == ("Original headline", "Original body.", world)
    assert sorted(story.tags.names()) == ["Energy"]
    assert [a.short_name for a in story.agencies.all()] == ["AFP"]
    assert [(b.person.name, b.role) for b in story.ordered_bylines()] == [("Ada Reporter", "")]
    assert restored.revision.version == story.version and restored.revision.note == f"Restored version {original.version}"
    assert set(restored.revision.changed) >= {"headline", "body", "section", "tags", "agencies", "bylines"}
    assert Revision.objects.filter(article=story).count() == 3 and restored.notes == []


def test_restore_is_refused_when_someone_saved_since(editor):
    story = factories.article("Before")
    first = story.revisions.get()
    opened = story.version
    transition(story, "submit", user=editor)
    with pytest.raises(StaleEdit):
        restore_revision(story, first, user=editor, expected_version=opened)


def test_restore_says_what_could_not_come_back(editor):
    gone = Section.objects.create(name="Gone", slug="gone")
    story = factories.article("Section later deleted", section_obj=gone)
    old = story.revisions.get()
    Article.objects.filter(pk=story.pk).update(section=factories.section("World"))
    gone.delete()
    restored = restore_revision(story, old, user=editor, expected_version=story.version)
    assert restored.notes == ["Section “Gone” no longer exists; the section was left as it is."]
    assert Article.objects.get(pk=story.pk).section.name == "World"


# --- two real database connections ------------------------------------------------------------
needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite has no row locks (it queues whole-database writes), so two "
           "connections cannot race on one story there",
)


def _in_thread(work):
    """Run `work` in a thread of its own, hence on a database connection of its own."""
    outcome = {}

    def run():
        try:
            outcome["result"] = work()
        except (StaleEdit, TransitionError) as error:  # the refusals under test: handed back to assert on
            outcome["error"] = error
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


@pytest.mark.postgres
@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_two_connections_saving_at_once_cannot_lose_an_edit():
    editor, olga = factories.editor(), factories.editor("olga", "Olga", "Other")
    story = factories.article("Race", body="Original.")
    opened = story.version
    first_locked, release_first = threading.Event(), threading.Event()

    def first_save():
        with transaction.atomic():
            mine = Article.objects.get(pk=story.pk)
            lock_for_save(mine, expected_version=opened, user=olga)
            first_locked.set()
            release_first.wait(10)  # hold the row lock while the second save arrives
            mine.body = "Olga's text."
            mine.save()
        return "saved"

    def second_save():
        first_locked.wait(10)
        with transaction.atomic():
            mine = Article.objects.get(pk=story.pk)
            lock_for_save(mine, expected_version=opened, user=editor)  # waits for the first to commit
            mine.body = "Edith's text."
            mine.save()
        return "saved"

    one, first = _in_thread(first_save)
    two, second = _in_thread(second_save)
    first_locked.wait(10)
    two.join(0.5)
    assert two.is_alive(), "the second save should wait for the first one's row lock"
    release_first.set()
    one.join(10)
    two.join(10)
    assert first == {"result": "saved"}
    assert isinstance(second.get("error"), StaleEdit) and "Changed by Olga Other" in str(second["error"])
    saved = Article.objects.get(pk=story.pk)
    assert saved.body == "Olga's text." and saved.version == opened + 1


@pytest.mark.postgres
@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_two_connections_pressing_buttons_at_once_apply_only_one():
    editor, olga = factories.editor(), factories.editor("olga", "Olga", "Other")
    story = factories.article("Button race")
    story = transition(story, "submit", user=editor)
    opened = story.version
    start = threading.Barrier(2)

    def press(user, action, **inputs):
        def work():
            start.wait(10)
            return transition(Article.objects.get(pk=story.pk), action, user=user, expected_version=opened, **inputs)
        return work

    one, approve = _in_thread(press(olga, "approve"))
    two, send_back = _in_thread(press(editor, "return", note="Not yet."))
    one.join(10)
    two.join(10)
    outcomes = [approve, send_back]
    assert sum("result" in o for o in outcomes) == 1
    refused = next(o["error"] for o in outcomes if "error" in o)
    assert isinstance(refused, TransitionError) and "since you opened it: nothing was done" in str(refused)
    saved = Article.objects.get(pk=story.pk)
    assert saved.transitions.count() == 2 and saved.version == opened + 1
