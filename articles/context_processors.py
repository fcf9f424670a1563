from django.conf import settings

from .models import Section


def site(request):
    return {
        "site_name": settings.NEWSROOM_SITE_NAME,
        # Evaluated lazily: templates that do not show the menu cost no query.
        "nav_sections": Section.objects.all,
    }
