"""Who may do what: the desk's two groups, and the reporter's own-story rule."""
from django.contrib.auth.models import Group, Permission

from .models import Status

REPORTER_PERMISSIONS = {
    "articles": ["add_article", "change_article", "view_article", "view_byline", "add_byline", "change_byline",
                 "delete_byline", "view_person", "add_person", "view_section", "view_agency", "view_image",
                 "add_image", "change_image", "view_correction", "view_transition", "view_revision",
                 "view_dispatch"],
    "taggit": ["view_tag", "add_tag"],
}
EDITOR_EXTRA = {
    "articles": ["approve_article", "publish_article", "change_person", "add_section", "change_section",
                 "add_agency", "change_agency", "add_correction", "add_dispatch", "delete_image"],
    "taggit": ["change_tag"],
}


def _perms(spec):
    for app_label, codenames in spec.items():
        yield from Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)


def sync_groups(**kwargs):
    """Create the Reporters and Editors groups and grant any permission they lack (never revoke:
    a site may have widened them)."""
    reporters, _ = Group.objects.get_or_create(name="Reporters")
    editors, _ = Group.objects.get_or_create(name="Editors")
    reporters.permissions.add(*_perms(REPORTER_PERMISSIONS))
    editors.permissions.add(*_perms(REPORTER_PERMISSIONS), *_perms(EDITOR_EXTRA))


def is_editor(user):
    return bool(user and user.has_perm("articles.publish_article"))


def is_own(user, article):
    if article.pk is None or article.created_by_id == user.pk:
        return True
    return any(b.person.user_id == user.pk for b in article.bylines.select_related("person"))


def can_edit(user, article):
    """Editors edit any story. Reporters edit their own drafts (returned stories are drafts)."""
    if not user or not user.is_active or not user.has_perm("articles.change_article"):
        return False
    if is_editor(user):
        return True
    if user.has_perm("articles.approve_article"):
        return article.status != Status.PUBLISHED and article.status != Status.WITHDRAWN
    return article.status == Status.DRAFT and is_own(user, article)
