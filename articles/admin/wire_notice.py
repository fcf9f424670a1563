"""Tell the desk, on the story's page, that the wire sent a newer version it has not seen."""
from django.contrib import messages
from django.utils import timezone

from ..models import Dispatch


def held_versions(article):
    """Wire versions kept for review (the story had left the draft stage) since the story was last saved."""
    return Dispatch.objects.filter(article=article, applied=False, received_at__gt=article.updated_at)


def warn_of_held_versions(request, article):
    """A warning at the top of the story's admin page, naming when each held version arrived."""
    if article is None:
        return
    for dispatch in held_versions(article).order_by("received_at"):
        when = timezone.localtime(dispatch.received_at).strftime("%d %b %Y %H:%M")
        messages.warning(request, (
            f"A newer version of this story came from the wire on {when} ({dispatch.file_name or 'upload'}) and is "
            "held for review: the story was not changed. Its text is under “Provenance”."))
