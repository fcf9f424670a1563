"""Fill a PostgreSQL database with N stories of real wire text, fast (see bench/README.md).

The Reuters-21578 stories are amplified to N: each story keeps a real headline and lede and gets
its body from its own paragraphs plus paragraphs of other stories on the same topic, shuffled, so
the vocabulary (and its frequencies) stays that of real wire copy. Dates spread over 30 years;
sections follow the topic; bylines, agencies, tags, statuses, languages and urgencies vary.

Speed: rows go in with COPY while the search triggers are disabled and the GIN index is dropped;
the search documents are then computed set-based by the database's own function (the one the
triggers call), in two parallel sessions, and the index is built once at the end.

    python bench/load_corpus.py postgres://root@127.0.0.1:5432/bench_search_100k 100000
"""
import datetime
import html
import io
import random
import sys
import threading
import time
from collections import defaultdict

import psycopg2

import harness
import reuters

SECTIONS = {  # topic → section (first matching topic of a story wins)
    "Companies": {"earn", "acq"},
    "Markets": {"money-fx", "interest", "dlr", "yen", "money-supply", "stg", "dmk"},
    "Energy": {"crude", "nat-gas", "heat", "gas", "fuel", "propane"},
    "Commodities": {"grain", "wheat", "corn", "sugar", "coffee", "cocoa", "oilseed", "soybean", "veg-oil",
                    "gold", "copper", "livestock", "carcass", "rice", "cotton", "rubber", "silver", "tin"},
    "Economy": {"trade", "gnp", "cpi", "bop", "jobs", "reserves", "ipi", "wpi", "retail", "housing"},
    "Transport": {"ship"},
}
OTHER_SECTIONS = ["World", "Politics", "Technology", "Science"]
STATUSES = [("published", 920), ("draft", 30), ("submitted", 10), ("approved", 10), ("withdrawn", 20),
            ("scheduled", 5), ("embargoed", 5)]
LANGUAGES = [("en", 980), ("fr", 10), ("es", 10)]
URGENCIES = [(1, 10), (2, 40), (3, 50), (4, 150), (5, 600), (6, 150)]
# Invented names, some with diacritics, so bylines exercise accent folding.
FIRST = ["Ana", "José", "Zoë", "Łukasz", "Ingrid", "Mehmet", "Aoife", "Søren", "Chloé", "Rafael", "Priya",
         "Kwame", "Elena", "Tomás", "Yuki", "Fatima", "Hélène", "Jürgen", "Nikolai", "Grace", "Omar", "Dariusz"]
LAST = ["Müller", "Okonkwo", "Nuñez", "Lindqvist", "Ferreira", "Dubois", "Kowalczyk", "Haddad", "Brennan",
        "Sato", "Øvergaard", "García", "Novák", "Petrović", "Mensah", "Çelik", "Ibáñez", "Walsh", "Chen"]


def _weighted(rng, pairs):
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def _esc(value):
    """One field of COPY's text format."""
    if value is None:
        return r"\N"
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _copy(cursor, table, columns, rows):
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join(_esc(v) for v in row))
        buffer.write("\n")
    buffer.seek(0)
    cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buffer)


def _corpus():
    stories = [s for s in reuters.stories(harness.SHARED / "corpus" / "reuters21578") if s["paragraphs"] and s["title"]]
    by_topic = defaultdict(list)
    for story in stories:
        by_topic[(story["topics"] or ["none"])[0]].append(story)
    return stories, by_topic


def _people(stories, rng):
    names = {s["author"].removeprefix("By ").split(",")[0].strip() for s in stories if s["author"].startswith("By ")}
    names |= {" ".join(w.capitalize() for w in p.split("-")) for s in stories for p in s["people"] if "-" in p}
    firsts = sorted({n.split()[0] for n in names if " " in n} | set(FIRST))
    lasts = sorted({n.split()[-1] for n in names if " " in n} | set(LAST))
    while len(names) < 3000:
        names.add(f"{rng.choice(firsts)} {rng.choice(lasts)}")
    return sorted(names)


def _section_of(story, sections):
    for topic in story["topics"]:
        for name, topics in SECTIONS.items():
            if topic in topics:
                return sections[name]
    return sections[OTHER_SECTIONS[story["newid"] % len(OTHER_SECTIONS)]]


def _place(dateline):
    place = dateline.split(",")[0].strip()
    return place.title() if place else ""


def _rows(n, stories, by_topic, sections, people, agencies, tag_ids, rng, now):
    """Yield (article row, [person ids], [agency ids], [tag ids]) for stories 1..n."""
    span = 30 * 365 * 24 * 3600
    reuters_id = agencies["reuters"]
    others = [pk for slug, pk in agencies.items() if slug != "reuters"]
    for pk in range(1, n + 1):
        base = stories[(pk * 7919) % len(stories)]
        topic = (base["topics"] or ["none"])[0]
        pool = by_topic[topic]
        lede, *rest = base["paragraphs"]
        for _ in range(rng.randint(1, 3)):
            rest.extend(rng.choice(pool)["paragraphs"][1:3])
        rng.shuffle(rest)
        body = "\n\n".join(rest[:8]) or lede
        status = _weighted(rng, STATUSES)
        when = now - datetime.timedelta(seconds=rng.randrange(3600, span))
        created = when - datetime.timedelta(minutes=rng.randint(5, 600))
        publish_at = first = pub_date = embargo = None
        if status in ("published", "withdrawn"):
            publish_at = first = when
        elif status == "scheduled":
            status, publish_at = "published", now + datetime.timedelta(hours=rng.randint(1, 72))
            first, created = publish_at, now - datetime.timedelta(hours=1)
        elif status == "embargoed":
            status, publish_at = "published", now - datetime.timedelta(minutes=10)
            first, created, embargo = publish_at, now - datetime.timedelta(hours=1), now + datetime.timedelta(hours=6)
        if publish_at:
            pub_date = publish_at.date()
        headline = base["title"].capitalize()
        row = (
            pk, f"urn:bench:{pk}", headline, False, f"story-{pk}", lede, body,
            "".join(f"<p>{html.escape(p)}</p>" for p in body.split("\n\n")),
            _weighted(rng, LANGUAGES), _place(base["dateline"]), when.date(), _weighted(rng, URGENCIES), status,
            publish_at, embargo, first, pub_date,
            "Withdrawn on legal advice." if status == "withdrawn" else "", 1, created, created,
            _section_of(base, sections),
        )
        roll = rng.random()
        bylines = [] if roll < 0.25 else rng.sample(people, 2 if roll > 0.85 else 1)
        credits = [reuters_id if rng.random() < 0.75 else rng.choice(others)]
        if rng.random() < 0.05:
            credits.append(rng.choice([a for a in others if a != credits[0]]))
        tags = [tag_ids[t] for t in dict.fromkeys(base["topics"] + base["places"] + base["orgs"])][:4]
        yield row, bylines, credits, tags


ARTICLE_COLUMNS = ["id", "guid", "headline", "headline_is_proposed", "slug", "standfirst", "body", "body_html",
                   "language", "dateline_place", "dateline_date", "urgency", "status", "publish_at", "embargo_until",
                   "first_published_at", "pub_date", "withdrawal_notice", "version", "created_at", "updated_at",
                   "section_id"]
SEARCH_TABLES = ["articles_article", "articles_byline", "articles_article_agencies", "taggit_taggeditem",
                 "articles_person", "articles_agency", "taggit_tag"]


LOADED_TABLES = ["articles_article", "articles_byline", "articles_article_agencies", "taggit_taggeditem",
                 "articles_searchdocument"]


def _drop_secondary_indexes(cursor):
    """Drop the indexes no constraint needs (COPY is several times faster without them); return
    their definitions to build again afterwards."""
    cursor.execute("""
        SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i
         WHERE i.indrelid = ANY(%s::regclass[])
           AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)""", [LOADED_TABLES])
    indexes = cursor.fetchall()
    for name, _ in indexes:
        cursor.execute(f"DROP INDEX {name}")
    return [definition for _, definition in indexes]


def ensure_database(database_url):
    name = database_url.rsplit("/", 1)[1]
    admin = psycopg2.connect(database_url.rsplit("/", 1)[0] + "/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    harness.manage(harness.bench_env(database_url), "migrate", "--noinput")


def _build_documents(database_url, n, progress):
    """The search documents, computed by articles_search_rows in two sessions (the machine has two
    cores), 10,000 stories per statement."""
    step = 10_000
    chunks = [(lo, min(lo + step - 1, n)) for lo in range(1, n + 1, step)]
    done = []

    def work(part):
        connection = psycopg2.connect(database_url)
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit = off")
            for lo, hi in part:
                cursor.execute("INSERT INTO articles_searchdocument SELECT * FROM "
                               "articles_search_rows(ARRAY(SELECT generate_series(%s::bigint, %s::bigint)))", [lo, hi])
                done.append(hi - lo + 1)
                progress(f"  search documents: {sum(done):,}/{n:,}")
        connection.close()

    threads = [threading.Thread(target=work, args=(chunks[i::2],)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def load(database_url, n, *, seed=1987, progress=print):
    """Make `database_url` hold exactly `n` bench stories (kept if already loaded). Returns seconds."""
    ensure_database(database_url)
    connection = psycopg2.connect(database_url)
    cursor = connection.cursor()
    cursor.execute("SELECT count(*), count(*) FILTER (WHERE guid LIKE 'urn:bench:%%') FROM articles_article")
    total, bench = cursor.fetchone()
    cursor.execute("SELECT count(*) FROM articles_searchdocument")
    if total == bench == n and cursor.fetchone()[0] == n:
        progress(f"{n:,} stories already loaded")
        return 0.0
    started = time.monotonic()
    rng = random.Random(seed)
    now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    stories, by_topic = _corpus()

    cursor.execute("TRUNCATE articles_article, articles_byline, articles_article_agencies, articles_person, "
                   "taggit_taggeditem, taggit_tag, articles_section, articles_revision, articles_transition, "
                   "articles_correction, articles_dispatch, articles_articleurl CASCADE")
    for table in SEARCH_TABLES:
        cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
    indexes = _drop_secondary_indexes(cursor)
    search_indexes = [i for i in indexes if "articles_searchdocument USING" in i]
    indexes = [i for i in indexes if i not in search_indexes]
    cursor.execute("SET synchronous_commit = off")
    cursor.execute("SET default_toast_compression = 'lz4'")  # long bodies compress several times faster

    names = list(SECTIONS) + OTHER_SECTIONS
    _copy(cursor, "articles_section", ["id", "name", "slug", "position", "description"],
          [(i, name, name.lower(), i, "") for i, name in enumerate(names, 1)])
    sections = {name: i for i, name in enumerate(names, 1)}
    people = _people(stories, rng)
    _copy(cursor, "articles_person", ["id", "name", "slug", "name_key", "bio"],
          [(i, name, f"person-{i}", name.lower(), "") for i, name in enumerate(people, 1)])
    person_ids = list(range(1, len(people) + 1))
    cursor.execute("SELECT slug, id FROM articles_agency")
    agencies = dict(cursor.fetchall())
    tag_names = sorted({t for s in stories for t in s["topics"] + s["places"] + s["orgs"]})
    tag_ids = {t: i for i, t in enumerate(tag_names, 1)}
    _copy(cursor, "taggit_tag", ["id", "name", "slug"],
          [(i, t.replace("-", " ").title() if len(t) > 3 else t.upper(), t) for t, i in tag_ids.items()])
    cursor.execute("SELECT id FROM django_content_type WHERE app_label = 'articles' AND model = 'article'")
    content_type = cursor.fetchone()[0]

    batch, links = [], ([], [], [])
    counters = [0, 0, 0]
    rows = _rows(n, stories, by_topic, sections, person_ids, agencies, tag_ids, rng, now)
    for index, (row, bylines, credits, tags) in enumerate(rows, 1):
        batch.append(row)
        for position, person in enumerate(bylines, 1):
            counters[0] += 1
            links[0].append((counters[0], row[0], person, position, ""))
        for agency in credits:
            counters[1] += 1
            links[1].append((counters[1], row[0], agency))
        for tag in tags:
            counters[2] += 1
            links[2].append((counters[2], row[0], content_type, tag))
        if len(batch) == 20_000 or index == n:
            _copy(cursor, "articles_article", ARTICLE_COLUMNS, batch)
            _copy(cursor, "articles_byline", ["id", "article_id", "person_id", "position", "role"], links[0])
            _copy(cursor, "articles_article_agencies", ["id", "article_id", "agency_id"], links[1])
            _copy(cursor, "taggit_taggeditem", ["id", "object_id", "content_type_id", "tag_id"], links[2])
            connection.commit()
            batch, links = [], ([], [], [])
            progress(f"  stories: {index:,}/{n:,} ({time.monotonic() - started:.0f} s)")
    for table in ("articles_article", "articles_byline", "articles_article_agencies", "articles_person",
                  "taggit_tag", "taggit_taggeditem", "articles_section"):
        cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
    connection.commit()
    progress(f"  indexes ({time.monotonic() - started:.0f} s)")
    cursor.execute("SET maintenance_work_mem = '512MB'")
    for definition in indexes:
        cursor.execute(definition)
    connection.commit()

    _build_documents(database_url, n, progress)
    progress(f"  building the GIN and date indexes ({time.monotonic() - started:.0f} s)")
    cursor.execute("SET maintenance_work_mem = '1GB'")
    for definition in search_indexes:
        cursor.execute(definition)
    for table in SEARCH_TABLES:
        cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
    connection.commit()
    connection.autocommit = True
    progress(f"  vacuum analyze ({time.monotonic() - started:.0f} s)")
    cursor.execute("VACUUM ANALYZE")
    connection.close()
    seconds = time.monotonic() - started
    progress(f"loaded {n:,} stories in {seconds:.0f} s")
    return seconds


if __name__ == "__main__":
    load(sys.argv[1], int(sys.argv[2]))
