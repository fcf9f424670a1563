"""PostgreSQL: each search document also holds its story's year, as a lexeme no query can type.

Relevance ranks the newest matches of a common word, so search first looks only after a date that
should hold enough of them. That date used to be a condition on `sort_at`: the database built a
bitmap of every story after it (80,000 at a million stories for a word in 1 % of them: 10–20 ms)
to AND with the word's matches. Now the date is part of the text query itself — the word AND any of
the years since — answered by the one GIN index, which walks the word's (shorter) list and checks
each entry against the years' lists (~2 ms). See articles/search/postgres.py.

The lexeme is "§y" and the year in UTC: "§" is not a word character for any text search parser, so
nothing typed or written in a story can produce or match it, and ranking never sees it (the query
ranked is the user's alone).
"""
import importlib

from django.db import migrations

# The lexeme of a year, defined once.
LEXEME = """
CREATE FUNCTION articles_search_year_lexeme(year int) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT '§y' || year
$$"""

YEAR = """
CREATE FUNCTION articles_search_year(at timestamptz) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT array_to_tsvector(ARRAY[articles_search_year_lexeme(extract(year FROM at AT TIME ZONE 'UTC')::int)])
$$"""

# Any of the years from `since` to `until`, as a tsquery to AND with the words (NULL, matching
# nothing, when `until` is NULL: no stories). Immutable, so the planner folds it into a constant and
# estimates the whole query from the word statistics.
YEARS = """
CREATE FUNCTION articles_search_years(since timestamptz, until timestamptz) RETURNS tsquery
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT string_agg(quote_literal(articles_search_year_lexeme(y)), ' | ')::tsquery
      FROM generate_series(extract(year FROM since AT TIME ZONE 'UTC')::int,
                           extract(year FROM until AT TIME ZONE 'UTC')::int) y
$$"""


def _rows(with_year):
    """0006's articles_search_rows, the document with or without the year."""
    rows = importlib.import_module("articles.migrations.0006_search").PG_ROWS
    plain = "articles_search_vector('newsroom_english', a.headline, a.standfirst, a.body, n.names),"
    assert plain in rows
    if with_year:
        rows = rows.replace(plain, plain[:-1] + "\n               || articles_search_year(coalesce(a.publish_at, a.created_at)),")
    return rows.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1)


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in [LEXEME, YEAR, YEARS, _rows(with_year=True),
                          "UPDATE articles_searchdocument SET document = document || articles_search_year(sort_at)"]:
            schema_editor.execute(statement, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in [
            _rows(with_year=False),
            "UPDATE articles_searchdocument SET document = ts_delete(document, tsvector_to_array(articles_search_year(sort_at)))",
            "DROP FUNCTION articles_search_years(timestamptz, timestamptz)",
            "DROP FUNCTION articles_search_year(timestamptz)",
            "DROP FUNCTION articles_search_year_lexeme(int)",
        ]:
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("articles", "0011_fewer_write_indexes")]

    operations = [migrations.RunPython(forward, backward)]
