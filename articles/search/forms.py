"""The search page's parameters, read from the URL so a search can be shared as a link."""
from django import forms
from django.db.models import Q
from taggit.models import Tag

from ..models import Agency, Person, Section, Status
from ..names import name_key
from .results import RELEVANCE, SORTS, Filters

URGENCIES = [(str(n), f"{n}{' (flash)' if n == 1 else ''}") for n in range(1, 9)]


class SearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=500, label="Search",
                        widget=forms.TextInput(attrs={"type": "search", "autofocus": True, "autocomplete": "off",
                                                      "placeholder": 'Words, "a phrase", this OR that, -not'}))
    section = forms.ModelChoiceField(Section.objects.all(), to_field_name="slug", required=False,
                                     empty_label="Any section")
    agency = forms.ModelChoiceField(Agency.objects.all(), to_field_name="slug", required=False,
                                    empty_label="Any agency")
    byline = forms.CharField(required=False, max_length=200, help_text="A byline's name.")
    tag = forms.CharField(required=False, max_length=100, help_text="A topic's name.")
    status = forms.ChoiceField(choices=[("", "Any status"), *Status.choices], required=False)
    language = forms.CharField(required=False, max_length=35, help_text="e.g. en, fr, pt-BR")
    urgency = forms.TypedChoiceField(choices=[("", "Any urgency"), *URGENCIES], coerce=int, empty_value=None,
                                     required=False)
    since = forms.DateField(required=False, label="From", widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(required=False, label="To", widget=forms.DateInput(attrs={"type": "date"}))
    sort = forms.ChoiceField(choices=list(SORTS.items()), required=False)
    page = forms.IntegerField(required=False, min_value=1)

    def clean_byline(self):
        value = self.cleaned_data["byline"].strip()
        if not value:
            return None
        person = Person.objects.filter(Q(slug=value) | Q(name_key=name_key(value))).order_by("pk").first()
        if person is None:
            raise forms.ValidationError(f"No byline named “{value}”.")
        return person

    def clean_tag(self):
        value = self.cleaned_data["tag"].strip()
        if not value:
            return None
        tag = Tag.objects.filter(Q(slug=value) | Q(name__iexact=value)).order_by("pk").first()
        if tag is None:
            raise forms.ValidationError(f"No topic named “{value}”.")
        return tag

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", "The end date is before the start date.")
        return cleaned

    def search_args(self):
        """(text, Filters, sort, page) from the valid fields; invalid ones are left out (their
        errors are shown beside them)."""
        data = self.cleaned_data if self.is_bound else {}
        get = data.get
        filters = Filters(
            date_from=get("since"), date_to=get("until"),
            section_id=get("section").pk if get("section") else None,
            agency_id=get("agency").pk if get("agency") else None,
            person_id=get("byline").pk if get("byline") else None,
            tag_id=get("tag").pk if get("tag") else None,
            status=get("status") or None, language=(get("language") or "").strip() or None,
            urgency=get("urgency"),
        )
        return get("q") or "", filters, get("sort") or RELEVANCE, get("page") or 1
