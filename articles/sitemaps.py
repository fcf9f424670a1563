"""Sitemaps: an index of monthly article sitemaps, the Google News sitemap (last 48 hours) and a
sitemap of the fronts. Written directly as XML: a file of 10,000 addresses renders in
milliseconds, and no query pages with OFFSET through the whole archive."""
import datetime
import re
from xml.sax.saxutils import escape

from django.conf import settings
from django.db.models import Count, Max, Q
from django.db.models.functions import TruncMonth
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from .cache import public_page
from .models import Article, Section

PER_FILE = 10_000  # the protocol allows 50,000; smaller files are quicker to build and fetch
NEWS_WINDOW = datetime.timedelta(hours=48)
NEWS_LIMIT = 1_000  # Google News reads at most 1,000 addresses per sitemap
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
MAX_AGE = 300


def _xml(lines):
    body = '<?xml version="1.0" encoding="UTF-8"?>\n' + "\n".join(lines) + "\n"
    return HttpResponse(body, content_type="application/xml; charset=utf-8")


def _stamp(moment):
    return timezone.localtime(moment).isoformat(timespec="seconds")


def _url(loc, lastmod=None, extra=""):
    mod = f"<lastmod>{_stamp(lastmod)}</lastmod>" if lastmod else ""
    return f"<url><loc>{escape(loc)}</loc>{mod}{extra}</url>"


def month_counts():
    """(first day of month, number of public stories, latest change), newest month first: one
    aggregate query over the public stories."""
    return list(
        Article.objects.public().annotate(month=TruncMonth("pub_date")).order_by().values("month")
        .annotate(n=Count("pk"), last=Max("updated_at")).order_by("-month").values_list("month", "n", "last")
    )


@require_safe
@public_page(MAX_AGE)
def index(request):
    absolute = request.build_absolute_uri
    entries = [(reverse("news-sitemap"), None), (reverse("sitemap-fronts"), None)]
    for month, count, last in month_counts():
        path = reverse("sitemap-month", kwargs={"year": f"{month.year:04d}", "month": f"{month.month:02d}"})
        pages = (count + PER_FILE - 1) // PER_FILE
        entries += [(path + (f"?page={n}" if n > 1 else ""), last) for n in range(1, pages + 1)]
    lines = [f'<sitemapindex xmlns="{SITEMAP_NS}">']
    for path, last in entries:
        mod = f"<lastmod>{_stamp(last)}</lastmod>" if last else ""
        lines.append(f"<sitemap><loc>{escape(absolute(path))}</loc>{mod}</sitemap>")
    lines.append("</sitemapindex>")
    return _xml(lines)


@require_safe
@public_page(MAX_AGE)
def month(request, year, month):
    try:
        first = datetime.date(int(year), int(month), 1)
        page = int(request.GET.get("page") or 1)
    except ValueError:
        raise Http404("No such sitemap") from None
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    start = (page - 1) * PER_FILE
    # The offset stays within one month's stories, however large the archive grows.
    stories = (Article.objects.public().filter(pub_date__gte=first, pub_date__lt=following)
               .order_by("pub_date", "pk")
               .only("pub_date", "slug", "updated_at", "publish_at", "embargo_until")[start:start + PER_FILE])
    lines = [_url(request.build_absolute_uri(s.get_absolute_url()), max(s.updated_at, s.live_at)) for s in stories]
    if page < 1 or not lines:
        raise Http404("No such sitemap")
    return _xml([f'<urlset xmlns="{SITEMAP_NS}">', *lines, "</urlset>"])


@require_safe
@public_page(MAX_AGE)
def fronts(request):
    paths = [reverse("home"), reverse("corrections")] + [s.get_absolute_url() for s in Section.objects.all()]
    return _xml([f'<urlset xmlns="{SITEMAP_NS}">', *[_url(request.build_absolute_uri(p)) for p in paths], "</urlset>"])


def news_language(language):
    """Google News wants ISO 639 codes, with zh-cn and zh-tw as the only regional forms."""
    code = (language or "en").lower().replace("_", "-")
    if code.startswith("zh"):
        return "zh-tw" if any(part in code for part in ("-tw", "-hant", "-hk")) else "zh-cn"
    primary = code.split("-")[0]
    return primary if re.fullmatch(r"[a-z]{2,3}", primary) else settings.LANGUAGE_CODE.split("-")[0]


@require_safe
@public_page(MAX_AGE)
def news(request):
    cutoff = timezone.now() - NEWS_WINDOW
    stories = (Article.objects.public().filter(Q(publish_at__gte=cutoff) | Q(embargo_until__gte=cutoff))
               .latest_first().only("pub_date", "slug", "headline", "language", "updated_at", "publish_at",
                                    "embargo_until")[:NEWS_LIMIT])
    name = escape(settings.NEWSROOM_SITE_NAME)
    lines = [f'<urlset xmlns="{SITEMAP_NS}" xmlns:news="{NEWS_NS}">']
    for story in stories:
        news_tag = (
            f"<news:news><news:publication><news:name>{name}</news:name>"
            f"<news:language>{news_language(story.language)}</news:language></news:publication>"
            f"<news:publication_date>{_stamp(story.live_at)}</news:publication_date>"
            f"<news:title>{escape(story.headline)}</news:title></news:news>"
        )
        lines.append(_url(request.build_absolute_uri(story.get_absolute_url()),
                          max(story.updated_at, story.live_at), news_tag))
    if len(lines) == 1:
        # The schema wants at least one address: with nothing new, the front page stands in.
        lines.append(_url(request.build_absolute_uri(reverse("home"))))
    lines.append("</urlset>")
    return _xml(lines)
