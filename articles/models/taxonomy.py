"""Who and where a story belongs to: sections, agencies, people."""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.text import slugify

from ..names import name_key

# Paths the site itself answers: a section may never take one.
RESERVED_SLUGS = frozenset(
    """admin api search feeds tags bylines agencies preview corrections healthz static media
    robots.txt sitemap.xml news-sitemap.xml sitemap favicon.ico accounts login logout
    staff archive""".split()
)


def validate_section_slug(value):
    if value.lower() in RESERVED_SLUGS or value.isdigit():
        raise ValidationError(f"“{value}” is a path the site itself uses; choose another slug.")


class Section(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True, validators=[validate_section_slug])
    position = models.PositiveSmallIntegerField(default=0, help_text="Order on the front page and menus.")
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("section", args=[self.slug])


def match_agency(agencies, spelling):
    """The agency among `agencies` one of whose spellings matches `spelling` (case- and
    accent-insensitive), or None."""
    key = name_key(spelling)
    return next((agency for agency in agencies if key and key in agency.keys()), None)


class AgencyQuerySet(models.QuerySet):
    def resolve(self, spelling):
        return match_agency(self, spelling)


class Agency(models.Model):
    name = models.CharField(max_length=200, unique=True, help_text="Full name: Agence France-Presse.")
    short_name = models.CharField(max_length=40, blank=True, help_text="Credit as printed: AFP.")
    slug = models.SlugField(max_length=100, unique=True)
    url = models.URLField(blank=True)
    aliases = models.TextField(
        blank=True,
        help_text="Other spellings met on the wire, one per line (case and accents do not matter).",
    )

    objects = AgencyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self):
        return self.short_name or self.name

    @property
    def credit(self):
        return self.short_name or self.name

    def alias_list(self):
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]

    def keys(self):
        return {name_key(s) for s in [self.name, self.short_name, *self.alias_list()] if s}

    def clean(self):
        mine = self.keys()
        for other in Agency.objects.exclude(pk=self.pk):
            clash = mine & other.keys()
            if clash:
                raise ValidationError(
                    {"aliases": f"“{sorted(clash)[0]}” already names {other.name}."}
                )

    def get_absolute_url(self):
        return reverse("agency", args=[self.slug])


class Person(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True, allow_unicode=True)
    name_key = models.CharField(max_length=200, db_index=True, editable=False)
    bio = models.TextField(blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        help_text="The staff account of this byline holder, if any.",
    )
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_key = name_key(self.name)
        if not self.slug:
            self.slug = unique_slug(Person, self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("byline", args=[self.slug])


def unique_slug(model, text, max_length=80, exclude_pk=None, **scope):
    """A slug for `text` not yet used by another `model` row within `scope`: `name`, `name-2`, …"""
    base = slugify(text, allow_unicode=True)[:max_length].strip("-") or "item"
    taken = model.objects.filter(**scope).exclude(pk=exclude_pk)
    candidate, n = base, 1
    while taken.filter(slug=candidate).exists():
        n += 1
        candidate = f"{base[: max_length - len(str(n)) - 1]}-{n}"
    return candidate
