"""Re-index every story for search (after restoring a backup, or when check_search_index says so)."""
import time

from django.core.management.base import BaseCommand

from articles.search import rebuild_index


class Command(BaseCommand):
    help = "Recompute the search document of every story, showing progress."

    def add_arguments(self, parser):
        parser.add_argument("--database", default="default")

    def handle(self, *args, database, **options):
        started = time.monotonic()
        shown = [0.0]

        def progress(done, total):
            if done == total or time.monotonic() - shown[0] >= 1:
                shown[0] = time.monotonic()
                self.stdout.write(f"  {done:,} / {total:,} stories")

        rebuild_index(database, progress)
        self.stdout.write(self.style.SUCCESS(f"Search index rebuilt in {time.monotonic() - started:.1f} s."))
