"""Who else has a story open: recorded in Django's cache when the edit page opens.

Works the same with the local-memory cache and Redis, and across app servers: the cache is the
only shared state. Each visitor has a key of their own (so two people opening the page at once
never overwrite each other), and the story keeps a small roster of visitor ids that is only
written when a new visitor arrives.
"""
from dataclasses import dataclass

from django.core.cache import cache
from django.utils import timezone

WINDOW = 10 * 60  # seconds: "in the last few minutes"


@dataclass(frozen=True)
class Visit:
    user_id: int
    name: str
    opened_at: float  # POSIX timestamp

    def ago(self, now=None):
        """“just now”, “1 minute ago”, “4 minutes ago”."""
        now = now if now is not None else timezone.now().timestamp()
        minutes = int(max(0, now - self.opened_at) // 60)
        if minutes == 0:
            return "just now"
        return f"{minutes} minute{'s' if minutes != 1 else ''} ago"

    def sentence(self, now=None):
        return f"{self.name} opened this story {self.ago(now)}"


def _roster_key(article_id):
    return f"presence:article:{article_id}"


def _visit_key(article_id, user_id):
    return f"presence:article:{article_id}:user:{user_id}"


def record_open(article_id, user, *, opened_at=None):
    """Note that `user` opened the story now (or at `opened_at`, a POSIX timestamp)."""
    now = opened_at if opened_at is not None else timezone.now().timestamp()
    name = user.get_full_name() or user.get_username()
    cache.set(_visit_key(article_id, user.pk), (name, now), WINDOW)
    roster = cache.get(_roster_key(article_id)) or []
    if user.pk not in roster:
        cache.set(_roster_key(article_id), [*roster, user.pk][-50:], WINDOW)
    else:
        cache.touch(_roster_key(article_id), WINDOW)


def others(article_id, user):
    """The other people who opened the story in the last few minutes, most recent first."""
    roster = [pk for pk in cache.get(_roster_key(article_id)) or [] if pk != user.pk]
    if not roster:
        return []
    found = cache.get_many([_visit_key(article_id, pk) for pk in roster])
    visits = [Visit(pk, *found[_visit_key(article_id, pk)]) for pk in roster if _visit_key(article_id, pk) in found]
    return sorted(visits, key=lambda v: v.opened_at, reverse=True)


def still_here(article_id, user):
    """`user` still has the page open (it asks every half minute): keep them listed, with the
    time they opened it."""
    visit = cache.get(_visit_key(article_id, user.pk))
    record_open(article_id, user, opened_at=visit[1] if visit else None)
