"""PostgreSQL: finer statistics on the search documents' words.

At the default target the planner tracks the ~1,000 most common words and guesses the same count
(~5,000 at a million stories) for every other word, whether it matches 300 stories or 12,000;
search decides from that guess whether to count matches or rank the newest ones (see
articles/search/postgres.py). Tracking ten times as many words makes the guess close (ANALYZE reads
more rows: seconds at a million stories).
"""
from django.db import migrations


def _set(target):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"ALTER TABLE articles_searchdocument ALTER COLUMN document SET STATISTICS {target}")
    return run


class Migration(migrations.Migration):
    dependencies = [("articles", "0009_article_newest_idx")]

    operations = [migrations.RunPython(_set(1000), _set(-1))]
