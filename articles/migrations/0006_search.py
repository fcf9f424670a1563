"""Staff and reader search: an index the database keeps itself.

PostgreSQL: `articles_searchdocument` (one row per story: weighted English tsvector with a GIN
index, an unstemmed tsvector for exact-match boosting, and copies of the facts search filters and
counts on: date, status, section, language, urgency, agencies), refreshed by triggers on every table
the document is built from. No views and no trigger WHEN clauses: both
would pin the column types of articles_article and make a later `AlterField` fail.

SQLite: the FTS5 table. Its triggers and content view are (re)installed after every `migrate` by
articles.search.sqlite_schema, because SQLite refuses to rebuild a table (which Django does for
most schema changes) while any trigger or view elsewhere names it.
"""
import django.contrib.postgres.fields
import django.contrib.postgres.search
from django.db import migrations, models

# The story's text and the names around it, for any set of stories. The document is defined ONCE,
# here: triggers, the rebuild command and the staleness check all call this function.
# `exact` leaves the body out: parsing text is most of the cost of a document, and an exact word
# form counts most in the headline, standfirst and names.
PG_ROWS = """
CREATE FUNCTION articles_search_rows(ids bigint[])
RETURNS TABLE (article_id bigint, document tsvector, exact tsvector, sort_at timestamptz, status varchar,
               section_id bigint, language varchar, urgency smallint, agency_ids bigint[])
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT a.id,
           articles_search_vector('newsroom_english', a.headline, a.standfirst, a.body, n.names),
           articles_search_vector('newsroom_simple', a.headline, a.standfirst, NULL, n.names),
           coalesce(a.publish_at, a.created_at), a.status, a.section_id, a.language, a.urgency,
           ARRAY(SELECT aa.agency_id FROM articles_article_agencies aa WHERE aa.article_id = a.id ORDER BY 1)
      FROM articles_article a
     CROSS JOIN LATERAL (SELECT concat_ws(' ; ',
            a.dateline_place,
            (SELECT string_agg(p.name, ' ; ' ORDER BY b.position, b.id)
               FROM articles_byline b JOIN articles_person p ON p.id = b.person_id WHERE b.article_id = a.id),
            (SELECT string_agg(concat_ws(' ', ag.name, ag.short_name), ' ; ' ORDER BY ag.id)
               FROM articles_article_agencies aa JOIN articles_agency ag ON ag.id = aa.agency_id
              WHERE aa.article_id = a.id),
            (SELECT string_agg(t.name, ' ; ' ORDER BY t.id)
               FROM taggit_taggeditem ti JOIN taggit_tag t ON t.id = ti.tag_id
               JOIN django_content_type ct ON ct.id = ti.content_type_id
              WHERE ti.object_id = a.id AND ct.app_label = 'articles' AND ct.model = 'article')
        ) AS names) n
     WHERE a.id = ANY(ids)
$$"""

PG_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    # Accents are folded token by token inside the configurations (not by unaccent() over the
    # whole text), so ts_headline marks "Montréal" in the original text for the query "Montreal".
    "CREATE TEXT SEARCH CONFIGURATION newsroom_english (COPY = pg_catalog.english)",
    "ALTER TEXT SEARCH CONFIGURATION newsroom_english ALTER MAPPING FOR word, hword, hword_part "
    "WITH unaccent, english_stem",
    "CREATE TEXT SEARCH CONFIGURATION newsroom_simple (COPY = pg_catalog.simple)",
    "ALTER TEXT SEARCH CONFIGURATION newsroom_simple ALTER MAPPING FOR word, hword, hword_part WITH unaccent, simple",
    """
    CREATE TABLE articles_searchdocument (
        article_id bigint PRIMARY KEY,
        document tsvector NOT NULL,
        exact tsvector NOT NULL,
        sort_at timestamptz NOT NULL,
        status varchar(20) NOT NULL,
        section_id bigint,
        language varchar(35) NOT NULL,
        urgency smallint NOT NULL,
        agency_ids bigint[] NOT NULL
    )""",
    "CREATE INDEX articles_search_document_gin ON articles_searchdocument USING gin (document)",
    "CREATE INDEX articles_search_sort_at ON articles_searchdocument (sort_at DESC, article_id DESC)",
    # Filters combine with the text match by bitmap AND, so a rare filter on a common word reads
    # only the rows that pass both.
    "CREATE INDEX articles_search_section ON articles_searchdocument (section_id)",
    "CREATE INDEX articles_search_status ON articles_searchdocument (status)",
    "CREATE INDEX articles_search_language ON articles_searchdocument (language)",
    "CREATE INDEX articles_search_urgency ON articles_searchdocument (urgency)",
    "CREATE INDEX articles_search_agencies ON articles_searchdocument USING gin (agency_ids)",
    """
    CREATE FUNCTION articles_search_content_type() RETURNS integer LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT id FROM django_content_type WHERE app_label = 'articles' AND model = 'article'
    $$""",
    """
    CREATE FUNCTION articles_search_vector(cfg regconfig, headline text, standfirst text, body text, names text)
    RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT setweight(to_tsvector(cfg, coalesce(headline, '')), 'A')
            || setweight(to_tsvector(cfg, coalesce(standfirst, '')), 'B')
            || setweight(to_tsvector(cfg, coalesce(body, '')), 'C')
            || setweight(to_tsvector(cfg, coalesce(names, '')), 'D')
    $$""",
    PG_ROWS,
    """
    CREATE FUNCTION articles_search_refresh(ids bigint[]) RETURNS void LANGUAGE sql AS $$
        INSERT INTO articles_searchdocument AS d SELECT * FROM articles_search_rows(ids)
        ON CONFLICT (article_id) DO UPDATE
           SET document = EXCLUDED.document, exact = EXCLUDED.exact, sort_at = EXCLUDED.sort_at,
               status = EXCLUDED.status, section_id = EXCLUDED.section_id, language = EXCLUDED.language,
               urgency = EXCLUDED.urgency, agency_ids = EXCLUDED.agency_ids
    $$""",
    # The story itself, row by row; ordinary saves (status, version, counters) cost one comparison.
    """
    CREATE FUNCTION articles_search_article_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            DELETE FROM articles_searchdocument WHERE article_id = OLD.id;
        ELSIF TG_OP = 'INSERT'
           OR (OLD.headline, OLD.standfirst, OLD.body, OLD.dateline_place)
              IS DISTINCT FROM (NEW.headline, NEW.standfirst, NEW.body, NEW.dateline_place) THEN
            PERFORM articles_search_refresh(ARRAY[NEW.id]);
        ELSIF (OLD.publish_at, OLD.created_at, OLD.status, OLD.section_id, OLD.language, OLD.urgency)
              IS DISTINCT FROM (NEW.publish_at, NEW.created_at, NEW.status, NEW.section_id, NEW.language, NEW.urgency)
        THEN  -- the facts search filters on, copied here so a search never has to read the wide story rows
            UPDATE articles_searchdocument SET sort_at = coalesce(NEW.publish_at, NEW.created_at),
                   status = NEW.status, section_id = NEW.section_id, language = NEW.language, urgency = NEW.urgency
             WHERE article_id = NEW.id;
        END IF;
        RETURN NULL;
    END $$""",
    """
    CREATE TRIGGER articles_search_article AFTER INSERT OR UPDATE OR DELETE ON articles_article
    FOR EACH ROW EXECUTE FUNCTION articles_search_article_changed()""",
    """
    CREATE FUNCTION articles_search_article_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        TRUNCATE articles_searchdocument;
        RETURN NULL;
    END $$""",
    """
    CREATE TRIGGER articles_search_article_truncate AFTER TRUNCATE ON articles_article
    FOR EACH STATEMENT EXECUTE FUNCTION articles_search_article_truncated()""",
    # Link tables, once per statement (set_bylines rewrites several rows at once).
    # TG_ARGV[0] selects the affected story ids from the transition table named by %1$s.
    """
    CREATE FUNCTION articles_search_links_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        ids bigint[] := '{}';
        more bigint[];
    BEGIN
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            EXECUTE format('SELECT array_agg(x) FROM (' || TG_ARGV[0] || ') s(x)', 'new_rows') INTO more;
            ids := ids || coalesce(more, '{}');
        END IF;
        IF TG_OP IN ('DELETE', 'UPDATE') THEN
            EXECUTE format('SELECT array_agg(x) FROM (' || TG_ARGV[0] || ') s(x)', 'old_rows') INTO more;
            ids := ids || coalesce(more, '{}');
        END IF;
        IF cardinality(ids) > 0 THEN
            PERFORM articles_search_refresh(ARRAY(SELECT DISTINCT unnest(ids)));
        END IF;
        RETURN NULL;
    END $$""",
    # A renamed person, agency or tag changes every document that names it.
    # TG_ARGV[0]: the columns that matter; TG_ARGV[1]: the affected story ids for row id $1.
    """
    CREATE FUNCTION articles_search_name_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        changed boolean;
    BEGIN
        EXECUTE format('SELECT ($1).%1$s IS DISTINCT FROM ($2).%1$s', TG_ARGV[0]) INTO changed USING OLD, NEW;
        IF changed THEN
            EXECUTE 'SELECT articles_search_refresh(ARRAY(' || TG_ARGV[1] || '))' USING NEW.id;
        END IF;
        RETURN NULL;
    END $$""",
]

PG_LINKS = {
    "articles_byline": "SELECT article_id FROM %1$s",
    "articles_article_agencies": "SELECT article_id FROM %1$s",
    "taggit_taggeditem": "SELECT object_id FROM %1$s WHERE content_type_id = articles_search_content_type()",
}
for _table, _select in PG_LINKS.items():
    PG_FORWARD += [
        f"CREATE TRIGGER articles_search_insert AFTER INSERT ON {_table} REFERENCING NEW TABLE AS new_rows "
        f"FOR EACH STATEMENT EXECUTE FUNCTION articles_search_links_changed('{_select}')",
        f"CREATE TRIGGER articles_search_update AFTER UPDATE ON {_table} "
        f"REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows "
        f"FOR EACH STATEMENT EXECUTE FUNCTION articles_search_links_changed('{_select}')",
        f"CREATE TRIGGER articles_search_delete AFTER DELETE ON {_table} REFERENCING OLD TABLE AS old_rows "
        f"FOR EACH STATEMENT EXECUTE FUNCTION articles_search_links_changed('{_select}')",
    ]

PG_NAMED = {
    "articles_person": ("name", "SELECT article_id FROM articles_byline WHERE person_id = $1"),
    "articles_agency": ("name", "SELECT article_id FROM articles_article_agencies WHERE agency_id = $1"),
    "taggit_tag": ("name", "SELECT object_id FROM taggit_taggeditem "
                           "WHERE tag_id = $1 AND content_type_id = articles_search_content_type()"),
}
PG_FORWARD += [
    f"CREATE TRIGGER articles_search_rename AFTER UPDATE ON {_table} FOR EACH ROW "
    f"EXECUTE FUNCTION articles_search_name_changed('{_column}', '{_select}')"
    for _table, (_column, _select) in PG_NAMED.items()
]
# An agency's short name is in the document too.
PG_FORWARD.append(
    "CREATE TRIGGER articles_search_rename_short AFTER UPDATE ON articles_agency FOR EACH ROW "
    f"EXECUTE FUNCTION articles_search_name_changed('short_name', '{PG_NAMED['articles_agency'][1]}')"
)
PG_FORWARD.append(
    "INSERT INTO articles_searchdocument SELECT * FROM articles_search_rows(ARRAY(SELECT id FROM articles_article))"
)

PG_BACKWARD = [
    *[f"DROP TRIGGER IF EXISTS articles_search_{op} ON {t}" for t in PG_LINKS for op in ("insert", "update", "delete")],
    *[f"DROP TRIGGER IF EXISTS articles_search_rename ON {t}" for t in PG_NAMED],
    "DROP TRIGGER IF EXISTS articles_search_rename_short ON articles_agency",
    "DROP TRIGGER IF EXISTS articles_search_article ON articles_article",
    "DROP TRIGGER IF EXISTS articles_search_article_truncate ON articles_article",
    "DROP FUNCTION IF EXISTS articles_search_name_changed()",
    "DROP FUNCTION IF EXISTS articles_search_links_changed()",
    "DROP FUNCTION IF EXISTS articles_search_article_truncated()",
    "DROP FUNCTION IF EXISTS articles_search_article_changed()",
    "DROP FUNCTION IF EXISTS articles_search_refresh(bigint[])",
    "DROP FUNCTION IF EXISTS articles_search_rows(bigint[])",
    "DROP FUNCTION IF EXISTS articles_search_vector(regconfig, text, text, text, text)",
    "DROP FUNCTION IF EXISTS articles_search_content_type()",
    "DROP TABLE IF EXISTS articles_searchdocument",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS newsroom_simple",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS newsroom_english",
]

# Column order and tokenizers are what articles/search/sqlite.py weighs with bm25: the main table
# stems (Porter) like PostgreSQL's English configuration; the second keeps exact word forms of the
# headline, standfirst and names, to boost exact matches. The content view and the triggers come
# from articles.search.sqlite_schema after migrate.
SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE articles_search_fts USING fts5(
        headline, standfirst, body, names, content='articles_search_source', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2')""",
    """CREATE VIRTUAL TABLE articles_search_exact USING fts5(
        headline, standfirst, names, content='articles_search_source', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2')""",
]
SQLITE_BACKWARD = ["DROP TABLE IF EXISTS articles_search_fts", "DROP TABLE IF EXISTS articles_search_exact"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement, params=None)
    return run


def _sqlite_unhook(apps, schema_editor):
    # Going back past this migration: drop the triggers and view first (they use the FTS table).
    if schema_editor.connection.vendor == "sqlite":
        from articles.search import sqlite_schema

        sqlite_schema.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_reader_renditions_and_pages"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                ("article", models.OneToOneField(db_constraint=False, on_delete=models.deletion.DO_NOTHING,
                                                 primary_key=True, related_name="search_document",
                                                 serialize=False, to="articles.article")),
                ("document", django.contrib.postgres.search.SearchVectorField(
                    help_text="English stems: headline A, standfirst B, body C, names D.")),
                ("exact", django.contrib.postgres.search.SearchVectorField(
                    help_text="Headline, standfirst and names unstemmed, to boost exact matches.")),
                ("sort_at", models.DateTimeField(
                    help_text="The story's date for recency: go-live time, else creation time.")),
                ("status", models.CharField(max_length=20)),
                ("section_id", models.BigIntegerField(null=True)),
                ("language", models.CharField(max_length=35)),
                ("urgency", models.SmallIntegerField()),
                ("agency_ids", django.contrib.postgres.fields.ArrayField(base_field=models.BigIntegerField(), size=None)),
            ],
            options={"db_table": "articles_searchdocument", "managed": False},
        ),
        migrations.RunPython(migrations.RunPython.noop, _sqlite_unhook),
        migrations.RunPython(
            _run({"postgresql": PG_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": PG_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        ),
    ]
