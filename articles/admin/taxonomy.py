from django import forms
from django.contrib import admin
from django.utils.html import format_html

from .. import images
from ..models import Agency, Image, Person, Section


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "slug", "url"]
    search_fields = ["name", "short_name", "aliases"]
    prepopulated_fields = {"slug": ["short_name"]}


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "agency", "user"]
    list_filter = ["agency"]
    search_fields = ["name", "name_key"]
    autocomplete_fields = ["agency", "user"]
    prepopulated_fields = {"slug": ["name"]}


class PictureField(forms.ImageField):
    """An upload checked by images.validate_upload: hostile files get a clear error, never storage."""

    widget = forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})

    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)
        if upload is None:
            return None
        upload.image = images.validate_upload(upload)
        upload.content_type = f"image/{upload.image.format.lower()}"
        return upload


class ImageForm(forms.ModelForm):
    file = PictureField(help_text=f"JPEG, PNG or WebP, at most {images.MAX_SIDE:,} pixels a side.")

    class Meta:
        model = Image
        fields = ["file", "alt_text", "caption", "credit", "focal_x", "focal_y"]


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    form = ImageForm
    list_display = ["__str__", "thumbnail", "credit", "has_alt_text", "width", "height", "created_at"]
    search_fields = ["caption", "credit", "alt_text"]
    readonly_fields = ["preview", "width", "height"]

    @admin.display(description="")
    def thumbnail(self, obj):
        variants = images.variants(obj, mime="image/jpeg") if obj.renditions else []
        return format_html('<img src="{}" alt="" width="96">', variants[0]["url"]) if variants else ""

    @admin.display(description="Alt text", boolean=True)
    def has_alt_text(self, obj):
        return bool(obj.alt_text.strip())

    @admin.display(description="Crop as readers see it")
    def preview(self, obj):
        variants = images.variants(obj, mime="image/jpeg") if obj.pk and obj.file else []
        return format_html('<img src="{}" alt="" width="320">', variants[min(1, len(variants) - 1)]["url"]) if variants else "—"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        images.ensure_renditions(obj)  # made once, now, rather than on a reader's first visit
