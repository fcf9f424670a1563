"""PostgreSQL: find the stored pages that list a story as related through an index.

When a published story changes, every stored page listing it among its related stories is dropped
(articles/cache.py: `related_ids LIKE '%,<id>,%'`). Without an index that was a scan of every stored
page on each save of a published story; a trigram index (pg_trgm, shipped with PostgreSQL like
unaccent) answers the same LIKE from the id's few trigrams. SQLite (small sites) keeps the scan.
"""
from django.db import migrations


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm", params=None)
        schema_editor.execute("CREATE INDEX articles_storypage_related_trgm ON articles_storypage "
                              "USING gin (related_ids gin_trgm_ops)", params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS articles_storypage_related_trgm", params=None)


class Migration(migrations.Migration):
    dependencies = [("articles", "0013_search_inline_documents")]

    operations = [migrations.RunPython(forward, backward)]
