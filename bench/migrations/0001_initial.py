from django.db import migrations


class Migration(migrations.Migration):
    """The stock admin's proxy of Article (bench/models.py): no table of its own."""

    dependencies = [("articles", "0010_search_statistics")]

    operations = [
        migrations.CreateModel(name="StockArticle", fields=[], options={"proxy": True, "indexes": [], "constraints": []},
                               bases=("articles.article",)),
    ]
