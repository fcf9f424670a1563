import sys
import time

from django.core.management.base import BaseCommand, CommandError

from articles.ingest import PARSERS
from articles.ingest.base import ParseError
from articles.ingest.files import FileOutcome, dispatch_paths, ingest_bytes, read_file
from articles.ingest.store import OUTCOMES, IngestRun
from articles.models import Section, Status


class Command(BaseCommand):
    help = ("Ingest wire dispatches (files or folders). Each file is one transaction: a bad file is "
            "reported and skipped. Exit status 1 if any file failed.")

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--format", choices=sorted(PARSERS), help="Force a format instead of detecting it.")
        parser.add_argument("--status", choices=[Status.DRAFT, Status.PUBLISHED], default=Status.DRAFT,
                            help="'published' imports past coverage as published at the wire's time.")
        parser.add_argument("--section", help="Slug of the section the stories go to.")
        parser.add_argument("--fast", action="store_true",
                            help="Archive loads on PostgreSQL: commit each file without waiting for the disk. "
                                 "A crash may lose the last moment's stories; running the load again restores them.")

    def handle(self, *args, **options):
        paths = options["paths"]
        section = None
        if options["section"]:
            section = Section.objects.filter(slug=options["section"]).first()
            if section is None:
                raise CommandError(f"No section with slug “{options['section']}”.")
        files = list(dispatch_paths(paths))
        if not files:
            raise CommandError("No files found.")
        tty = self.stdout.isatty()
        counts = {}
        failures = []
        started = time.monotonic()
        run = IngestRun(wait_for_disk=not options["fast"])
        for index, path in enumerate(files, 1):
            try:
                data = read_file(path)
            except ParseError as error:
                outcome = FileOutcome(str(path), "failed", error=str(error))
            else:
                outcome = ingest_bytes(data, str(path), format=options["format"], status=options["status"],
                                       section=section, run=run)
            counts[outcome.outcome] = counts.get(outcome.outcome, 0) + 1
            if outcome.outcome == "failed":
                failures.append(outcome)
                self.stderr.write(f"{path}: {outcome.error}")
            if tty:
                self._progress(index, len(files), started)
            elif options["verbosity"] >= 1 and outcome.outcome != "failed":
                self.stdout.write(f"{path}: {outcome.outcome} “{outcome.article.headline}”")
        if tty:
            self.stdout.write("")
        summary = ", ".join(f"{counts.get(k, 0)} {k}" for k in OUTCOMES + ("failed",))
        self.stdout.write(f"{len(files)} file(s): {summary} in {time.monotonic() - started:.1f}s")
        if failures:
            sys.exit(1)

    def _progress(self, done, total, started):
        width = 30
        filled = width * done // total
        rate = done / max(time.monotonic() - started, 1e-6)
        self.stdout.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} ({rate:.0f}/s)", ending="")
        self.stdout.flush()
