"""Ingest speed: dispatches per second through the full path (decode, detect, parse, resolve agencies
and people, store the story with its dispatch, bylines, tags and first revision: one transaction per
file), on SQLite and PostgreSQL, one process.

The real copy is Reuters-21578 (../shared/corpus), each story rendered into one of the four wire
formats in turn (plain text, NITF, ninjs, NewsML-G2) before the clock starts. Prints the rate, the
database queries per dispatch and the ratio of the full path to parsing alone.

    python bench/run.py ingest               # both databases, the whole corpus
    python bench/ingest.py --limit 2000 --databases postgres
"""
import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import PYTHON, REPO, SHARED, VAR, bench_env, fresh_sqlite, manage  # noqa: E402

CORPUS = SHARED / "corpus" / "reuters21578"
PG_SERVER = os.environ.get("BENCH_PG_SERVER", "postgres://root@127.0.0.1:5432")
PG_DATABASE = "bench_ingest"
TARGET_RATE, TARGET_SECONDS = 300, 120


# (label, database, wait for the disk at each commit). PostgreSQL runs twice: as the `ingest` command
# does by default, and with `ingest --fast` (archive loads: commits do not wait for the disk).
RUNS = [("sqlite", "sqlite", True), ("postgres", "postgres", True), ("postgres-fast", "postgres", False)]


def run(limit=None, databases=("sqlite", "postgres", "postgres-fast")):
    if not CORPUS.exists():
        print(f"{CORPUS} not present: ingest benchmark skipped")
        return {}
    results = {}
    for label, database, durable in RUNS:
        if label not in databases:
            continue
        env = _fresh_database(database)
        command = [PYTHON, str(Path(__file__).resolve()), "--worker"] + (["--limit", str(limit)] if limit else [])
        command += [] if durable else ["--fast"]
        out = subprocess.run(command, cwd=REPO, env=env, check=True, capture_output=True, text=True).stdout
        results[label] = r = json.loads(out.strip().splitlines()[-1])
        print(f"{label:>15}: {r['dispatches']:,} dispatches in {r['seconds']:.1f} s = {r['rate']:,.0f} dispatches/s "
              f"({r['queries_per_dispatch']:.1f} queries, {r['cpu_ms']:.1f} ms of this process's CPU each); parsing "
              f"alone {r['parse_rate']:,.0f}/s; outcomes {r['outcomes']}", flush=True)
        for reason, name in r["failures"].items():
            print(f"{'':>15}  refused, e.g. {name}: {reason}", flush=True)
        print(f"{label:>15}: RATIO full path/parse only = {r['rate'] / r['parse_rate']:.2f}", flush=True)
    for label in ("postgres", "postgres-fast"):
        if label in results:
            r = results[label]
            whole = 21578 / r["rate"]
            print(f"{label}: target ≥ {TARGET_RATE}/s {'met' if r['rate'] >= TARGET_RATE else 'MISSED'}; whole corpus at "
                  f"this rate {whole:.0f} s (target < {TARGET_SECONDS} s: {'met' if whole < TARGET_SECONDS else 'MISSED'})")
    return results


def _fresh_database(database):
    if database == "sqlite":
        env = bench_env(f"sqlite:///{VAR / 'ingest.sqlite3'}")
        fresh_sqlite(env)
    else:
        import psycopg2

        connection = psycopg2.connect(f"{PG_SERVER}/postgres")
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")  # a previous run left behind
            cursor.execute(f"CREATE DATABASE {PG_DATABASE}")
        connection.close()
        env = bench_env(f"{PG_SERVER}/{PG_DATABASE}")
    manage(env, "migrate", "--noinput")
    return env


# --- rendering the corpus into wire formats (outside the timed part) -------------------------
def _esc(text):
    from xml.sax.saxutils import escape

    return escape(text, {'"': "&quot;"})


def _stamp(story):
    return story["date"].strftime("%Y-%m-%dT%H:%M:%SZ") if story["date"] else "1987-01-01T00:00:00Z"


def _lede(story):
    paragraphs = list(story["paragraphs"])
    if story["dateline"] and paragraphs:
        paragraphs[0] = f"{story['dateline'].upper()} (Reuters) - {paragraphs[0]}"
    return paragraphs


def as_text(story):
    when = story["date"]
    lines = [story["title"], f"Posted on {when:%d %B %Y} at {when:%H} h {when:%M}" if when else ""]
    if story["author"]:
        lines.append("By " + story["author"].split(" ", 1)[-1] if story["author"].lower().startswith("by ")
                     else story["author"])
    return "\n\n".join([line for line in lines if line] + _lede(story)) + "\n"


def as_nitf(story):
    body = "".join(f"<p>{_esc(p)}</p>" for p in story["paragraphs"])
    keywords = "".join(f'<keyword key="{_esc(t)}"/>' for t in story["topics"])
    byline = f"<byline>{_esc(story['author'])}</byline>" if story["author"] else ""
    dateline = f"<dateline><location>{_esc(story['dateline'])}</location></dateline>" if story["dateline"] else ""
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<nitf xmlns="http://iptc.org/std/NITF/2006-10-18/"><head>'
            f'<docdata><doc-id id-string="reuters21578-{story["newid"]}"/><date.issue norm="{_stamp(story)}"/>'
            f'<key-list>{keywords}</key-list></docdata></head><body><body.head><hedline><hl1>{_esc(story["title"])}'
            f'</hl1></hedline>{byline}<distributor>Reuters</distributor>{dateline}</body.head>'
            f'<body.content>{body}</body.content></body></nitf>\n')


def as_ninjs(story):
    item = {
        "uri": f"urn:reuters21578:{story['newid']}", "type": "text", "versioncreated": _stamp(story),
        "language": "en", "headlines": [{"role": "main", "value": story["title"]}],
        "subjects": [{"name": t} for t in story["topics"] + story["places"]],
        "bodies": [{"role": "main", "contenttype": "text/html",
                    "value": "".join(f"<p>{_esc(p)}</p>" for p in _lede(story))}],
        "copyrightholder": "Reuters",
    }
    if story["author"]:
        item["by"] = story["author"]
    return json.dumps(item, ensure_ascii=False)


def as_newsmlg2(story):
    body = "".join(f"<p>{_esc(p)}</p>" for p in _lede(story))
    subjects = "".join(f"<subject><name>{_esc(t)}</name></subject>" for t in story["topics"])
    creator = f"<creator><name>{_esc(story['author'].removeprefix('by '))}</name></creator>" if story["author"] else ""
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" '
            f'guid="urn:reuters21578:g2:{story["newid"]}" version="1" standard="NewsML-G2" xml:lang="en">'
            f'<itemMeta><itemClass qcode="ninat:text"/><provider qcode="nprov:REUTERS"/>'
            f'<versionCreated>{_stamp(story)}</versionCreated></itemMeta><contentMeta>{creator}{subjects}'
            f'<headline>{_esc(story["title"])}</headline></contentMeta><contentSet>'
            f'<inlineXML contenttype="application/nitf+xml"><nitf xmlns="http://iptc.org/std/NITF/2006-10-18/">'
            f'<body><body.content>{body}</body.content></body></nitf></inlineXML></contentSet></newsItem>\n')


RENDERERS = [("txt", as_text), ("xml", as_nitf), ("json", as_ninjs), ("g2.xml", as_newsmlg2)]


def render(story, index):
    extension, renderer = RENDERERS[index % len(RENDERERS)]
    if renderer is as_text and not (story["dateline"] and story["paragraphs"] and story["title"]):
        extension, renderer = "xml", as_nitf  # plain text needs a dateline; the others do not
    return f"reuters-{story['newid']}.{extension}", renderer(story).encode("utf-8")


# --- the timed worker (a subprocess with the database's settings) -----------------------------
def worker(limit, fast=False):
    import django

    django.setup()
    from django.db import connection

    import reuters
    from articles.ingest import ParseError, parse
    from articles.ingest.files import ingest_bytes
    from articles.ingest.store import IngestRun

    stories = list(reuters.stories(CORPUS))[:limit]
    files = [render(story, index) for index, story in enumerate(stories)]

    started = time.perf_counter()
    for _, data in files:
        try:
            parse(data)
        except ParseError:
            pass
    parse_seconds = time.perf_counter() - started

    queries = [0]

    def count(execute, sql, params, many, context):
        queries[0] += 1
        return execute(sql, params, many, context)

    outcomes, failures, run = {}, {}, IngestRun(wait_for_disk=not fast)
    with connection.execute_wrapper(count):
        started, cpu = time.perf_counter(), time.process_time()
        for name, data in files:
            outcome = ingest_bytes(data, name, run=run)
            outcomes[outcome.outcome] = outcomes.get(outcome.outcome, 0) + 1
            if outcome.error:
                failures.setdefault(outcome.error[:100], name)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(json.dumps({
        "dispatches": len(files), "seconds": seconds, "rate": len(files) / seconds,
        "cpu_ms": cpu * 1000 / len(files),
        "parse_rate": len(files) / parse_seconds, "queries_per_dispatch": queries[0] / len(files),
        "outcomes": outcomes, "failures": dict(list(failures.items())[:3]),
    }))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int)
    parser.add_argument("--databases", default="sqlite,postgres,postgres-fast", help="sqlite, postgres and/or postgres-fast")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--fast", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.worker:
        worker(arguments.limit, arguments.fast)
    else:
        run(arguments.limit, arguments.databases.split(","))
