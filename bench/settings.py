"""Production settings plus one constant view to compare against (see bench/README.md)."""
import os

os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")

from newsroom.settings import *  # noqa: E402,F403

ROOT_URLCONF = "bench.urls"
INSTALLED_APPS = [*INSTALLED_APPS, "bench"]  # bench/models.py: the stock admin's view of Article  # noqa: F405
