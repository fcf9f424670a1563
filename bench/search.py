"""Staff search latency at 100,000 and 1,000,000 stories on PostgreSQL, against `icontains`.

For each size: load (or reuse) the database with bench/load_corpus.py, then, in a Django process
on that database, time the FULL search function — results, snippets, total and facets — for 50
realistic staff queries, in interleaved rounds (the machine is shared), taking each query's
median. The same process times what the Django admin does by default (`icontains` over headline
and body, every word required, then count and first page) on a sample of the queries, with a
time bound, and prints the ratio measured in that run; and readers' search (public stories only)
as the public page runs it, against checking the visibility rule on every match read.

    python bench/run.py search                       # both sizes
    python bench/search.py 100000                    # one size
"""
import json
import os
import statistics
import subprocess
import sys
import time

import harness
import load_corpus

SIZES = [100_000, 1_000_000]
ROUNDS = int(os.environ.get("SEARCH_BENCH_ROUNDS", "5"))
ICONTAINS_SAMPLE = 10
ICONTAINS_TIMEOUT_S = 30

# (query, filters): filters name things by slug or name, and dates in years before now.
QUERIES = [
    # one word: very common, common, less common, rare, absent
    ("said", {}), ("year", {}), ("company", {}), ("bank", {}), ("trade", {}), ("shares", {}), ("japan", {}),
    ("coffee", {}), ("opec", {}), ("wheat", {}), ("merger", {}), ("gold", {}), ("quota", {}),
    ("cocoa", {}), ("zinc", {}), ("sorghum", {}), ("petrobras", {}), ("palladium", {}), ("yaobang", {}),
    ("tikhanovskaia", {}),
    # two or three words
    ("oil prices", {}), ("interest rates", {}), ("trade deficit", {}), ("crude oil output", {}),
    ("central bank intervention", {}), ("wheat exports", {}), ("merger talks", {}), ("coffee quota talks", {}),
    ("gold reserves", {}), ("stock split", {}),
    # quoted phrases, OR, exclusions
    ('"bank of england"', {}), ('"money supply"', {}), ('"federal reserve" rates', {}),
    ("wheat OR corn", {}), ("oil -opec", {}), ('coffee -brazil', {}),
    # people (in the text and in bylines; accents typed or not)
    ("james baker", {}), ("volcker", {}), ("nakasone", {}), ("Chaitanya Kalbag", {}), ("soren muller", {}),
    # with filters
    ("prices", {"section": "energy"}), ("oil", {"agency": "afp"}), ("bank", {"since_years": 5}),
    ("trade", {"status": "draft"}), ("dollar", {"year_ago": 12}), ("shares", {"language": "fr"}),
    ("opec", {"tag": "Crude"}),
    # no words: the newest, with and without a filter
    ("", {}), ("", {"section": "companies"}),
]
assert len(QUERIES) == 50


def _filters(spec, now):
    import datetime

    from taggit.models import Tag

    from articles.models import Agency, Section
    from articles.search import Filters

    values = {}
    if "section" in spec:
        values["section_id"] = Section.objects.get(slug=spec["section"]).pk
    if "agency" in spec:
        values["agency_id"] = Agency.objects.get(slug=spec["agency"]).pk
    if "tag" in spec:
        values["tag_id"] = Tag.objects.get(name=spec["tag"]).pk
    for key in ("status", "language"):
        if key in spec:
            values[key] = spec[key]
    if "since_years" in spec:
        values["date_from"] = (now - datetime.timedelta(days=365 * spec["since_years"])).date()
    if "year_ago" in spec:
        year = now.year - spec["year_ago"]
        values["date_from"], values["date_to"] = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return Filters(**values)


def _icontains(queryset, text, filters):
    """What ModelAdmin does with search_fields = ["headline", "body"]: each word in either field
    (icontains), then the count and the first page."""
    from django.db.models import Q
    from django.utils.text import smart_split, unescape_string_literal

    from django.db.models.functions import Coalesce

    from articles.search import common

    queryset = common.apply_filters(queryset.alias(story_date=Coalesce("publish_at", "created_at")), filters,
                                    "story_date")
    for bit in smart_split(text):
        if bit.startswith(('"', "'")) and bit[0] == bit[-1]:
            bit = unescape_string_literal(bit)
        queryset = queryset.filter(Q(headline__icontains=bit) | Q(body__icontains=bit))
    total = queryset.count()
    list(queryset.order_by("-publish_at", "-pk")[:20])
    return total


def measure():
    """Runs inside a Django process on the bench database; prints one JSON line."""
    import django

    django.setup()
    from django.db import OperationalError, connection, transaction
    from django.utils import timezone

    from articles.models import Article
    from articles.search import COUNT_LIMIT, search, search_public

    now = timezone.now()
    cases = [(text, _filters(spec, now)) for text, spec in QUERIES]
    totals = {}
    for text, filters in cases:  # warm-up: caches, plans, dictionaries
        totals[text, filters] = search(Article.objects.all(), text, filters=filters).total_display
    times = {i: [] for i in range(len(cases))}
    for round_ in range(ROUNDS):
        order = list(range(len(cases)))
        order = order[round_ % len(order):] + order[:round_ % len(order)]
        for i in order:
            text, filters = cases[i]
            started = time.perf_counter()
            search(Article.objects.all(), text, filters=filters)
            times[i].append(time.perf_counter() - started)
    per_query = [statistics.median(times[i]) for i in range(len(cases))]

    # Readers' search (the public page: no facets) on the queries with words and no filters: as the
    # page runs it (public_at: the search table passes over what cannot be public, the rule decides
    # on the ranked window) and with the visibility rule checked on every match read.
    worded = [i for i, (text, filters) in enumerate(cases) if text and not filters]
    reader = {"public_at": {i: [] for i in worded}, "rule": {i: [] for i in worded}}
    for round_ in range(ROUNDS + 1):  # the first round warms up
        for mode in (("public_at", "rule") if round_ % 2 else ("rule", "public_at")):
            for i in worded:
                started = time.perf_counter()
                if mode == "public_at":
                    search_public(cases[i][0], facets=False)  # as the page runs it
                else:
                    search(Article.objects.public(), cases[i][0], facets=False)
                if round_:
                    reader[mode][i].append(time.perf_counter() - started)

    # icontains on a sample spread over the kinds of query, one round each, bounded in time.
    sample = [i for i in range(0, len(cases), len(cases) // ICONTAINS_SAMPLE)][:ICONTAINS_SAMPLE]
    if os.environ.get("SEARCH_BENCH_ICONTAINS", "1") == "0":
        sample = []
    slow = {}
    for i in sample:
        text, filters = cases[i]
        started = time.perf_counter()
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute(f"SET LOCAL statement_timeout = '{ICONTAINS_TIMEOUT_S}s'")
                _icontains(Article.objects.all(), text, filters)
            slow[i] = time.perf_counter() - started
        except OperationalError:
            slow[i] = float("inf")
    print(json.dumps({
        "count_limit": COUNT_LIMIT,
        "reader_ms": {mode: [statistics.median(t) * 1000 for t in found.values()] for mode, found in reader.items()},
        "queries": [{"text": text, "filters": spec, "total": totals[cases[i]], "median_ms": per_query[i] * 1000,
                     "icontains_ms": slow[i] * 1000 if i in slow else None}
                    for i, (text, spec) in enumerate(QUERIES)],
    }))


def _percentile(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def report(n, load_seconds, data):
    queries = data["queries"]
    ms = [q["median_ms"] for q in queries]
    sampled = [q for q in queries if q["icontains_ms"] is not None]
    print(f"\n-- {n:,} stories (PostgreSQL){f', loaded in {load_seconds / 60:.1f} min' if load_seconds else ''}, "
          f"totals exact up to {data['count_limit']:,}")
    for q in sorted(queries, key=lambda q: -q["median_ms"])[:8]:
        print(f"   slowest: {q['median_ms']:7.1f} ms  {q['text'] or '(no words)'!r} {q['filters'] or ''} "
              f"→ {q['total']}")
    print(f"   search p50 {_percentile(ms, 0.5):.1f} ms, p95 {_percentile(ms, 0.95):.1f} ms, "
          f"max {max(ms):.1f} ms over {len(ms)} queries × {ROUNDS} rounds (median per query)")
    fast, every = data["reader_ms"]["public_at"], data["reader_ms"]["rule"]
    print(f"   readers' search ({len(fast)} queries with words, no facets): p50 {_percentile(fast, 0.5):.1f} ms, "
          f"p95 {_percentile(fast, 0.95):.1f} ms; with the rule checked on every match read: "
          f"p50 {_percentile(every, 0.5):.1f} ms, p95 {_percentile(every, 0.95):.1f} ms")
    print(f"RATIO readers' search, rule on every match / as the page runs it, at p50 ({n:,} stories): "
          f"{_percentile(every, 0.5) / _percentile(fast, 0.5):.2f}x")
    if not sampled:
        return
    fast = statistics.median(q["median_ms"] for q in sampled)
    slow = statistics.median(q["icontains_ms"] for q in sampled)
    timed_out = sum(1 for q in sampled if q["icontains_ms"] == float("inf"))
    print(f"   icontains on {len(sampled)} of them (one round, {ICONTAINS_TIMEOUT_S} s bound, "
          f"{timed_out} hit it): p50 {slow:.0f} ms vs search p50 {fast:.1f} ms on the same queries")
    print(f"RATIO search/icontains speed-up at p50 ({n:,} stories): {slow / fast:.0f}x")


def run(sizes=SIZES):
    base = os.environ.get("SEARCH_BENCH_DATABASE", "postgres://root@127.0.0.1:5432/bench_search")
    for n in sizes:
        url = f"{base}_{n // 1000}k" if n < 1_000_000 else f"{base}_{n // 1_000_000}m"
        seconds = load_corpus.load(url, n)
        env = harness.bench_env(url)
        out = subprocess.run([harness.PYTHON, __file__, "--measure"], cwd=harness.REPO, env=env, check=True,
                             capture_output=True, text=True).stdout
        report(n, seconds, json.loads(out.strip().splitlines()[-1]))


if __name__ == "__main__":
    if sys.argv[1:] == ["--measure"]:
        measure()
    else:
        run([int(a) for a in sys.argv[1:]] or SIZES)
