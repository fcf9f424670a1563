"""Serving speed: the article page against a constant Django view of the same size, measured in
one run, same gunicorn setup. Prints the throughput ratio."""
import statistics

from harness import SHARED, bench_env, fetch, fresh_sqlite, gunicorn, manage, require_wrk, wrk

SEED = SHARED / "seed" / "000_945cfe59dec50354.txt"


def prepare():
    env = bench_env(CACHE_URL="dummy://")
    fresh_sqlite(env)
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo")
    if SEED.exists():
        manage(env, "ingest", str(SEED), "--status", "published")
    manage(env, "collectstatic", "--noinput")
    return env


def article_url(env):
    import subprocess
    import sys

    from harness import REPO

    code = ("import django; django.setup(); from articles.models import Article; "
            "from django.db.models.functions import Length; "
            "print(Article.objects.public().annotate(n=Length('body')).order_by('-n').first().get_absolute_url())")
    return subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True,
                          check=True).stdout.strip()


def run(seconds=8, rounds=2):
    require_wrk()
    env = prepare()
    path = article_url(env)
    with gunicorn(env) as (base, _):
        size = len(fetch(base + path))
        constant = f"{base}/__bench__/constant/{size}/"
        fetch(constant)
        article_rps, constant_rps = [], []
        for _ in range(rounds):  # interleaved, so drift in machine load hits both alike
            article_rps.append(wrk(base + path, seconds))
            constant_rps.append(wrk(constant, seconds))
    a, c = statistics.median(article_rps), statistics.median(constant_rps)
    print(f"article page ({size:,} bytes, page cache off): {a:,.0f} req/s")
    print(f"constant view (same size):                    {c:,.0f} req/s")
    print(f"RATIO article/constant throughput = {a / c:.2f}")
    return {"article_rps": a, "constant_rps": c, "ratio": a / c}


if __name__ == "__main__":
    run()
