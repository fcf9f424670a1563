"""Reading dispatch files from disk or upload: one file, one transaction, one outcome."""
import os
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError

from ..editing import StaleEdit
from ..workflow import TransitionError
from .base import MAX_BYTES, ParseError
from .detect import parse
from .store import store_dispatch

SKIPPED_NAMES = {".DS_Store", "Thumbs.db"}


@dataclass
class FileOutcome:
    name: str
    outcome: str = ""  # "created", "updated", "unchanged", "held for review" or "failed"
    article: object = None
    error: str = ""


def ingest_bytes(data, name, *, format=None, status="draft", user=None, section=None, run=None):
    """Parse and store one file's bytes, in one transaction. Never raises for bad input: the outcome
    says why. Pass one IngestRun to every file of a run to share its lookups."""
    try:
        parsed = parse(data, format=format, tz=ZoneInfo(settings.INGEST_TIME_ZONE))
        result = store_dispatch(parsed, user=user, status=status, section=section, file_name=name, run=run)
    except (ParseError, TransitionError, StaleEdit) as error:
        return FileOutcome(name, "failed", error=str(error))
    except ValidationError as error:
        return FileOutcome(name, "failed", error="; ".join(error.messages))
    except DatabaseError as error:
        return FileOutcome(name, "failed", error=f"database refused it: {error}")
    return FileOutcome(name, result.outcome, article=result.article)


def dispatch_paths(paths):
    """Files named, and every file under folders named (sorted, hidden files skipped)."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith(".") and name not in SKIPPED_NAMES:
                        yield Path(root) / name
        else:
            yield path


def read_file(path):
    """The bytes of `path`, or a ParseError naming what is wrong with it."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ParseError(f"file is {size:,} bytes; the limit for one dispatch is {MAX_BYTES:,}")
        return path.read_bytes()
    except FileNotFoundError:
        raise ParseError("no such file") from None
    except OSError as error:
        raise ParseError(f"cannot read: {error.strerror}") from None
