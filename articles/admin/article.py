"""The article desk: list, edit form with bylines and provenance, optimistic locking.

The workflow panel and buttons live in desk.py and workflow_views.py, the history page in
history.py; this module wires them in."""
from functools import partial

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.db.models import Prefetch, Q
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from ..editing import StaleEdit, lock_for_save, record_revision, set_bylines
from ..models import Article, ArticleURL, Byline, Correction, Status
from ..permissions import can_edit, is_editor
from ..revisions import compare
from ..search import newest_matches
from ..workflow import LIVE, SCHEDULED, phase, when
from . import history, upload, workflow_views
from .desk import BADGES, desk_context
from .scale import LIST_SEARCH_LIMIT, CappedCountPaginator
from .search import search_url
from .widgets import TagAutocomplete, TagNamesField, tag_autocomplete_view
from .wire_notice import held_version_view, warn_of_held_versions


class ArticleForm(forms.ModelForm):
    # The version the user opened; a save against a newer one is refused (no lost edits).
    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Article
        fields = "__all__"
        widgets = {
            "headline": forms.TextInput(attrs={"class": "vLargeTextField", "style": "width: 100%; max-width: 48em"}),
            "standfirst": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 24, "style": "width: 100%; max-width: 48em; font-family: ui-monospace, monospace"}),
        }

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        if self.instance.pk:
            self.fields["opened_version"].initial = self.instance.version
        if "tags" in self.fields:
            names = self.fields["tags"].prepare_value(self.initial.get("tags")) if self.initial.get("tags") else []
            posted = self.data.getlist(self.add_prefix("tags")) if self.is_bound else []
            self.fields["tags"].choices = [(n, n) for n in dict.fromkeys([*names, *posted])]

    def clean_slug(self):
        slug = self.cleaned_data.get("slug")
        instance = self.instance
        if slug and instance.pub_date:
            clash = Article.objects.filter(pub_date=instance.pub_date, slug=slug).exclude(pk=instance.pk).exists()
            clash = clash or ArticleURL.objects.filter(pub_date=instance.pub_date, slug=slug).exclude(article=instance).exists()
            if clash:
                raise forms.ValidationError("Another story published that day already uses this address.")
        return slug

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and not self.errors:
            # Locks the row for the rest of the admin's transaction, so the check still holds at save.
            try:
                lock_for_save(self.instance, expected_version=cleaned.get("opened_version"),
                              user=self.request.user if self.request else None)
            except StaleEdit as stale:
                raise forms.ValidationError(str(stale), code="stale") from None
        return cleaned


class BylineForm(forms.ModelForm):
    def validate_unique(self):
        """Positions are renumbered on save (set_bylines), so only duplicates within the form
        matter, and the formset checks those."""


class BylineInline(admin.TabularInline):
    model = Byline
    form = BylineForm
    extra = 1
    autocomplete_fields = ["person"]
    fields = ["position", "person", "role"]
    ordering = ["position"]
    verbose_name_plural = "bylines (in order)"


class CorrectionInline(admin.TabularInline):
    """Shown for the record; corrections are added with the Correct button and never edited."""

    model = Correction
    extra = 0
    fields = ["kind", "text", "created_at", "created_by"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class PhaseFilter(admin.SimpleListFilter):
    """Filter by where a story stands, telling scheduled stories from live ones (decided by
    the one visibility rule, as readers see it now)."""

    title = "where it stands"
    parameter_name = "phase"

    def lookups(self, request, model_admin):
        return list(BADGES.items())

    def queryset(self, request, queryset):
        value = self.value()
        if value in (LIVE, SCHEDULED):
            public = Article.objects.public().values("pk")
            published = queryset.filter(status=Status.PUBLISHED)
            return published.filter(pk__in=public) if value == LIVE else published.exclude(pk__in=public)
        if value in BADGES:
            return queryset.filter(status=value)
        return queryset


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleForm
    actions = workflow_views.BULK_ACTIONS
    list_display = ["headline_display", "status_display", "section", "byline_names", "agency_names", "live_time"]
    list_filter = [PhaseFilter, "section", "agencies", "tags", "headline_is_proposed"]
    list_select_related = ["section"]
    date_hierarchy = "publish_at"
    # A million stories: count to a cap, once (admin/scale.py).
    paginator = CappedCountPaginator
    show_full_result_count = False
    search_fields = ["headline", "standfirst"]
    autocomplete_fields = ["agencies", "section", "lead_image"]
    inlines = [BylineInline, CorrectionInline]
    readonly_fields = ["status_display", "live_time", "guid", "provenance", "version", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["headline", "headline_is_proposed", "standfirst", "body"]}),
        ("Where and when", {"fields": ["section", "dateline_place", "dateline_date", "language", "urgency",
                                        "embargo_until"]}),
        ("Credits and topics", {"fields": ["agencies", "tags", "lead_image"]}),
        ("Status", {"fields": ["status_display", "live_time", "slug", "opened_version"]}),
        ("Provenance", {"classes": ["collapse"], "fields": ["guid", "provenance", "version", "created_at",
                                                             "updated_at"]}),
    ]

    def view_on_site(self, obj):
        """“View on site” only for stories readers can see (a draft's address answers 404)."""
        return obj.get_absolute_url() if obj.is_public else None

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)

        class RequestForm(form):
            def __init__(self, *args, **kw):
                super().__init__(*args, request=request, **kw)

        return RequestForm

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "tags":
            return TagNamesField(
                label="Tags", widget=TagAutocomplete(reverse("admin:articles_article_tag_autocomplete")),
                help_text="Topics: pick existing ones, or type a new one and press Enter.",
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    class Media:
        css = {"all": ["admin/newsroom/desk.css"]}
        js = ["admin/newsroom/desk.js"]

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("tag-autocomplete/", view(tag_autocomplete_view), name="articles_article_tag_autocomplete"),
            path("<path:object_id>/workflow/<str:action_name>/", view(partial(workflow_views.workflow_view, model_admin=self)),
                 name="articles_article_workflow"),
            path("<path:object_id>/presence/", view(partial(workflow_views.presence_view, model_admin=self)),
                 name="articles_article_presence"),
            path("<path:object_id>/wire/<int:dispatch_id>/", view(partial(held_version_view, model_admin=self)),
                 name="articles_article_held_version"),
            path("<path:object_id>/history/<int:revision_id>/restore/", view(partial(history.restore_view, model_admin=self)),
                 name="articles_article_restore"),
            upload.urlpattern(self),
            search_url(self),
        ] + super().get_urls()

    def history_view(self, request, object_id, extra_context=None):
        """The story's own history: status log, versions, comparisons and Restore."""
        return history.history_view(request, object_id, model_admin=self)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        story = self.get_object(request, unquote(object_id))
        if request.method == "GET":
            warn_of_held_versions(request, story)
        if story is not None and self.has_view_or_change_permission(request, story):
            extra_context = {**desk_context(request, story), **(extra_context or {})}
        return super().change_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        stale = [e for e in form.non_field_errors().as_data() if e.code == "stale"] if form.is_bound else []
        if stale and obj is not None:
            context["stale"] = True
            context["stale_changes"] = self._changes_since(obj, form.cleaned_data.get("opened_version"))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _changes_since(self, story, opened_version):
        """What others saved after the user opened the story: latest revision vs. the one they saw."""
        seen = story.revisions.filter(version__lte=opened_version or 0).order_by("-version").first()
        latest = story.revisions.order_by("-version").first()
        return compare(seen.data, latest.data) if seen and latest and seen != latest else []

    def get_actions(self, request):
        actions = super().get_actions(request)
        # Stories are withdrawn, never deleted in bulk: the list's delete would skip the
        # per-story rule in has_delete_permission.
        actions.pop("delete_selected", None)
        return actions

    def has_approve_permission(self, request):
        return request.user.has_perm("articles.approve_article")

    def has_publish_permission(self, request):
        return request.user.has_perm("articles.publish_article")

    def action_checkbox(self, obj):
        """The row's tick box, plus the version the user sees, so bulk actions refuse stale rows."""
        return format_html('{}<input type="hidden" name="opened_version_{}" value="{}">',
                           super().action_checkbox(obj), obj.pk, obj.version)

    def get_search_results(self, request, queryset, search_term):
        # The list's search box is the archive search (full text, stems, accents, phrases, -words),
        # newest first; past a bound, the search page is the place to read every match, best first.
        if not search_term.strip():
            return queryset, False
        ids = newest_matches(queryset, search_term, LIST_SEARCH_LIMIT + 1)
        if len(ids) > LIST_SEARCH_LIMIT:
            self.message_user(request, f"The list shows the newest {LIST_SEARCH_LIMIT:,} matches; “Search the archive” "
                                       "ranks every match, best first.", messages.INFO)
        return queryset.filter(pk__in=ids[:LIST_SEARCH_LIMIT]), False

    def get_queryset(self, request):
        qs = super().get_queryset(request).prefetch_related(
            Prefetch("bylines", queryset=Byline.objects.select_related("person")), "agencies")
        if is_editor(request.user) or request.user.has_perm("articles.approve_article"):
            return qs
        # Reporters: their own stories, and everything that has left the drafting stage.
        return qs.filter(Q(created_by=request.user) | Q(bylines__person__user=request.user)
                         | ~Q(status=Status.DRAFT)).distinct()

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        return can_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        # Stories are withdrawn, never deleted, once they have been public.
        if obj is not None and obj.first_published_at:
            return False
        return super().has_delete_permission(request, obj) and (obj is None or can_edit(request.user, obj))

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
            obj.updated_by = request.user
        elif "slug" in form.changed_data and obj.pub_date:
            old_slug = form.initial.get("slug")
            if old_slug:
                ArticleURL.objects.get_or_create(pub_date=obj.pub_date, slug=old_slug, defaults={"article": obj})
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        record_revision(form.instance, user=request.user, note="" if change else "Created")

    def save_formset(self, request, form, formset, change):
        if formset.model is Byline:
            # Rewritten whole, in the order of the positions given: reordering never collides.
            formset.save(commit=False)  # only to fill the formset's change lists for the admin log
            rows = [f.cleaned_data for f in formset.forms
                    if f.cleaned_data.get("person") and not f.cleaned_data.get("DELETE")]
            rows.sort(key=lambda row: row.get("position") or 0)
            set_bylines(form.instance, [(row["person"], row.get("role", "")) for row in rows])
            return
        super().save_formset(request, form, formset, change)

    # --- list columns -------------------------------------------------------------------
    @admin.display(description="Headline", ordering="headline")
    def headline_display(self, obj):
        if obj.headline_is_proposed:
            return format_html('{} <span class="nr-flag" title="Proposed from the lede">needs headline</span>', obj.headline)
        return obj.headline

    @admin.display(description="Status", ordering="status")
    def status_display(self, obj):
        where = phase(obj)
        note = ""
        if where == SCHEDULED:
            embargoed = obj.embargo_until and obj.embargo_until >= obj.publish_at
            note = f"Embargoed until {when(obj.embargo_until)}" if embargoed else f"Scheduled for {when(obj.publish_at)}"
        return format_html('<span class="nr-badge nr-badge-{}">{}</span>{}', where, BADGES[where],
                           format_html(" <small>{}</small>", note) if note else "")

    @admin.display(description="Bylines")
    def byline_names(self, obj):
        return ", ".join(b.person.name for b in obj.bylines.all())

    @admin.display(description="Agencies")
    def agency_names(self, obj):
        return ", ".join(a.credit for a in obj.agencies.all())

    @admin.display(description="Goes live", ordering="publish_at")
    def live_time(self, obj):
        return timezone.localtime(obj.live_at).strftime("%d %b %Y %H:%M") if obj.live_at else "—"

    @admin.display(description="Received from the wire")
    def provenance(self, obj):
        dispatches = list(obj.dispatches.all()[:10]) if obj.pk else []
        if not dispatches:
            return "Staff copy (not from the wire)."
        return format_html_join(
            "", '<details><summary>{} · source id {} · {} · {}{}</summary><pre style="white-space: pre-wrap; max-width: 60em">{}</pre></details>',
            ((d.get_format_display(), d.source_id or "none", d.file_name or "upload",
              timezone.localtime(d.received_at).strftime("%d %b %Y %H:%M"),
              "" if d.applied else " · held for review (story was already published)", d.raw_text)
             for d in dispatches),
        )
