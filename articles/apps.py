from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Newsroom"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import cache
        from .permissions import sync_groups
        from .search import sqlite_schema

        post_migrate.connect(sync_groups, sender=self)
        # SQLite search triggers step aside while migrations rebuild tables (see sqlite_schema).
        pre_migrate.connect(sqlite_schema.before_migrate, sender=self)
        post_migrate.connect(sqlite_schema.after_migrate, sender=self)
        cache.connect_signals()
