"""The Article model under another name, so bench/stock_admin.py shows it with Django's own admin
templates (the desk's templates are looked up by the name articles/article)."""
from articles.models import Article


class StockArticle(Article):
    class Meta:
        proxy = True
        app_label = "bench"
