"""The story itself, its bylines, and the one visibility rule."""
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from taggit.managers import TaggableManager

from ..rendering import render_body
from .taxonomy import Agency, Person, Section


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    APPROVED = "approved", "Approved"
    PUBLISHED = "published", "Published"
    WITHDRAWN = "withdrawn", "Withdrawn"


def public_candidates(now):
    """What every public story has for certain at `now`, as (status, latest go-live time): part of
    the visibility rule (embargoes are the rest), so not enough on its own. Stores holding copies
    of a story's status and date (the search table) use it to pass over at once what cannot be
    public; public() still decides on each story they keep."""
    return Status.PUBLISHED, now


class ArticleQuerySet(models.QuerySet):
    def public(self, now=None):
        """THE visibility rule: every public channel starts here.

        Public means published, its go-live time reached and its embargo (if any) lifted. It is
        decided at read time, so scheduled stories go live without any job running.
        """
        now = now or timezone.now()
        status, live_by = public_candidates(now)
        return self.filter(status=status, publish_at__lte=live_by).filter(
            Q(embargo_until__isnull=True) | Q(embargo_until__lte=now)
        )

    def latest_first(self):
        return self.order_by("-publish_at", "-pk")

    def for_listing(self):
        """What a list of story teasers needs, in a fixed number of queries."""
        return self.select_related("section", "lead_image").prefetch_related(
            models.Prefetch("bylines", queryset=Byline.objects.select_related("person")),
            "agencies",
        )


def new_guid():
    return f"urn:uuid:{uuid.uuid4()}"


class Article(models.Model):
    guid = models.CharField(max_length=255, unique=True, default=new_guid, editable=False,
                            help_text="Stable identifier, never reused.")
    headline = models.CharField(max_length=300)
    headline_is_proposed = models.BooleanField(
        "needs a headline", default=False,
        help_text="The headline was proposed by ingest from the lede; write a real one before publishing.",
    )
    # Looked up with the date (the unique public URL's index); an index of its own would only cost
    # every write (wire ingest stores hundreds of stories a second). Same for status and section.
    slug = models.SlugField(max_length=200, allow_unicode=True, blank=True, db_index=False,
                            help_text="The last part of the story's address. Filled from the headline if left empty.")
    standfirst = models.TextField(blank=True, help_text="One or two sentences under the headline.")
    body = models.TextField(blank=True, help_text="Markdown: blank line between paragraphs, “## ” for a subhead, “> ” for a quote.")
    body_html = models.TextField(blank=True, editable=False)
    section = models.ForeignKey(Section, null=True, blank=True, on_delete=models.PROTECT, related_name="articles",
                                db_index=False)  # article_section_idx leads with it
    tags = TaggableManager(blank=True)
    language = models.CharField(max_length=35, default="en", help_text="BCP 47 language tag, e.g. en, fr, pt-BR.")
    dateline_place = models.CharField(max_length=100, blank=True)
    dateline_date = models.DateField(null=True, blank=True)
    agencies = models.ManyToManyField(Agency, blank=True, related_name="articles", verbose_name="agency credits")
    people = models.ManyToManyField(Person, through="Byline", related_name="articles", blank=True)
    urgency = models.PositiveSmallIntegerField(default=5, help_text="IPTC urgency: 1 flash … 8 lowest.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False)
    publish_at = models.DateTimeField(null=True, blank=True, editable=False,
                                      help_text="When the story goes (or went) live.")
    embargo_until = models.DateTimeField(null=True, blank=True,
                                         help_text="Set by the source: never public before this time.")
    first_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    pub_date = models.DateField(null=True, blank=True, editable=False,
                                help_text="The date in the public address, fixed at first publication.")
    withdrawal_notice = models.TextField(blank=True, editable=False)
    lead_image = models.ForeignKey("Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    source = models.ForeignKey("Dispatch", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                               editable=False, help_text="The wire dispatch this text came from.")
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_at", "-created_at"]
        permissions = [
            ("approve_article", "Can approve articles"),
            ("publish_article", "Can publish, schedule, correct and withdraw articles"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=Status.values), name="article_status_valid"),
            models.CheckConstraint(condition=Q(urgency__gte=1, urgency__lte=8), name="article_urgency_1_8"),
            models.CheckConstraint(
                condition=~Q(status=Status.PUBLISHED)
                | Q(publish_at__isnull=False, first_published_at__isnull=False, pub_date__isnull=False),
                name="article_published_has_time",
            ),
            models.UniqueConstraint(fields=["pub_date", "slug"], name="article_unique_public_url"),
        ]
        indexes = [
            models.Index(fields=["status", "-publish_at"], name="article_public_idx"),
            models.Index(fields=["section", "status", "-publish_at"], name="article_section_idx"),
            # The desk's list, newest first (the admin's order, with its tie-break on the id).
            models.Index(fields=["-publish_at", "-created_at", "-id"], name="article_newest_idx"),
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        self.fill_derived()
        super().save(*args, **kwargs)

    def fill_derived(self, body_html=None):
        """The denormalised fields, recomputed on every save (processes live in services).
        `body_html`: the body already rendered by the caller (wire ingest renders from the blocks)."""
        self.body_html = body_html if body_html is not None else render_body(self.body)
        if not self.slug:
            self.slug = slugify_headline(self.headline)  # made unique per day at publication

    @property
    def is_public(self):
        """The visibility rule for one object (mirrors ArticleQuerySet.public)."""
        now = timezone.now()
        return (
            self.status == Status.PUBLISHED
            and self.publish_at is not None
            and self.publish_at <= now
            and (self.embargo_until is None or self.embargo_until <= now)
        )

    def wire_stop(self):
        """The dispatch by which the wire withheld or cancelled this story, while no later usable
        version lifted it; else None."""
        latest = self.dispatches.order_by("-received_at", "-pk").first() if self.pk else None
        return latest if latest is not None and latest.pubstatus != "usable" else None

    @property
    def is_scheduled(self):
        return self.status == Status.PUBLISHED and not self.is_public

    @property
    def live_at(self):
        """When a published story becomes (became) visible: the later of schedule and embargo."""
        times = [t for t in (self.publish_at, self.embargo_until) if t]
        return max(times) if times else None

    @property
    def was_updated(self):
        """Changed in public after first publication (more than a minute later)."""
        return bool(self.first_published_at and (self.updated_at - self.live_at).total_seconds() > 60)

    def get_absolute_url(self):
        """The one place a story's public address is built."""
        day = self.pub_date or timezone.localdate()
        return reverse("article", kwargs={
            "year": f"{day.year:04d}", "month": f"{day.month:02d}", "day": f"{day.day:02d}", "slug": self.slug,
        })

    def ordered_bylines(self):
        return sorted(self.bylines.all(), key=lambda b: b.position)


def slugify_headline(headline):
    slug = slugify(headline, allow_unicode=True)
    if len(slug) > 80:
        slug = slug[:80].rsplit("-", 1)[0]
    return slug or "story"


class Byline(models.Model):
    class Role(models.TextChoices):
        BY = "", "By"
        REPORTING = "reporting", "Reporting"
        WRITING = "writing", "Writing"
        ADDITIONAL = "additional reporting", "Additional reporting"
        EDITING = "editing", "Editing"
        PHOTOS = "photography", "Photography"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bylines")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="bylines")
    position = models.PositiveSmallIntegerField(default=0)
    role = models.CharField(max_length=30, choices=Role.choices, blank=True, default="")

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["article", "position"], name="byline_unique_position"),
            models.UniqueConstraint(fields=["article", "person", "role"], name="byline_unique_person_role"),
        ]

    def __str__(self):
        return f"{self.person} ({self.get_role_display()})" if self.role else str(self.person)


class ArticleURL(models.Model):
    """An address a story answered at before its headline or date changed: answers 301."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="old_urls")
    pub_date = models.DateField()
    slug = models.SlugField(max_length=200, allow_unicode=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "old address"
        constraints = [models.UniqueConstraint(fields=["pub_date", "slug"], name="articleurl_unique")]

    def __str__(self):
        return f"{self.pub_date:%Y/%m/%d}/{self.slug}/"
