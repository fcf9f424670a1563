"""The search index is the database's job: commands to rebuild and check it, and (SQLite) the
triggers stepping aside while migrations rebuild tables."""
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from articles.models import Article
from articles.search import search, stale_articles
from articles.search import postgres, sqlite_schema
from tests import factories


def _make_stale(story, new_body):
    """Change a story's text behind the index's back (each database needs its own way round the
    triggers)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            postgres.flush_pending(connection.alias)  # as if the story's transaction had committed
            cursor.execute("UPDATE articles_searchdocument SET document = to_tsvector('simple', 'tampered') "
                           "WHERE article_id = %s", [story.pk])
        else:
            sqlite_schema.uninstall(connection)
            cursor.execute("UPDATE articles_article SET body = %s WHERE id = %s", [new_body, story.pk])
            sqlite_schema.install(connection)


@pytest.mark.django_db
def test_check_reports_stale_stories_and_rebuild_fixes_them(capsys):
    fresh = factories.published("Fresh story", body="Walrus colony counted.")
    stale = factories.published("Stale story", body="Penguin colony counted.")
    call_command("check_search_index")
    assert "up to date" in capsys.readouterr().out

    _make_stale(stale, "Albatross colony counted.")
    with pytest.raises(CommandError, match=rf"1 stories have a stale search document: {stale.pk}\b"):
        call_command("check_search_index")

    call_command("rebuild_search_index")
    out = capsys.readouterr().out
    assert "2 / 2 stories" in out and "rebuilt" in out
    assert stale_articles() == []
    assert [h.article for h in search(Article.objects.all(), "colony").hits] in ([fresh, stale], [stale, fresh])


@pytest.mark.django_db
def test_check_passes_after_ordinary_editing():
    story = factories.published("Dam report", tags=["Water"], agencies=["AP"])
    story.tags.add("Energy")
    story.headline = "Dam report, updated"
    story.save()
    story.bylines.all().delete()
    assert stale_articles() == []


@pytest.mark.django_db(transaction=True)
def test_sqlite_triggers_step_aside_for_table_rebuilds_and_come_back():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only: PostgreSQL alters tables in place, its triggers never move")
    factories.published("Kelp forest survey", body="Divers mapped the kelp.")
    sqlite_schema.before_migrate(using="default", plan=[("a migration", False)])
    # What Django does for most schema changes on SQLite: copy the table, drop it, rename the copy.
    # It fails while any trigger or view names the table; now it must succeed.
    with connection.schema_editor() as editor:
        editor._remake_table(Article)
    Article.objects.filter(headline="Kelp forest survey").update(body="Divers mapped the seagrass.")
    sqlite_schema.after_migrate(using="default", plan=[("a migration", False)])
    assert sqlite_schema.is_installed(connection)
    assert [h.article.headline for h in search(Article.objects.all(), "seagrass").hits] == ["Kelp forest survey"]
    assert stale_articles() == []


@pytest.mark.django_db
def test_sqlite_missing_triggers_are_restored_after_migrate():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only: its triggers are installed after migrate")
    story = factories.published("Orchard frost", body="Apples survived.")
    sqlite_schema.uninstall(connection)
    Article.objects.filter(pk=story.pk).update(body="Pears survived.")
    sqlite_schema.after_migrate(using="default", plan=[])
    assert [h.article for h in search(Article.objects.all(), "pears").hits] == [story]


def _finds(text):
    return [h.article.headline for h in search(Article.objects.all(), text).hits]


@pytest.mark.django_db(transaction=True)
def test_a_story_written_in_several_statements_is_indexed_whole_at_commit():
    # On PostgreSQL the document is computed once at commit (migration 0007); inside the open
    # transaction a search still sees the transaction's own writes.
    from django.db import transaction

    with transaction.atomic():
        story = factories.published("Harbour dredging plan", body="Silt is removed.", tags=["Shipping"])
        story.tags.add("Estuaries")
        story.bylines.all().delete()
        assert _finds("estuaries") == ["Harbour dredging plan"]
        story.headline = "Harbour dredging plan approved"
        story.save()
    assert _finds("estuaries") == _finds("approved") == ["Harbour dredging plan approved"]
    assert _finds("Ada") == []  # the byline removed in the same transaction
    assert stale_articles() == []

    with connection.cursor() as cursor:  # raw SQL behind the ORM's back is indexed all the same
        cursor.execute("UPDATE articles_article SET body = 'Dredgers found a wreck.' WHERE id = %s", [story.pk])
    assert _finds("wreck") == ["Harbour dredging plan approved"]
    assert stale_articles() == []


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_story_leaves_nothing_in_the_index():
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        factories.published("Lighthouse sold", body="Keepers leave.")
        assert _finds("lighthouse") == ["Lighthouse sold"]
        raise RuntimeError("the file was refused")
    assert _finds("lighthouse") == []
    assert stale_articles() == []
