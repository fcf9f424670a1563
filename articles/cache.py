"""HTTP caching for the public site: the anonymous page cache, its invalidation, and the
Cache-Control / ETag / Last-Modified / 304 handling every public view shares.

The cache holds one small *state* entry: a generation token that is part of every page key, and
the time the next scheduled or embargoed story goes live. Any change to a story or its relations
replaces the token (signals, below); so does reaching the go-live time, which no event announces.
Everything lives in Django's cache (Redis in production), so several processes agree on it. The
same signals delete the precomputed article pages (articles/pages.py) the change shows on.
"""
import hashlib
import time
import uuid
from functools import wraps

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.db import transaction
from django.db.models import Min, Q
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe
from django.views.defaults import page_not_found
from taggit.models import Tag, TaggedItem

from .models import Agency, Article, ArticleURL, Byline, Correction, Image, Person, Section, Status, StoryPage

STATE_KEY = "public-pages:state"
PAGE_TIMEOUT = 60 * 60  # server-side; invalidation is explicit, this only bounds stale memory
FRONT_MAX_AGE = 60
ARTICLE_MAX_AGE = 300
# Changes to these never show on a public page: no reason to drop every cached page.
IGNORED_MODELS = {"articles.dispatch", "articles.transition", "articles.revision", "articles.storypage"}
WATCHED_APPS = {"articles", "taggit"}


def enabled():
    """False when the site runs without a cache (CACHE_URL=dummy://): every page is rendered."""
    return not isinstance(caches[DEFAULT_CACHE_ALIAS], DummyCache)


def next_go_live(now=None):
    """Earliest future time at which a published story becomes public (its schedule or its
    embargo), as a POSIX timestamp, or None. A lower bound: safe for expiring caches."""
    now_dt = now or timezone.now()
    found = Article.objects.filter(status=Status.PUBLISHED).aggregate(
        scheduled=Min("publish_at", filter=Q(publish_at__gt=now_dt)),
        embargoed=Min("embargo_until", filter=Q(embargo_until__gt=now_dt)),
    )
    times = [t.timestamp() for t in found.values() if t is not None]
    return min(times) if times else None


def state():
    """The cache state {"gen", "next_live"}, renewed when the next go-live time has passed."""
    current = cache.get(STATE_KEY)
    if current is None or (current["next_live"] is not None and time.time() >= current["next_live"]):
        current = {"gen": uuid.uuid4().hex, "next_live": next_go_live()}
        cache.set(STATE_KEY, current, None)
    return current


def invalidate():
    """Forget every cached public page: now, and again when the current transaction commits
    (a page rendered by another process between the two would otherwise keep the old data)."""
    cache.delete(STATE_KEY)
    transaction.on_commit(lambda: cache.delete(STATE_KEY))


def _on_change(sender, instance=None, created=False, **kwargs):
    if isinstance(instance, Article) and instance.first_published_at is None:
        # Never published (a draft, or a wire story just ingested): no page, listing or feed shows
        # it, and publishing sets first_published_at. Without this, every wire draft would empty
        # the page cache and scan the stored pages.
        return
    if created and isinstance(instance, (Person, Agency, Tag)):
        return  # a new name is on no page yet (wire ingest creates them by the hundred)
    invalidate()
    stale = stale_pages(instance)
    if stale is not None:
        forget_pages(stale)


def stale_pages(instance):
    """A filter on StoryPage for the precomputed pages `instance` (just changed) appears on."""
    if isinstance(instance, Article):
        return Q(article=instance) | Q(related_ids__contains=f",{instance.pk},")
    if isinstance(instance, (Byline, Correction, ArticleURL)):
        return Q(article_id=instance.article_id)
    if isinstance(instance, TaggedItem):
        return Q(article_id=instance.object_id)
    if isinstance(instance, Section):
        return Q()  # every page carries the sections menu
    related = {Person: "article__bylines__person", Agency: "article__agencies", Image: "article__lead_image",
               Tag: "article__tags"}
    for model, path in related.items():
        if isinstance(instance, model):
            return Q(**{path: instance})
    return None


def forget_pages(condition):
    """Delete matching precomputed story pages, now and when the transaction commits."""
    def delete():
        StoryPage.objects.filter(pk__in=StoryPage.objects.filter(condition).values("pk")).delete()

    delete()
    transaction.on_commit(delete)


def watched_models():
    from django.apps import apps

    return [model for label in WATCHED_APPS for model in apps.get_app_config(label).get_models(include_auto_created=True)
            if model._meta.label_lower not in IGNORED_MODELS]


def connect_signals():
    """Invalidate on any saved, deleted or re-linked story, byline, tag, agency, image …

    Connected per model, not to every sender: StoryPage (ignored) then has no delete receivers,
    so deleting stale pages is one DELETE statement instead of a SELECT and a DELETE."""
    for model in watched_models():
        uid = model._meta.label_lower
        post_save.connect(_on_change, sender=model, dispatch_uid=f"public-pages-save-{uid}")
        post_delete.connect(_on_change, sender=model, dispatch_uid=f"public-pages-delete-{uid}")
        m2m_changed.connect(_on_change, sender=model, dispatch_uid=f"public-pages-m2m-{uid}")


def is_staff_request(request):
    """Logged-in users (the desk) never share cached pages with readers."""
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated)


def max_age_until_go_live(max_age, page_state=None):
    """`max_age` shortened so no cache keeps a page past the next story's go-live time."""
    next_live = page_state["next_live"] if page_state else next_go_live()
    if next_live is None:
        return max_age
    return max(0, min(max_age, int(next_live - time.time())))


def _page_key(request, gen):
    digest = hashlib.md5(request.build_absolute_uri().encode(), usedforsecurity=False).hexdigest()
    return f"public-pages:{gen}:{request.method == 'HEAD'}:{digest}"


def _finish(response, max_age):
    if not response.has_header("ETag") and not response.streaming:
        digest = hashlib.md5(response.content, usedforsecurity=False).hexdigest()
        response["ETag"] = f'"{digest}"'
    patch_cache_control(response, public=True, max_age=max_age)
    patch_vary_headers(response, ["Cookie"])


def _conditional(request, response):
    return get_conditional_response(
        request, etag=response.get("ETag"), last_modified=_last_modified(response), response=response)


def cached_page(request):
    """The stored anonymous response for this GET/HEAD request (304 if the client has it), or
    None. Also returns the cache state and the page's key, to store a miss under."""
    page_state = state()
    key = _page_key(request, page_state["gen"])
    stored = cache.get(key)
    if stored is None:
        return None, page_state, key
    content, headers, max_age, bounded = stored
    response = HttpResponse(content, headers=headers)
    _finish(response, max_age_until_go_live(max_age, page_state) if bounded else max_age)
    return _conditional(request, response), page_state, key


class AnonymousPageCacheMiddleware:
    """Answers anonymous GET/HEAD requests from the page cache before sessions, authentication
    and URL resolution run. Requests with a session cookie (the desk), and misses, go on to the
    view, whose @public_page decides and fills the cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD") and settings.SESSION_COOKIE_NAME not in request.COOKIES and enabled():
            hit, _, _ = cached_page(request)
            if hit is not None:
                return hit
        return self.get_response(request)


def public_page(max_age=FRONT_MAX_AGE, *, bound_by_go_live=True):
    """Decorate a public view: anonymous responses are cached (server side, per generation) and
    sent cacheable, with ETag and 304 answers; logged-in users get fresh, private pages.

    `bound_by_go_live`: the page lists stories, so no cache may keep it past the moment the next
    scheduled story goes live. Article pages only show other stories as related links.
    """
    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if is_staff_request(request):
                response = view(request, *args, **kwargs)
                patch_cache_control(response, private=True, no_store=True, max_age=0)
                patch_vary_headers(response, ["Cookie"])
                return response
            hit, page_state, key = cached_page(request) if enabled() else (None, None, None)
            if hit is not None:
                return hit
            try:
                response = view(request, *args, **kwargs)
            except Http404 as error:  # answered here so it gets (short) cache headers too
                response = page_not_found(request, error)
            # A 404 may be a scheduled story's address: short-lived, and never past the go-live.
            bounded = bound_by_go_live or response.status_code != 200
            age = max_age if response.status_code == 200 else min(max_age, FRONT_MAX_AGE)
            _finish(response, max_age_until_go_live(age, page_state) if bounded else age)
            if key and response.status_code == 200 and not response.streaming:
                headers = {k: v for k, v in response.headers.items() if k != "Cache-Control"}
                cache.set(key, (response.content, headers, age, bounded), PAGE_TIMEOUT)
            return _conditional(request, response)
        return wrapper
    return decorator


def _last_modified(response):
    value = response.get("Last-Modified")
    return parse_http_date_safe(value) if value else None


def set_last_modified(response, moment):
    """Send `moment` (an aware datetime, or None) as the page's Last-Modified."""
    if moment is not None:
        response["Last-Modified"] = http_date(moment.timestamp())
    return response
