"""Precomputed public HTML of a story (see articles/pages.py): derived data, never edited."""
from django.db import models
from django.utils import timezone

from .article import Article


class StoryPage(models.Model):
    article = models.OneToOneField(Article, primary_key=True, on_delete=models.CASCADE, related_name="page")
    key = models.CharField(max_length=80, help_text="Story version and template revision it was made from.")
    html = models.TextField(help_text="The whole document as an anonymous reader gets it, with slots.")
    related = models.JSONField(default=list, help_text="Candidate related stories, best first (checked live).")
    related_ids = models.TextField(default=",", help_text="“,12,34,”: the candidates' ids, to find pages listing a story.")
    built_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "precomputed story page"

    def __str__(self):
        return f"page of {self.article_id} ({self.key})"
