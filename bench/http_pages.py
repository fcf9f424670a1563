"""Serving speed of the reader site against a constant Django view of the same size, measured in
one run with the same gunicorn setup (production settings, 2 sync workers, 127.0.0.1):

- article page and front with no cache at all (CACHE_URL=dummy://): every request renders;
- article page and front through the anonymous page cache (CACHE_URL=locmem://);
- queries per page (first view of a story, later views, front);
- a worker's memory over 20,000 requests spread across every kind of public page.

Prints throughput ratios against the constant view of the same server run (medians of
interleaved rounds: the machine is shared, so absolute numbers drift)."""
import statistics
import subprocess
import sys
import time

from harness import REPO, SHARED, bench_env, fetch, fresh_sqlite, gunicorn, manage, require_wrk, wrk

SEED = SHARED / "seed" / "000_945cfe59dec50354.txt"
MEMORY_REQUESTS = 20_000


def prepare():
    env = bench_env(CACHE_URL="dummy://")
    fresh_sqlite(env)
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo")
    if SEED.exists():
        manage(env, "ingest", str(SEED), "--status", "published")
    manage(env, "collectstatic", "--noinput")
    return env


def django(env, code):
    """Run `code` in a configured Django process with the bench settings; return its stdout."""
    return subprocess.run([sys.executable, "-c", "import django; django.setup()\n" + code], cwd=REPO, env=env,
                          capture_output=True, text=True, check=True).stdout.strip()


def article_url(env):
    return django(env, "from articles.models import Article; from django.db.models.functions import Length\n"
                       "print(Article.objects.public().annotate(n=Length('body')).order_by('-n').first()"
                       ".get_absolute_url())")


def all_urls(env):
    """Every kind of public page: articles, fronts, listings, feeds, sitemaps, API."""
    return django(env, """
from articles.models import Article, Section, Person
paths = [a.get_absolute_url() for a in Article.objects.public()]
paths += ["/", "/corrections/", "/feeds/latest.rss", "/feeds/latest.atom", "/sitemap.xml", "/news-sitemap.xml",
          "/api/ninjs/articles/", "/robots.txt"]
paths += [s.get_absolute_url() for s in Section.objects.all()] + [p.get_absolute_url() for p in Person.objects.all()]
print("\\n".join(paths))""").splitlines()


def query_counts(env, path):
    """Queries for the first view of the story, a later view, and the front (no cache)."""
    out = django(env, f"""
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from articles.models import StoryPage
StoryPage.objects.all().delete()
client = Client(HTTP_HOST="127.0.0.1")
counts = []
for url in ({path!r}, {path!r}, "/"):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    counts.append(len(queries))
print(*counts)""")
    return [int(n) for n in out.split()]


def workers(master):
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(master)], capture_output=True, text=True).stdout
    return [int(pid) for pid in out.split()]


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))


def many_requests(base, paths, total):
    """At least `total` requests cycling through `paths` (wrk with a small Lua script)."""
    script = REPO / "bench" / "var" / "paths.lua"
    quoted = ", ".join(f'"{p}"' for p in paths)
    script.write_text(f"local paths = {{{quoted}}}\nlocal i = 0\n"
                      "request = function()\n  i = i + 1\n  return wrk.format('GET', paths[(i % #paths) + 1])\nend\n")
    done = 0
    while done < total:
        out = subprocess.run(["wrk", "-t1", "-c4", "-d10s", "-s", str(script), base + "/"],
                             capture_output=True, text=True, check=True).stdout
        done += int(out.split(" requests in ")[0].split()[-1])
    return done


def measure(base, paths, seconds, rounds):
    results = {name: [] for name in paths}
    for _ in range(rounds):  # interleaved, so drift in machine load hits every page alike
        for name, path in paths.items():
            results[name].append(wrk(base + path, seconds))
    return {name: statistics.median(values) for name, values in results.items()}


def run(seconds=6, rounds=3):
    require_wrk()
    env = prepare()
    path = article_url(env)
    first, later, front = query_counts(env, path)
    paths = all_urls(env)
    report = {}
    with gunicorn(env) as (base, master):
        size = len(fetch(base + path))
        pages = {"article": path, "front": "/", "constant": f"/__bench__/constant/{size}/"}
        for p in pages.values():
            fetch(base + p)
        uncached = measure(base, pages, seconds, rounds)
        many_requests(base, paths, 1_000)  # warm every code path before the first reading
        before = {pid: rss_kib(pid) for pid in workers(master.pid)}
        started = time.perf_counter()
        served = many_requests(base, paths, MEMORY_REQUESTS)
        elapsed = time.perf_counter() - started
        after = {pid: rss_kib(pid) for pid in workers(master.pid)}
    with gunicorn(bench_env(CACHE_URL="locmem://")) as (base, _):
        for p in pages.values():
            fetch(base + p)
        cached = measure(base, pages, seconds, rounds)

    print(f"article page: {size:,} bytes ({path})")
    print(f"queries: article first view {first}, later views {later}; front {front}")
    for label, rates in (("no cache", uncached), ("page cache", cached)):
        c = rates["constant"]
        print(f"[{label}] constant view {c:,.0f} req/s | article {rates['article']:,.0f} req/s "
              f"(RATIO {rates['article'] / c:.2f}) | front {rates['front']:,.0f} req/s (RATIO {rates['front'] / c:.2f})")
    growth = max((after[pid] - before[pid]) / before[pid] for pid in before)
    print(f"worker memory over {served:,} requests ({len(paths)} different pages, no cache, {elapsed:.0f} s): "
          + ", ".join(f"{before[p] / 1024:.1f} → {after[p] / 1024:.1f} MiB" for p in before)
          + f"; largest growth {growth:.1%}")
    report.update(article_uncached_ratio=uncached["article"] / uncached["constant"],
                  article_cached_ratio=cached["article"] / cached["constant"],
                  front_uncached_ratio=uncached["front"] / uncached["constant"],
                  queries_article=(first, later), queries_front=front, memory_growth=growth)
    return report


if __name__ == "__main__":
    run()
