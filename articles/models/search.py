"""The search index row of a story (PostgreSQL only; see articles/search/)."""
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchVectorField
from django.db import models

from .article import Article


class SearchDocument(models.Model):
    """One row per story, written by the database's own triggers (migration 0006), never by Django.

    On SQLite the index is the FTS5 table `articles_search_fts` instead and this table does not
    exist, so only the PostgreSQL backend of articles.search uses this model.
    """

    article = models.OneToOneField(Article, primary_key=True, on_delete=models.DO_NOTHING, db_constraint=False,
                                   related_name="search_document")
    document = SearchVectorField(help_text="English stems: headline A, standfirst B, body C, names D.")
    exact = SearchVectorField(help_text="Headline, standfirst and names unstemmed, to boost exact matches.")
    sort_at = models.DateTimeField(help_text="The story's date for recency: go-live time, else creation time.")
    # Copies of the story's facts, so searching and counting never read the wide story rows.
    status = models.CharField(max_length=20)
    section_id = models.BigIntegerField(null=True)
    language = models.CharField(max_length=35)
    urgency = models.SmallIntegerField()
    agency_ids = ArrayField(models.BigIntegerField())

    class Meta:
        managed = False
        db_table = "articles_searchdocument"

    def __str__(self):
        return f"search document of story {self.article_id}"
