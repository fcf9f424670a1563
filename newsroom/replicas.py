"""Public reads from a PostgreSQL read replica, when one is configured (DATABASE_REPLICA_URL).

Only anonymous GET/HEAD requests outside the admin read from the replica: they see published
copy, where a second of replication lag is harmless. Staff (anyone with a session cookie), every
write, every locked read and all of the admin stay on the primary, so nobody reads their own
save back from a lagging copy. The choice is made per request in a context variable: nothing is
shared between requests or processes.
"""
from contextvars import ContextVar

from django.conf import settings

REPLICA = "replica"
_public_read = ContextVar("newsroom_public_read", default=False)


class PublicReadRouter:
    def db_for_read(self, model, **hints):
        return REPLICA if _public_read.get() else None

    def db_for_write(self, model, **hints):
        return None

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA  # replication copies the schema


def replica_configured():
    return REPLICA in settings.DATABASES


def is_public_read(request):
    return (request.method in ("GET", "HEAD") and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not request.path.startswith("/admin/"))


class PublicReadMiddleware:
    """Marks anonymous public page views so the router sends their reads to the replica."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not replica_configured() or not is_public_read(request):
            return self.get_response(request)
        token = _public_read.set(True)
        try:
            return self.get_response(request)
        finally:
            _public_read.reset(token)
