from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Newsroom"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import cache
        from .permissions import sync_groups

        post_migrate.connect(sync_groups, sender=self)
        cache.connect_signals()
