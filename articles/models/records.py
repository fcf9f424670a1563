"""What happened to a story: wire dispatches received, status changes, revisions, corrections."""
from django.conf import settings
from django.db import models
from django.utils import timezone

from .article import Article, Status


class Dispatch(models.Model):
    """One wire file as received: the provenance of a story's text, kept verbatim."""

    class Format(models.TextChoices):
        TEXT = "text", "Plain text"
        NINJS = "ninjs", "IPTC ninjs"
        NITF = "nitf", "NITF"
        NEWSMLG2 = "newsmlg2", "NewsML-G2"
        STAFF = "staff", "Staff copy"

    article = models.ForeignKey(Article, null=True, on_delete=models.CASCADE, related_name="dispatches")
    format = models.CharField(max_length=20, choices=Format.choices)
    source_id = models.CharField(max_length=255, blank=True,
                                 help_text="The sender's own identifier for the story.")
    version = models.CharField(max_length=50, blank=True, help_text="The sender's version or revision, if given.")
    file_name = models.CharField(max_length=500, blank=True)
    checksum = models.CharField(max_length=64, editable=False,
                                help_text="SHA-256 of the text (whitespace-insensitive): the same file twice is one story.")
    # As received, to recognise a later version of the same story even after the desk edited it.
    wire_headline = models.CharField(max_length=300, blank=True)
    dateline_place = models.CharField(max_length=100, blank=True)
    dateline_date = models.DateField(null=True, blank=True)
    agency = models.ForeignKey("Agency", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                               db_index=False)  # dispatch_story_key_idx leads with it
    raw_text = models.TextField(help_text="The dispatch exactly as received (decoded).")
    received_at = models.DateTimeField(default=timezone.now)
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    applied = models.BooleanField(default=True, help_text="Off when the story was already published: the desk reviews it.")

    class PubStatus(models.TextChoices):
        USABLE = "usable", "Usable"
        WITHHELD = "withheld", "Withheld: do not use until released"
        CANCELED = "canceled", "Cancelled (kill): do not use"

    pubstatus = models.CharField("wire status", max_length=10, choices=PubStatus.choices, default=PubStatus.USABLE,
                                 help_text="What the sender said about using it.")

    class Meta:
        ordering = ["-received_at"]
        verbose_name_plural = "dispatches"
        # Finding what a dispatch is a version of: by source id, by identical text, or by story key.
        # Plain indexes (a CharField's db_index adds a second one for LIKE, never used here).
        indexes = [models.Index(fields=["agency", "dateline_place", "wire_headline"], name="dispatch_story_key_idx"),
                   models.Index(fields=["source_id"], name="dispatch_source_idx"),
                   models.Index(fields=["checksum"], name="dispatch_checksum_idx")]

    def __str__(self):
        return f"{self.get_format_display()} {self.source_id or self.file_name}"


class Transition(models.Model):
    """Audit log: one row per status change, written by workflow.transition only."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=20, choices=Status.choices)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    action = models.CharField(max_length=30)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.action}: {self.from_status} → {self.to_status}"


class Revision(models.Model):
    """A snapshot of a story's editable fields after one save: who, when, what changed."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions",
                                db_index=False)  # revision_unique_version leads with it
    version = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    data = models.JSONField()
    changed = models.JSONField(default=list, help_text="Names of the fields this save changed.")
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-version"]
        constraints = [models.UniqueConstraint(fields=["article", "version"], name="revision_unique_version")]

    def __str__(self):
        return f"version {self.version}"


class Correction(models.Model):
    """A dated public note on a published story. Append-only once public."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", "Correction"
        CLARIFICATION = "clarification", "Clarification"
        UPDATE = "update", "Update"
        EDITORS_NOTE = "editors_note", "Editor’s note"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.CORRECTION)
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} of {self.created_at:%Y-%m-%d}"
