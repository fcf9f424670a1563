import os
import subprocess
import sys

import pytest

from tests.conftest import REPO


@pytest.mark.django_db
def test_healthz_answers_ok_with_the_database_reachable(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.content == b"ok"


def _settings_in_subprocess(env, expr):
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG", "DATABASE_URL")} | env
    return subprocess.run(
        [sys.executable, "-c", f"import newsroom.settings as s; print({expr})"],
        cwd=REPO, env=env, capture_output=True, text=True,
    )


def test_secret_key_is_required_when_debug_is_off():
    result = _settings_in_subprocess({"DEBUG": "0"}, "s.SECRET_KEY")
    assert result.returncode != 0
    assert "SECRET_KEY environment variable is required when DEBUG is off" in result.stderr


def test_database_url_selects_postgresql_and_default_is_sqlite():
    pg = _settings_in_subprocess({"SECRET_KEY": "x", "DATABASE_URL": "postgres://u@db.example:5432/news"},
                                 "s.DATABASES['default']['ENGINE'], s.DATABASES['default']['HOST']")
    assert pg.stdout.split() == ["django.db.backends.postgresql", "db.example"]
    lite = _settings_in_subprocess({"SECRET_KEY": "x"}, "s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME']")
    assert "sqlite3" in lite.stdout and "var/newsroom.sqlite3" in lite.stdout


@pytest.mark.django_db
def test_proxy_https_header_is_honoured(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200  # exempt: load balancers probe over HTTP
    assert client.get("/").status_code == 301
    assert client.get("/", headers={"X-Forwarded-Proto": "https"}).status_code == 200
