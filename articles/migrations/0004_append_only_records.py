"""Corrections and the status log are append-only, in the database itself.

A row's content (text, type, time, story; or action, statuses, time, note) can never be
changed once written, whatever code or SQL tries. Clearing the author when a user account is
deleted (SET NULL) stays possible. Deleting rows stays possible for the database (a never-
published draft may be deleted with its records); the admin never offers it.
"""
from django.db import migrations

GUARDED = {
    "articles_correction": ["text", "kind", "created_at", "article_id"],
    "articles_transition": ["from_status", "to_status", "action", "at", "note", "article_id"],
}
MESSAGE = "{table} rows are append-only: add a new one instead of changing this one"


def _sqlite(table, columns):
    changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in columns)
    message = MESSAGE.format(table=table)
    return [
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE ON {table} FOR EACH ROW WHEN {changed} "
        f"BEGIN SELECT RAISE(ABORT, '{message}'); END;"
    ], [f"DROP TRIGGER IF EXISTS {table}_append_only;"]


def _postgresql(table, columns):
    old = ", ".join(f"OLD.{c}" for c in columns)
    new = ", ".join(f"NEW.{c}" for c in columns)
    message = MESSAGE.format(table=table)
    return [
        f"""CREATE OR REPLACE FUNCTION {table}_append_only() RETURNS trigger AS $$
        BEGIN
            IF ROW({old}) IS DISTINCT FROM ROW({new}) THEN
                RAISE EXCEPTION '{message}' USING ERRCODE = 'integrity_constraint_violation';
            END IF;
            RETURN NEW;
        END $$ LANGUAGE plpgsql;""",
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE ON {table} FOR EACH ROW "
        f"EXECUTE FUNCTION {table}_append_only();",
    ], [f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};", f"DROP FUNCTION IF EXISTS {table}_append_only();"]


BUILDERS = {"sqlite": _sqlite, "postgresql": _postgresql}


def _run(schema_editor, which):
    build = BUILDERS.get(schema_editor.connection.vendor)
    if build is None:
        return  # other databases: the admin and the workflow still never change these rows
    for table, columns in GUARDED.items():
        for statement in build(table, columns)[which]:
            schema_editor.execute(statement)


def forwards(apps, schema_editor):
    _run(schema_editor, 0)


def backwards(apps, schema_editor):
    _run(schema_editor, 1)


class Migration(migrations.Migration):
    dependencies = [("articles", "0003_dispatch_story_key")]
    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
