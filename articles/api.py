"""Syndication API: public stories as IPTC ninjs 2.1 JSON, a list (newest first, cursor-paged)
and one story by its guid."""
from urllib.parse import urlencode

from django.db.models import Prefetch, Q
from django.http import JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.html import strip_tags
from django.views.decorators.http import require_safe

from . import images
from .cache import ARTICLE_MAX_AGE, FRONT_MAX_AGE, public_page
from .models import Article, Byline, Status
from .templatetags.story import byline_text

PAGE_SIZE = 20
NINJS_VERSION = "2.1"
NINJS_SCHEMA = "http://www.iptc.org/std/ninjs/ninjs-schema_2.1.json"


def _time(moment):
    return timezone.localtime(moment).isoformat(timespec="seconds")


def _stories():
    return Article.objects.public().select_related("section", "lead_image").prefetch_related(
        Prefetch("bylines", queryset=Byline.objects.select_related("person")), "agencies", "tags", "corrections")


def ninjs(story, absolute):
    """One public story as a ninjs 2.1 object; `absolute` turns a path into a full URL."""
    body_text = strip_tags(story.body_html)
    item = {
        "uri": story.guid,
        "standard": {"name": "ninjs", "version": NINJS_VERSION, "schema": NINJS_SCHEMA},
        "type": "text",
        "representationtype": "full",
        "version": str(story.version),
        "firstcreated": _time(story.created_at),
        "versioncreated": _time(max(story.updated_at, story.live_at)),
        "contentcreated": _time(story.live_at),
        "pubstatus": "usable",
        "urgency": story.urgency,
        "language": story.language,
        "headlines": [{"role": "main", "value": story.headline}],
        "descriptions": (
            [{"role": "summary", "contenttype": "text/plain", "value": story.standfirst}] if story.standfirst else []
        ) + [
            {"role": f"correction:{c.kind}", "contenttype": "text/plain", "value": f"{_time(c.created_at)} {c.text}"}
            for c in story.corrections.all()
        ],
        "bodies": [{"role": "main", "contenttype": "text/html", "value": story.body_html,
                    "charcount": len(body_text), "wordcount": len(body_text.split())}],
        "by": byline_text(story),
        "located": story.dateline_place,
        "subjects": [{"name": t.name, "uri": absolute(reverse("tag", args=[t.slug])), "rel": "tag"}
                     for t in story.tags.all()],
        "genres": [{"name": story.section.name, "uri": absolute(story.section.get_absolute_url())}]
        if story.section_id else [],
        "infosources": [{"name": a.name, "literal": a.credit, "role": "source", **({"uri": a.url} if a.url else {})}
                        for a in story.agencies.all()],
        "altids": [{"role": "canonical-url", "value": absolute(story.get_absolute_url())}],
        "associations": _picture(story, absolute),
    }
    return {key: value for key, value in item.items() if value not in ("", [], None)}


def _picture(story, absolute):
    image = story.lead_image
    if image is None or not image.file:
        return []
    descriptions = [{"role": role, "value": text} for role, text in (("caption", image.caption), ("alt", image.alt_text))
                    if text]
    renditions = [
        {"name": f"{crop}-{v['width']}-{v['type'].split('/')[1]}", "href": absolute(v["url"]), "contenttype": v["type"],
         "width": v["width"], "height": v["height"], "sizeinbytes": v["bytes"]}
        for crop in ("display", "16x9") for v in images.variants(image, crop)
    ]
    picture = {"name": "lead-image", "uri": f"urn:newsroom:image:{image.pk}", "type": "picture",
               "representationtype": "partial", "by": image.credit, "descriptions": descriptions,
               "renditions": renditions}
    return [{k: v for k, v in picture.items() if v not in ("", [])}]


def _cursor(story):
    return f"{story.publish_at.isoformat()}~{story.pk}"


@require_safe
@public_page(FRONT_MAX_AGE)
def article_list(request):
    stories = _stories().latest_first()
    before = request.GET.get("before")
    if before:
        moment, _, pk = before.rpartition("~")
        moment = parse_datetime(moment) if moment else None
        if moment is None or not pk.isdigit():
            return JsonResponse({"error": "“before” must be a cursor taken from a “next” link."}, status=400)
        stories = stories.filter(Q(publish_at__lt=moment) | Q(publish_at=moment, pk__lt=int(pk)))
    page = list(stories[:PAGE_SIZE + 1])
    more, page = len(page) > PAGE_SIZE, page[:PAGE_SIZE]
    absolute = request.build_absolute_uri
    next_url = absolute(f"{reverse('ninjs-list')}?{urlencode({'before': _cursor(page[-1])})}") if more else None
    return JsonResponse({"items": [ninjs(s, absolute) for s in page], "next": next_url},
                        json_dumps_params={"ensure_ascii": False})


@require_safe
@public_page(ARTICLE_MAX_AGE, bound_by_go_live=False)
def article_detail(request, guid):
    story = _stories().filter(guid=guid).first()
    if story is None:
        if Article.objects.filter(guid=guid, status=Status.WITHDRAWN).exists():
            return JsonResponse({"uri": guid, "pubstatus": "canceled"}, status=410)
        return JsonResponse({"error": "No public story has this guid."}, status=404)
    return JsonResponse(ninjs(story, request.build_absolute_uri), json_dumps_params={"ensure_ascii": False})
