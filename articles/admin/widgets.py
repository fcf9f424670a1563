"""Tag autocomplete in the admin's own select2, free text allowed for new tags."""
from django import forms
from django.contrib.admin.widgets import get_select2_language
from django.http import JsonResponse
from taggit.models import Tag


class TagAutocomplete(forms.SelectMultiple):
    def __init__(self, url, attrs=None):
        super().__init__(attrs)
        self.url = url

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        attrs.update({
            "class": "admin-autocomplete", "data-ajax--url": self.url, "data-ajax--cache": "true",
            "data-ajax--delay": 250, "data-ajax--type": "GET", "data-tags": "true",
            "data-token-separators": '[","]', "data-theme": "admin-autocomplete", "data-allow-clear": "false",
            "data-placeholder": "Add topics", "lang": get_select2_language() or "en", "style": "width: 32em",
        })
        return attrs

    @property
    def media(self):
        return forms.Media(
            js=["admin/js/vendor/jquery/jquery.min.js", "admin/js/vendor/select2/select2.full.min.js",
                "admin/js/jquery.init.js", "admin/js/autocomplete.js"],
            css={"screen": ["admin/css/vendor/select2/select2.min.css", "admin/css/autocomplete.css"]},
        )


class TagNamesField(forms.MultipleChoiceField):
    """Tag names, existing or new: what taggit's manager saves."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        return [getattr(v, "name", v) for v in (value or [])]

    def valid_value(self, value):
        return 0 < len(value.strip()) <= 100

    def clean(self, value):
        names = super().clean(value)
        return list(dict.fromkeys(" ".join(n.split()) for n in names))


def tag_autocomplete_view(request):
    term = request.GET.get("term", "").strip()
    tags = Tag.objects.order_by("name")
    if term:
        tags = tags.filter(name__icontains=term)
    return JsonResponse({"results": [{"id": t.name, "text": t.name} for t in tags[:20]], "pagination": {"more": False}})
