"""Report stories whose search document is stale; exits non-zero if there are any."""
import time

from django.core.management.base import BaseCommand, CommandError

from articles.search import stale_articles

SHOWN = 50


class Command(BaseCommand):
    help = "Compare every story's search document with its text; list the stale ones (there should be none)."

    def add_arguments(self, parser):
        parser.add_argument("--database", default="default")

    def handle(self, *args, database, **options):
        shown = [0.0]

        def progress(done, total):
            if done == total or time.monotonic() - shown[0] >= 1:
                shown[0] = time.monotonic()
                self.stderr.write(f"  checked {done:,} / {total:,}")

        stale = stale_articles(database, progress)
        if stale:
            listed = ", ".join(map(str, stale[:SHOWN])) + (" …" if len(stale) > SHOWN else "")
            raise CommandError(f"{len(stale):,} stories have a stale search document: {listed}\n"
                               "Run `manage.py rebuild_search_index` to fix them.")
        self.stdout.write(self.style.SUCCESS("Every search document is up to date."))
