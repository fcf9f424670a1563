"""Django's admin as it comes, for the same Article model: the baseline of bench/admin_list.py.
Mounted only by the bench's URLs, never by the site's."""
from django.contrib import admin

from bench.models import StockArticle

site = admin.AdminSite(name="stock_admin")


@admin.register(StockArticle, site=site)
class StockArticleAdmin(admin.ModelAdmin):
    # What a first admin for this model would say: Django's defaults for counting, dates and search.
    list_display = ["headline", "status", "section", "publish_at"]
    list_filter = ["status", "section", "agencies", "tags"]
    list_select_related = ["section"]
    date_hierarchy = "publish_at"
    search_fields = ["headline", "body"]
