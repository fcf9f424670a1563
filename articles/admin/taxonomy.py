from django.contrib import admin

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


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    list_display = ["__str__", "credit", "width", "height", "created_at"]
    search_fields = ["caption", "credit", "alt_text"]
    readonly_fields = ["width", "height"]
