"""The major news agencies and their common spellings ship as data."""
from django.db import migrations

AGENCIES = [
    # name, short name, slug, url, aliases
    ("Agence France-Presse", "AFP", "afp", "https://www.afp.com",
     ["Agence France Presse", "France-Presse", "France Presse", "France Media Agency", "AFP News Agency"]),
    ("Reuters", "Reuters", "reuters", "https://www.reuters.com", ["Reuter", "Thomson Reuters", "Reuters News"]),
    ("The Associated Press", "AP", "ap", "https://apnews.com", ["Associated Press", "AP News"]),
    ("Deutsche Presse-Agentur", "dpa", "dpa", "https://www.dpa.com",
     ["Deutsche Presse Agentur", "German Press Agency", "dpa-AFX"]),
    ("Agencia EFE", "EFE", "efe", "https://efe.com", ["Agencia EFE S.A.", "EFE News", "Spanish News Agency"]),
    ("Agenzia Nazionale Stampa Associata", "ANSA", "ansa", "https://www.ansa.it", ["Agenzia ANSA"]),
    ("Kyodo News", "Kyodo", "kyodo", "https://english.kyodonews.net", ["Kyodo News Agency", "共同通信"]),
    ("Xinhua News Agency", "Xinhua", "xinhua", "https://english.news.cn", ["New China News Agency", "新华社", "Xinhua News"]),
    ("PA Media", "PA", "pa-media", "https://pa.media", ["Press Association", "PA News Agency", "PA Media Group"]),
    ("United Press International", "UPI", "upi", "https://www.upi.com", []),
    ("TASS Russian News Agency", "TASS", "tass", "https://tass.com", ["ITAR-TASS", "ТАСС", "TASS News Agency"]),
    ("Algemeen Nederlands Persbureau", "ANP", "anp", "https://www.anp.nl", ["ANP Nieuws"]),
    ("Belga News Agency", "Belga", "belga", "https://www.belganewsagency.eu", ["Agence Belga", "Belga Nieuws"]),
    ("Yonhap News Agency", "Yonhap", "yonhap", "https://en.yna.co.kr", ["연합뉴스", "Yonhap News"]),
]


def add_agencies(apps, schema_editor):
    Agency = apps.get_model("articles", "Agency")
    for name, short_name, slug, url, aliases in AGENCIES:
        Agency.objects.update_or_create(
            slug=slug, defaults={"name": name, "short_name": short_name, "url": url, "aliases": "\n".join(aliases)}
        )


def remove_agencies(apps, schema_editor):
    apps.get_model("articles", "Agency").objects.filter(slug__in=[a[2] for a in AGENCIES]).delete()


class Migration(migrations.Migration):
    dependencies = [("articles", "0001_initial")]
    operations = [migrations.RunPython(add_agencies, remove_agencies)]
