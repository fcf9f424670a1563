"""Public reads go to the read replica when one is configured; everything else stays on the primary."""
import pytest
from django.test import RequestFactory

from articles.models import Article
from newsroom import replicas
from newsroom.replicas import REPLICA, PublicReadMiddleware, PublicReadRouter

router = PublicReadRouter()


def database_read_during(request):
    """Which database an ORM read would use while `request` is being answered."""
    seen = []
    PublicReadMiddleware(lambda request: seen.append(router.db_for_read(Article)) or "response")(request)
    return seen[0] or "default"


@pytest.fixture
def with_replica(monkeypatch):
    monkeypatch.setattr(replicas, "replica_configured", lambda: True)


def test_anonymous_page_views_read_from_the_replica(with_replica):
    assert database_read_during(RequestFactory().get("/world/")) == REPLICA
    assert database_read_during(RequestFactory().head("/feeds/latest.rss")) == REPLICA


@pytest.mark.parametrize("request_", [
    RequestFactory().post("/search/"),                                          # a write
    RequestFactory().get("/admin/articles/article/"),                           # the desk
    RequestFactory(headers={"Cookie": "sessionid=abc"}).get("/2026/01/02/x/"),  # staff reading their save
])
def test_staff_writes_and_the_admin_stay_on_the_primary(with_replica, request_):
    assert database_read_during(request_) == "default"


def test_without_a_replica_everything_reads_the_primary():
    assert database_read_during(RequestFactory().get("/world/")) == "default"


def test_the_choice_ends_with_the_request(with_replica):
    database_read_during(RequestFactory().get("/world/"))
    assert router.db_for_read(Article) is None  # outside a request: the default database


def test_replica_is_never_migrated():
    assert router.allow_migrate(REPLICA, "articles") is False
    assert router.allow_migrate("default", "articles") is True
