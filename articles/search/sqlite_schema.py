"""SQLite: the triggers that keep the FTS5 index (migration 0006) in step with the stories.

SQLite will not rebuild a table (Django's way of applying most schema changes there) while a
trigger or view elsewhere names it, so these are dropped before every `migrate` and installed
again after it (signal handlers below); when migrations ran, the index is rebuilt from the text,
since a data migration may have changed stories while no trigger was watching.

The FTS5 tables use external content: they read the text back from `articles_search_source`
(keyed by story id) for snippets and rebuilds. A row leaves such an index only by restating what
was indexed, hence the pairs of triggers: BEFORE a change, "forget" the story using the text as it
still stands; AFTER it, index the new text.
"""
FTS = "articles_search_fts"
# Each FTS5 table, the columns it indexes and its tokenizer (as created by migration 0006).
TABLES = {FTS: "headline, standfirst, body, names", "articles_search_exact": "headline, standfirst, names"}
TOKENIZERS = {FTS: "porter unicode61 remove_diacritics 2", "articles_search_exact": "unicode61 remove_diacritics 2"}

VIEW = """
CREATE VIEW IF NOT EXISTS articles_search_source AS
SELECT a.id AS id, a.headline AS headline, a.standfirst AS standfirst, a.body AS body,
       coalesce(a.dateline_place, '')
         || ' ; ' || coalesce((SELECT group_concat(name, ' ; ') FROM (
                SELECT p.name FROM articles_byline b JOIN articles_person p ON p.id = b.person_id
                 WHERE b.article_id = a.id ORDER BY b.position, b.id)), '')
         || ' ; ' || coalesce((SELECT group_concat(name, ' ; ') FROM (
                SELECT ag.name || ' ' || ag.short_name AS name FROM articles_article_agencies aa
                  JOIN articles_agency ag ON ag.id = aa.agency_id WHERE aa.article_id = a.id ORDER BY ag.id)), '')
         || ' ; ' || coalesce((SELECT group_concat(name, ' ; ') FROM (
                SELECT t.name FROM taggit_taggeditem ti JOIN taggit_tag t ON t.id = ti.tag_id
                  JOIN django_content_type ct ON ct.id = ti.content_type_id
                 WHERE ti.object_id = a.id AND ct.app_label = 'articles' AND ct.model = 'article'
                 ORDER BY t.id)), '') AS names
  FROM articles_article a
"""


def _forget(ids_sql):
    return " ".join(f"INSERT INTO {table}({table}, rowid, {columns}) SELECT 'delete', id, {columns} "
                    f"FROM articles_search_source WHERE id IN ({ids_sql});" for table, columns in TABLES.items())


def index_statements(ids_sql):
    return [f"INSERT INTO {table}(rowid, {columns}) SELECT id, {columns} FROM articles_search_source "
            f"WHERE id IN ({ids_sql})" for table, columns in TABLES.items()]


def index_sql(ids_sql):
    return " ".join(f"{statement};" for statement in index_statements(ids_sql))


TEXT_CHANGED = ("(OLD.headline, OLD.standfirst, OLD.body, OLD.dateline_place) "
                "IS NOT (NEW.headline, NEW.standfirst, NEW.body, NEW.dateline_place)")
ARTICLE_TAG = ("(SELECT 1 FROM django_content_type ct WHERE ct.id = {row}.content_type_id "
               "AND ct.app_label = 'articles' AND ct.model = 'article')")


def _triggers():
    """(name, timing and event, WHEN condition or "", statement) for every trigger."""
    triggers = [
        ("article_insert", "AFTER INSERT ON articles_article", "", index_sql("NEW.id")),
        ("article_update_before", "BEFORE UPDATE ON articles_article", TEXT_CHANGED, _forget("OLD.id")),
        ("article_update_after", "AFTER UPDATE ON articles_article", TEXT_CHANGED, index_sql("NEW.id")),
        ("article_delete", "BEFORE DELETE ON articles_article", "", _forget("OLD.id")),
    ]
    links = [("articles_byline", "article_id", "person_id", ""),
             ("articles_article_agencies", "article_id", "agency_id", ""),
             ("taggit_taggeditem", "object_id", "tag_id, content_type_id", ARTICLE_TAG)]
    for table, column, other, condition in links:
        new, old = condition.format(row="NEW"), condition.format(row="OLD")
        both = f"OLD.{column}, NEW.{column}"
        triggers += [
            (f"{table}_insert_before", f"BEFORE INSERT ON {table}", new, _forget(f"NEW.{column}")),
            (f"{table}_insert_after", f"AFTER INSERT ON {table}", new, index_sql(f"NEW.{column}")),
            (f"{table}_delete_before", f"BEFORE DELETE ON {table}", old, _forget(f"OLD.{column}")),
            (f"{table}_delete_after", f"AFTER DELETE ON {table}", old, index_sql(f"OLD.{column}")),
            (f"{table}_update_before", f"BEFORE UPDATE OF {column}, {other} ON {table}", "", _forget(both)),
            (f"{table}_update_after", f"AFTER UPDATE OF {column}, {other} ON {table}", "", index_sql(both)),
        ]
    names = [
        ("articles_person", ("name",), "SELECT article_id FROM articles_byline WHERE person_id = NEW.id"),
        ("articles_agency", ("name", "short_name"),
         "SELECT article_id FROM articles_article_agencies WHERE agency_id = NEW.id"),
        ("taggit_tag", ("name",), "SELECT ti.object_id FROM taggit_taggeditem ti JOIN django_content_type ct "
                                  "ON ct.id = ti.content_type_id WHERE ti.tag_id = NEW.id "
                                  "AND ct.app_label = 'articles' AND ct.model = 'article'"),
    ]
    for table, columns, ids in names:
        changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in columns)
        triggers += [
            (f"{table}_rename_before", f"BEFORE UPDATE ON {table}", changed, _forget(ids)),
            (f"{table}_rename_after", f"AFTER UPDATE ON {table}", changed, index_sql(ids)),
        ]
    return triggers


TRIGGERS = _triggers()


def is_migrated(connection):
    """True once migration 0006 has created the FTS5 table on this (SQLite) database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s", [FTS])
        return cursor.fetchone() is not None


def is_installed(connection):
    """True when the view and every trigger are in place."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM sqlite_master WHERE type IN ('trigger', 'view') "
                       "AND name LIKE 'articles\\_search\\_%%' ESCAPE '\\'")
        return cursor.fetchone()[0] == len(TRIGGERS) + 1


def install(connection):
    """Create the content view and the triggers (idempotent)."""
    with connection.cursor() as cursor:
        cursor.execute(VIEW)
        for name, event, when, statement in TRIGGERS:
            condition = f"WHEN {when} " if when else ""
            cursor.execute(f"CREATE TRIGGER IF NOT EXISTS articles_search_{name} {event} FOR EACH ROW {condition}"
                           f"BEGIN {statement} END")


def uninstall(connection):
    with connection.cursor() as cursor:
        for name, *_ in TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS articles_search_{name}")
        cursor.execute("DROP VIEW IF EXISTS articles_search_source")


def rebuild(connection):
    """Re-index every story from its text (FTS5's own 'rebuild')."""
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"INSERT INTO {table}({table}) VALUES ('rebuild')")


def before_migrate(using="default", plan=None, **kwargs):
    """Step aside only when migrations will actually run."""
    from django.db import connections

    connection = connections[using]
    if connection.vendor == "sqlite" and plan:
        uninstall(connection)


def after_migrate(using="default", plan=None, **kwargs):
    """Install the triggers again; rebuild the index if anything may have escaped them: migrations
    ran, triggers were missing, or tables were flushed (plan None)."""
    from django.db import connections

    connection = connections[using]
    if connection.vendor != "sqlite" or not is_migrated(connection):
        return
    missing = not is_installed(connection)
    install(connection)
    if plan is None or plan or missing:
        rebuild(connection)
