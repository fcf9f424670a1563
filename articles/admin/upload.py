"""Upload dispatches from the article list: the same path as `manage.py ingest` (files.ingest_bytes,
one transaction per file), for files a browser sends. Uploads are untrusted: size and count limits,
the name reduced to its last part, drafts only."""
from functools import partial
from pathlib import PurePosixPath, PureWindowsPath

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.template.response import TemplateResponse
from django.urls import path, reverse

from ..ingest.base import MAX_BYTES
from ..ingest.files import FileOutcome, ingest_bytes
from ..ingest.store import IngestRun
from ..models import Dispatch, Section, Status

MAX_FILES = 50
FORMAT_CHOICES = [("", "Detect from the content")] + [
    (value, label) for value, label in Dispatch.Format.choices if value != Dispatch.Format.STAFF]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".txt,.xml,.json,.nitf,text/*,application/*"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)) and data:
            return [single(item, initial) for item in data]
        return [single(data or None, initial)]  # nothing chosen: "This field is required."


class UploadForm(forms.Form):
    files = MultipleFileField(
        label="Dispatch files",
        help_text=f"Plain text, NITF, ninjs or NewsML-G2; up to {MAX_FILES} files of {MAX_BYTES // 2**20} MB each. "
                  "Each becomes a draft, or updates the draft it is a newer version of.")
    format = forms.ChoiceField(choices=FORMAT_CHOICES, required=False, label="Format",
                               help_text="Leave on “Detect” unless a file is read as the wrong format.")
    section = forms.ModelChoiceField(Section.objects.all(), required=False, help_text="Section for the new drafts.")

    def clean_files(self):
        files = self.cleaned_data["files"]
        if len(files) > MAX_FILES:
            raise forms.ValidationError(f"{len(files)} files chosen: upload at most {MAX_FILES} at a time.")
        return files


def safe_name(name):
    """The file's own name, never a path the browser sent (`C:\\wire\\a.xml` → `a.xml`)."""
    return PurePosixPath(PureWindowsPath(name or "").name).name[:200] or "upload"


def ingest_upload(upload, *, user, format="", section=None, run=None):
    """One uploaded file through the ingest path; refused unread when too large."""
    name = safe_name(upload.name)
    if upload.size > MAX_BYTES:
        return FileOutcome(name, "failed", error=f"file is {upload.size:,} bytes; the limit for one dispatch is {MAX_BYTES:,}")
    data = b"".join(upload.chunks())
    return ingest_bytes(data, name, format=format or None, status=Status.DRAFT, user=user, section=section, run=run)


def upload_view(request, *, model_admin):
    """The form, and after a POST what became of each file (created, updated, unchanged, held for
    review, or refused with the reason), with links to the stories and to the new drafts."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    results = None
    if request.method == "POST" and form.is_valid():
        run = IngestRun()
        results = [ingest_upload(upload, user=request.user, format=form.cleaned_data["format"],
                                 section=form.cleaned_data["section"], run=run)
                   for upload in form.cleaned_data["files"]]
    created = [r.article.pk for r in results or [] if r.outcome == "created"]
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": "Upload dispatches",
        "form": form,
        "results": results,
        "new_drafts_url": (reverse("admin:articles_article_changelist") + "?id__in=" + ",".join(map(str, created))
                           if created else ""),
        "created_count": len(created),
    }
    return TemplateResponse(request, "admin/articles/article/upload.html", context)


def urlpattern(model_admin):
    """The upload page, for ArticleAdmin.get_urls."""
    view = model_admin.admin_site.admin_view(partial(upload_view, model_admin=model_admin))
    view = transaction.non_atomic_requests(view)  # each file is its own transaction, never the request
    return path("upload/", view, name="articles_article_upload")
