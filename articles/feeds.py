"""RSS 2.0 and Atom feeds: the latest stories, per section and per tag, and the corrections."""
from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from taggit.models import Tag

from .models import Article, Byline, Section
from .templatetags.story import body_with_dateline, byline_text
from .views.corrections import public_corrections
from .views.story import modified_at

ITEMS = 30


class ContentRss(Rss201rev2Feed):
    """RSS 2.0 carrying the full story in content:encoded, beside the summary in description."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:content": "http://purl.org/rss/1.0/modules/content/"}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content"):
            handler.addQuickElement("content:encoded", item["content"])


class ContentAtom(Atom1Feed):
    """Atom with the full story in <content type="html">."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content"):
            handler.addQuickElement("content", item["content"], {"type": "html"})


class StoryFeed(Feed):
    """Latest public stories, newest first."""

    feed_type = ContentRss
    author_name = settings.NEWSROOM_SITE_NAME

    def title(self, obj=None):
        return f"{obj} · {settings.NEWSROOM_SITE_NAME}" if obj else f"{settings.NEWSROOM_SITE_NAME}: latest stories"

    def link(self, obj=None):
        return obj.get_absolute_url() if isinstance(obj, Section) else "/"

    def description(self, obj=None):
        return f"The latest public stories: {obj}" if obj else "The latest public stories."

    def stories(self, obj):
        return Article.objects.public()

    def items(self, obj=None):
        return (self.stories(obj).latest_first().select_related("section")
                .prefetch_related(Prefetch("bylines", queryset=Byline.objects.select_related("person")),
                                  "agencies", "tags")[:ITEMS])

    def item_title(self, story):
        return story.headline

    def item_description(self, story):
        return story.standfirst or story.headline

    def item_guid(self, story):
        return story.guid

    item_guid_is_permalink = False

    def item_author_name(self, story):
        return byline_text(story) or None

    def item_pubdate(self, story):
        return story.live_at

    def item_updateddate(self, story):
        return modified_at(story)

    def item_categories(self, story):
        return ([story.section.name] if story.section_id else []) + [t.name for t in story.tags.all()]

    def item_extra_kwargs(self, story):
        return {"content": str(body_with_dateline(story))}


class AtomMixin:
    feed_type = ContentAtom

    def subtitle(self, obj=None):
        return self.description(obj)


class LatestRss(StoryFeed):
    pass


class LatestAtom(AtomMixin, StoryFeed):
    pass


class SectionRss(StoryFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Section, slug=slug)

    def stories(self, section):
        return Article.objects.public().filter(section=section)


class SectionAtom(AtomMixin, SectionRss):
    pass


class TagRss(StoryFeed):
    def get_object(self, request, slug):
        tag = get_object_or_404(Tag, slug=slug)
        if not Article.objects.public().filter(tags=tag).exists():
            raise Http404("Nothing published here")  # a tag only drafts use is not shown
        return tag

    def link(self, tag):
        return reverse("tag", args=[tag.slug])

    def stories(self, tag):
        return Article.objects.public().filter(tags=tag)


class TagAtom(AtomMixin, TagRss):
    pass


class CorrectionsRss(Feed):
    """Corrections and clarifications on public stories, newest first."""

    feed_type = ContentRss
    author_name = settings.NEWSROOM_SITE_NAME
    title = f"{settings.NEWSROOM_SITE_NAME}: corrections"
    description = "Corrections, clarifications and editor’s notes on our stories."

    def link(self):
        return "/corrections/"

    def items(self):
        return public_corrections()[:ITEMS]

    def item_title(self, correction):
        return f"{correction.get_kind_display()}: {correction.article.headline}"

    def item_description(self, correction):
        return correction.text

    def item_link(self, correction):
        return correction.article.get_absolute_url() + "#corrections"

    def item_guid(self, correction):
        return f"{correction.article.guid}#correction-{correction.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, correction):
        return correction.created_at

    def item_categories(self, correction):
        return [correction.get_kind_display()]


class CorrectionsAtom(AtomMixin, CorrectionsRss):
    def subtitle(self):
        return self.description
