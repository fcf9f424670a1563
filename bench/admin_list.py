"""The desk's article list at a million stories, against Django's stock admin for the same model.

Runs in one Django process on the search bench's database (`bench_search_1m`: make it with
`python bench/run.py search` or `python bench/load_corpus.py URL 1000000`), logged in as a
superuser, and times the same pages on both admins in interleaved rounds: the list, a filter, a
year of the date drill-down, and the search box. Prints each page's median, its queries, and the
ratio stock/desk measured in that run.

    python bench/run.py admin
    ADMIN_BENCH_DATABASE=postgres://root@127.0.0.1:5432/bench_search_100k python bench/admin_list.py
"""
import json
import os
import statistics
import subprocess
import sys
import time

import harness

DATABASE = os.environ.get("ADMIN_BENCH_DATABASE", "postgres://root@127.0.0.1:5432/bench_search_1m")
ROUNDS = int(os.environ.get("ADMIN_BENCH_ROUNDS", "5"))
PAGES = [  # (what, query string)
    ("the list", ""),
    ("a section", "section__id__exact={section}"),
    ("a year", "publish_at__year=1995"),
    ("search: one word", "q=wheat"),
    ("search: two words", "q=oil+prices"),
    ("search: a name", "q=volcker"),
]


def measure():
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from articles.models import Section

    user = User.objects.filter(username="bench-admin").first() or User.objects.create_superuser(
        "bench-admin", "bench@example.org", None)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    section = Section.objects.order_by("pk").values_list("pk", flat=True).first()
    urls = {(what, which): f"{prefix}?{query.format(section=section)}"
            for what, query in PAGES
            for which, prefix in (("desk", "/admin/articles/article/"),
                                  ("stock", "/__bench__/stock-admin/bench/stockarticle/"))}
    times, queries = {key: [] for key in urls}, {}
    for _ in range(ROUNDS):
        for key, url in urls.items():
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url, secure=True)
                times[key].append(time.perf_counter() - started)
            assert response.status_code == 200, (url, response.status_code)
            queries[key] = len(captured.captured_queries)
    print(json.dumps({f"{what}|{which}": [statistics.median(times[(what, which)]) * 1000, queries[(what, which)]]
                      for what, which in urls}))


def run():
    import psycopg2

    try:
        psycopg2.connect(DATABASE).close()
    except psycopg2.OperationalError:
        print(f"{DATABASE} is not there: run `python bench/run.py search` first (it loads it); admin bench skipped")
        return
    env = harness.bench_env(DATABASE)
    harness.manage(env, "migrate", "--noinput")  # a database loaded by an older version of the code
    harness.manage(env, "collectstatic", "--noinput")  # production settings: the admin's static manifest
    out = subprocess.run([harness.PYTHON, __file__, "--measure"], cwd=harness.REPO, env=env, check=True,
                         capture_output=True, text=True).stdout
    data = json.loads(out.strip().splitlines()[-1])
    print(f"article list on {DATABASE.rsplit('/', 1)[-1]} (median of {ROUNDS} interleaved rounds):")
    ratios = []
    for what, _ in PAGES:
        (desk, desk_queries), (stock, stock_queries) = data[f"{what}|desk"], data[f"{what}|stock"]
        ratios.append(stock / desk)
        print(f"  {what:>18}: desk {desk:6.0f} ms ({desk_queries} queries) | stock Django admin {stock:7.0f} ms "
              f"({stock_queries} queries) | RATIO stock/desk {stock / desk:5.1f}")
    print(f"RATIO stock admin / desk list, median over the pages: {statistics.median(ratios):.1f}x")


if __name__ == "__main__":
    if sys.argv[1:] == ["--measure"]:
        measure()
    else:
        run()
