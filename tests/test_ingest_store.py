"""The one writer: stored once, write-through for drafts, held for review once published,
agencies through aliases, people by normalised name, one transaction per file."""
import datetime
import json

import pytest

from articles.ingest import parse
from articles.ingest.files import ingest_bytes
from articles.ingest.store import IngestRun, store_dispatch
from articles.models import Agency, Article, Dispatch, Person, Revision, Status
from articles.workflow import transition
from tests import factories

pytestmark = pytest.mark.django_db
SEPT_11 = datetime.datetime(2024, 9, 11, 16, 0, tzinfo=datetime.timezone.utc)


def nitf(*, doc_id="wire-001", headline="Bridge reopens after repairs", body="Traffic flowed again on Monday.",
         agency="Agence France-Presse", byline="Maria PANINA", keywords=("bridges",), version="1"):
    keys = "".join(f'<keyword key="{k}"/>' for k in keywords)
    return (f'<nitf><head><docdata><doc-id id-string="{doc_id}"/><du-key version="{version}"/>'
            f'<date.issue norm="20240911T080000Z"/><key-list>{keys}</key-list></docdata></head><body><body.head>'
            f'<hedline><hl1>{headline}</hl1></hedline><byline>By {byline}</byline><distributor>{agency}</distributor>'
            f'<dateline><location>LYON</location></dateline></body.head><body.content><p>{body}</p>'
            f'<p>A second paragraph.</p></body.content></body></nitf>').encode()


def text_dispatch(headline="Bridge reopens after repairs", lede="Traffic flowed again on Monday.", agency="AFP"):
    return f"{headline}\n\nPosted on 11 September 2024 at 10 h 00\n\nLYON, Sept. 11 ({agency}) - {lede}\n".encode()


def test_new_dispatch_becomes_a_draft_with_provenance_credits_and_tags():
    outcome = ingest_bytes(nitf(), "wire-001.xml")
    assert outcome.outcome == "created"
    story = Article.objects.get()
    assert story.status == Status.DRAFT
    assert story.headline == "Bridge reopens after repairs" and not story.headline_is_proposed
    assert story.body == "Traffic flowed again on Monday.\n\nA second paragraph."
    assert (story.dateline_place, story.language) == ("Lyon", "en")
    assert [a.short_name for a in story.agencies.all()] == ["AFP"]  # "Agence France-Presse" is AFP
    assert [(b.person.name, b.role, b.position) for b in story.bylines.all()] == [("Maria Panina", "", 1)]
    assert sorted(story.tags.names()) == ["bridges"]
    source = story.source
    assert (source.format, source.source_id, source.version, source.file_name) == ("nitf", "wire-001", "1", "wire-001.xml")
    assert source.raw_text.startswith("<nitf>") and source.applied
    assert story.revisions.get().note == "Received from the wire"


def test_the_same_file_twice_is_stored_once():
    assert ingest_bytes(nitf(), "a.xml").outcome == "created"
    second = ingest_bytes(nitf(), "a-copy.xml")
    assert second.outcome == "unchanged"
    assert Article.objects.count() == 1 and Dispatch.objects.count() == 1 and Revision.objects.count() == 1


def test_newer_version_with_the_same_source_id_updates_the_draft_and_records_a_revision():
    story = ingest_bytes(nitf(), "v1.xml").article
    outcome = ingest_bytes(nitf(body="Traffic flowed again on Monday, a day early.", version="2"), "v2.xml")
    assert outcome.outcome == "updated" and outcome.article.pk == story.pk
    story.refresh_from_db()
    assert story.body.startswith("Traffic flowed again on Monday, a day early.")
    assert story.version == 2 and story.source.version == "2"
    assert list(story.revisions.values_list("note", flat=True)) == ["Updated from the wire", "Received from the wire"]
    assert story.revisions.first().changed == ["body"]
    assert Article.objects.count() == 1 and story.dispatches.count() == 2


def test_same_agency_dateline_and_headline_is_the_same_story_across_formats():
    first = ingest_bytes(text_dispatch(agency="AFP"), "first.txt").article
    # Another spelling of the agency, another format, no shared source id: still the same story.
    later = {"uri": "urn:other", "headlines": [{"value": "Bridge reopens after repairs"}], "located": "Lyon",
             "copyrightholder": "France Media Agency", "versioncreated": "2024-09-11T12:00:00Z",
             "bodies": [{"contenttype": "text/html", "value": "<p>LYON, Sept. 11 (AFP) - Traffic flowed again.</p>"}]}
    outcome = ingest_bytes(json.dumps(later).encode(), "later.json")
    assert outcome.outcome == "updated" and outcome.article.pk == first.pk
    assert Article.objects.count() == 1


def test_write_through_replaces_a_draft_even_after_the_desk_edited_it():
    story = ingest_bytes(nitf(), "v1.xml").article
    story.body = "The desk's own edit."
    story.save()
    ingest_bytes(nitf(body="The wire's corrected text.", version="2"), "v2.xml")
    story.refresh_from_db()
    assert story.body.startswith("The wire's corrected text.")


def test_newer_version_of_a_published_story_is_held_for_review(client, editor):
    story = ingest_bytes(nitf(), "v1.xml", status=Status.PUBLISHED).article
    published_body, published_version = story.body, story.version
    outcome = ingest_bytes(nitf(body="A changed fact.", version="2"), "v2.xml")
    assert outcome.outcome == "held for review" and outcome.article.pk == story.pk
    story.refresh_from_db()
    assert story.body == published_body and story.version == published_version  # not overwritten
    held = story.dispatches.get(applied=False)
    assert held.version == "2" and "A changed fact." in held.raw_text
    assert story.source.version == "1"
    # The desk sees it on the story's page, and in its provenance.
    client.force_login(editor)
    page = client.get(f"/admin/articles/article/{story.pk}/change/").content.decode()
    assert "A newer version of this story came from the wire" in page and "v2.xml" in page
    assert "held for review (story was already published)" in page
    # Receiving the same held version again changes nothing.
    assert ingest_bytes(nitf(body="A changed fact.", version="2"), "v2-again.xml").outcome == "unchanged"
    assert story.dispatches.count() == 2


def test_submitted_stories_are_held_too(editor):
    story = ingest_bytes(nitf(), "v1.xml").article
    story = transition(story, "submit", user=None)
    assert ingest_bytes(nitf(body="Changed.", version="2"), "v2.xml").outcome == "held for review"


def test_agencies_resolve_through_aliases_and_unknown_ones_are_created():
    for index, spelling in enumerate(["AFP", "Agence France-Presse", "France Media Agency", "agence france presse"]):
        ingest_bytes(nitf(doc_id=f"d{index}", headline=f"Story {index}", agency=spelling), f"{index}.xml")
    assert set(Agency.objects.get(short_name="AFP").articles.values_list("headline", flat=True)) == {
        "Story 0", "Story 1", "Story 2", "Story 3"}
    before = Agency.objects.count()
    ingest_bytes(nitf(doc_id="n1", headline="Fjord news", agency="Nordic Wire Service"), "n1.xml")
    assert Agency.objects.count() == before + 1
    assert Article.objects.get(headline="Fjord news").agencies.get().name == "Nordic Wire Service"


@pytest.mark.parametrize("spellings, stored", [
    (["Maria PANINA", "Maria Panina", "MARIA PANINA"], "Maria Panina"),
    (["Kate McDONALD", "Kate McDonald"], "Kate McDonald"),
    (["Piet van der BERG", "Piet van der Berg"], "Piet van der Berg"),
    (["Ana de la CRUZ"], "Ana de la Cruz"),
])
def test_people_are_matched_by_normalised_name(spellings, stored):
    for index, name in enumerate(spellings):
        ingest_bytes(nitf(doc_id=f"p{index}", headline=f"Story {index}", byline=name), f"{index}.xml")
    person = Person.objects.get()
    assert person.name == stored
    assert person.bylines.count() == len(spellings)


def test_existing_person_keeps_their_record():
    reporter = factories.person("Maria Panina", bio="Moscow correspondent.")
    ingest_bytes(nitf(byline="Maria PANINA"), "a.xml")
    assert Person.objects.get() == reporter


def test_signoff_roles_are_stored_in_order(settings):
    data = ("Rates held\n\nPosted on 11 September 2024 at 10 h 00\n\nBy Ada EZE, Reuters\n\n"
            "LAGOS, Sept. 11 (Reuters) - The bank held rates.\n\n"
            "(Reporting by Ada Eze and Bo Li; Writing by Cy Wu; Editing by Di Fo)").encode()
    story = ingest_bytes(data, "rates.txt").article
    assert [(b.position, b.person.name, b.role) for b in story.bylines.select_related("person")] == [
        (1, "Ada Eze", "reporting"), (2, "Bo Li", "reporting"), (3, "Cy Wu", "writing"), (4, "Di Fo", "editing")]
    assert "Reporting by" not in story.body


def test_embargo_is_stored_and_keeps_the_story_off_the_site():
    data = ("Results due\n\nPosted on 11 September 2024 at 10 h 00\n\nEMBARGOED UNTIL 0600 GMT Sept. 12, 2099\n\n"
            "OSLO, Sept. 11 (NTB) - Results come out tomorrow.").encode()
    story = ingest_bytes(data, "embargo.txt").article
    assert story.embargo_until == datetime.datetime(2099, 9, 12, 6, 0, tzinfo=datetime.timezone.utc)


def test_archive_import_publishes_at_the_wire_time():
    story = ingest_bytes(nitf(), "old.xml", status=Status.PUBLISHED).article
    assert story.status == Status.PUBLISHED
    assert story.first_published_at == datetime.datetime(2024, 9, 11, 8, 0, tzinfo=datetime.timezone.utc)
    assert story.transitions.get().action == "import_published"


def test_a_failing_file_writes_nothing_and_the_run_goes_on(monkeypatch):
    run = IngestRun()
    ingest_bytes(nitf(doc_id="ok-1", agency="Brand New Agency"), "ok-1.xml", run=run)
    # Fails at the very end of the store (agencies, people, story, links all written): all rolled back.
    import articles.ingest.store as store

    written = store.statements.create_story

    def broken(*args, **kwargs):
        written(*args, **kwargs)
        assert Article.objects.filter(headline="Another").exists()  # it was all written…
        raise RuntimeError("disk full")  # …and then the commit failed

    monkeypatch.setattr(store.statements, "create_story", broken)
    bad = nitf(doc_id="bad", headline="Another", agency="Second New Agency", byline="New PERSON")
    with pytest.raises(RuntimeError):
        store_dispatch(parse(bad), run=run, file_name="bad.xml")
    monkeypatch.undo()
    assert Article.objects.count() == 1 and Dispatch.objects.count() == 1
    assert not Agency.objects.filter(name="Second New Agency").exists()
    assert not Person.objects.filter(name="New Person").exists()
    # The run's lookups forgot what was rolled back: the next file creates them afresh.
    outcome = ingest_bytes(nitf(doc_id="ok-2", headline="Third", agency="Second New Agency", byline="New PERSON"),
                           "ok-2.xml", run=run)
    assert outcome.outcome == "created"
    assert outcome.article.agencies.get().name == "Second New Agency"
    assert outcome.article.bylines.get().person.name == "New Person"


def test_proposed_headline_when_the_wire_sent_none():
    data = ("date 2024-09-11 (Lyon) Traffic flowed again over the old bridge on Wednesday after repairs that "
            "lasted two years, the city said.\n\nPosted on 11 September 2024 at 10 h 00\n\nJean DUPONT\n\nAFP\n\n"
            "More text.").encode()
    story = ingest_bytes(data, "seedlike.txt").article
    assert story.headline_is_proposed
    assert story.headline == "Traffic flowed again over the old bridge on Wednesday after repairs that lasted two years"


def test_created_story_uses_one_run_without_repeating_lookups(django_assert_max_num_queries):
    run = IngestRun()
    ingest_bytes(nitf(doc_id="warm"), "warm.xml", run=run)  # agencies, people and tags now known
    # 15 statements (one lookup, the story, its dispatch, links, bylines, revision) + the savepoints
    # the test's own transaction adds around the file's transaction and set_bylines.
    with django_assert_max_num_queries(17) as queries:
        ingest_bytes(nitf(doc_id="next", headline="Next story"), "next.xml", run=run)
    statements = [q["sql"] for q in queries.captured_queries]
    assert not any('FROM "articles_person"' in sql or 'FROM "taggit_tag" WHERE' in sql
                   or sql.startswith('SELECT "articles_agency"."id"') and "INNER JOIN" not in sql for sql in statements)


def test_first_revision_matches_the_story_as_read_back():
    # The store writes the first revision from what it holds (no read-back); it must be what a read gives.
    from articles.editing import snapshot

    data = ("Rates held\n\nPosted on 11 September 2024 at 10 h 00\n\nBy Ada EZE and Bo LI, Reuters\n\n"
            "LAGOS, Sept. 11 (Reuters) - The bank held rates.\n\n(Editing by Di Fo)").encode()
    story = ingest_bytes(data, "rates.txt").article
    ninjs = json.dumps({"uri": "urn:t", "headlines": [{"value": "Tagged"}], "subjects": [{"name": "Banks"}, {"name": "Africa"}],
                        "by": "Cy WU, AFP", "bodies": [{"value": "Text."}]}).encode()
    tagged = ingest_bytes(ninjs, "t.json").article
    for article in (story, tagged):
        fresh = Article.objects.get(pk=article.pk)
        assert fresh.revisions.get().data == snapshot(fresh)


def test_an_older_numbered_version_arriving_late_changes_nothing():
    story = ingest_bytes(nitf(body="Version three.", version="3"), "v3.xml").article
    outcome = ingest_bytes(nitf(body="Version two.", version="2"), "v2.xml")
    assert outcome.outcome == "unchanged" and outcome.article.pk == story.pk
    story.refresh_from_db()
    assert story.body.startswith("Version three.") and story.dispatches.count() == 1


def _stored(story):
    """Everything a new wire story was stored with, without ids and times that differ by design."""
    from django.forms.models import model_to_dict

    story.refresh_from_db()
    drop = {"id", "guid", "source", "created_at", "updated_at", "received_at", "article"}
    return {
        "story": {k: v for k, v in model_to_dict(story).items() if k not in drop | {"tags", "agencies"}},
        "dispatch": {k: v for k, v in model_to_dict(story.source).items() if k not in drop},
        "agencies": [a.name for a in story.agencies.order_by("name")],
        "tags": sorted(story.tags.names()),
        "bylines": list(story.bylines.values_list("position", "person__name", "role")),
        "revisions": [{k: v for k, v in model_to_dict(r).items() if k not in drop} for r in story.revisions.all()],
        "points_back": story.source.article_id == story.pk and story.revisions.get().article_id == story.pk,
    }


def test_one_statement_write_stores_exactly_what_step_by_step_saves_store(monkeypatch):
    # PostgreSQL writes a new story in one statement; it must leave the same rows as Django's own
    # saves (which SQLite uses: there both sides take that path and the test is a tautology).
    import articles.ingest.statements as statements

    data = ("Dam opens\n\nPosted on 11 September 2024 at 10 h 00\n\nBy Maria PANINA and Li WEI\n\n"
            "LYON, Sept. 11 (AFP) - The dam opened.\n\nWater flowed.\n\n(Editing by Ana Ruiz)\n").encode()
    one = ingest_bytes(data, "one.txt").article
    Article.objects.filter(pk=one.pk).update(headline="moved aside")  # so the second is not the same story
    Dispatch.objects.filter(article=one).update(checksum="x", wire_headline="moved aside")
    monkeypatch.setattr(statements, "create_story", statements._create_story_stepwise)
    two = ingest_bytes(data, "one.txt").article
    assert two.pk != one.pk
    Article.objects.filter(pk=one.pk).update(headline="Dam opens")
    Dispatch.objects.filter(article=one).update(checksum=two.source.checksum, wire_headline="Dam opens")
    first, second = _stored(one), _stored(two)
    assert first["bylines"] == [(1, "Maria Panina", ""), (2, "Li Wei", ""), (3, "Ana Ruiz", "editing")]
    assert first["points_back"] and first["agencies"] == ["Agence France-Presse"]
    assert first == second


@pytest.mark.django_db(transaction=True)  # each file's own transaction, as in a real run
@pytest.mark.parametrize("wait_for_disk", [True, False])
def test_fast_runs_commit_without_waiting_for_the_disk_and_only_their_own_transactions(monkeypatch, wait_for_disk):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: SQLite has no asynchronous commit")
    import articles.ingest.statements as statements

    seen, write = [], statements.create_story

    def spy(*args, **kwargs):
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            seen.append(cursor.fetchone()[0])
        return write(*args, **kwargs)

    monkeypatch.setattr(statements, "create_story", spy)
    assert ingest_bytes(nitf(), "wire-001.xml", run=IngestRun(wait_for_disk=wait_for_disk)).outcome == "created"
    assert seen == ["on" if wait_for_disk else "off"]
    with connection.cursor() as cursor:  # the setting ended with the file's transaction
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone()[0] == "on"


@pytest.mark.django_db(transaction=True)
def test_the_same_new_dispatch_uploaded_twice_at_once_is_stored_once(monkeypatch):
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: SQLite runs one writing transaction at a time, so uploads cannot race")
    import articles.ingest.statements as statements

    arrived, write = threading.Barrier(2, timeout=1.5), statements.create_story

    def write_when_both_arrive(*args, **kwargs):
        # Without the lock both uploads get here having seen no such story, and both write it;
        # with it, the second waits for the first to commit, finds the story, and never arrives.
        try:
            arrived.wait()
        except threading.BrokenBarrierError:
            pass
        return write(*args, **kwargs)

    monkeypatch.setattr(statements, "create_story", write_when_both_arrive)
    outcomes = []

    def upload():
        try:
            # A new agency and a new writer too: both uploads resolve them at the same moment.
            result = ingest_bytes(nitf(doc_id="race-1", agency="Brand New Wire", byline="Newly HIRED"), "race-1.xml")
            outcomes.append(result.outcome + result.error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=upload) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert sorted(outcomes) == ["created", "unchanged"]
    assert Article.objects.count() == 1 and Dispatch.objects.count() == 1
    assert Agency.objects.filter(name="Brand New Wire").count() == 1
    assert Person.objects.filter(name="Newly Hired").count() == 1


def test_links_and_emphasis_in_a_wire_body_reach_the_page_and_nothing_unsafe_does(client):
    body = ('<p>LYON, Sept. 11 (AFP) - The <a href="https://example.org/report">city report</a> says traffic is '
            '<em>back</em>.</p><p>See <a href="javascript:alert(1)">this</a> and <strong>more</strong><b> here</b>.</p>')
    item = {"uri": "urn:x:links", "type": "text", "versioncreated": "2024-09-11T08:00:00Z", "copyrightholder": "AFP",
            "headlines": [{"role": "main", "value": "Links kept"}], "bodies": [{"contenttype": "text/html", "value": body}]}
    story = ingest_bytes(json.dumps(item).encode(), "links.json", status=Status.PUBLISHED).article
    assert story.dateline_place == "Lyon"
    assert story.body.startswith("The [city report](https://example.org/report) says traffic is *back*.")
    page = client.get(story.get_absolute_url()).content.decode()
    assert '<a href="https://example.org/report" rel="noopener noreferrer">city report</a>' in page
    assert "<em>back</em>" in page and "<strong>more</strong> <strong>here</strong>" in page
    assert "javascript:" not in page and "See this and" in page
    # NITF bodies keep them the same way.
    nitf_body = nitf(doc_id="links-2", headline="NITF links", body='Read <a href="https://example.org/x">it</a> <em>now</em>')
    html = ingest_bytes(nitf_body, "links.xml").article.body_html
    assert '<a href="https://example.org/x" rel="noopener noreferrer">it</a> <em>now</em>' in html


def test_a_wire_table_reaches_the_page_as_a_table(client):
    table = ("<table><thead><tr><th>Club</th><th>Pts</th></tr></thead><tbody>"
             "<tr><td>Lyon</td><td>31</td></tr><tr><td>Nice <em>(promoted)</em></td><td>28</td></tr></tbody></table>")
    body = f"<p>LYON, Sept. 11 (AFP) - The table after the weekend.</p>{table}<p>Next round on Friday.</p>"
    item = {"uri": "urn:x:table", "type": "text", "versioncreated": "2024-09-11T08:00:00Z", "copyrightholder": "AFP",
            "headlines": [{"role": "main", "value": "League table"}], "bodies": [{"contenttype": "text/html", "value": body}]}
    story = ingest_bytes(json.dumps(item).encode(), "table.json", status=Status.PUBLISHED).article
    assert "| Club | Pts |\n| --- | --- |\n| Lyon | 31 |\n| Nice *(promoted)* | 28 |" in story.body
    page = client.get(story.get_absolute_url()).content.decode()
    assert "<th>Club</th>" in page and "<td>Nice <em>(promoted)</em></td>" in page and "<td>28</td>" in page
    assert page.index("The table after the weekend.") < page.index("<table>") < page.index("Next round on Friday.")
    assert '<div class="table-scroll" tabindex="0"><table>' in page  # scrolls on a phone
    assert "<table>" in story.body_html and "table-scroll" not in story.body_html  # the API's HTML stays plain
    # A one-row table is layout: its cells read as a paragraph.
    item = dict(item, uri="urn:x:layout", headlines=[{"role": "main", "value": "Layout table"}],
                bodies=[{"contenttype": "text/html",
                         "value": "<p>LYON (AFP) - Text.</p><table><tr><td>Photo: AFP</td><td>Lyon</td></tr></table>"}])
    layout = ingest_bytes(json.dumps(item).encode(), "layout.json").article
    assert "<table>" not in layout.body_html and "<p>Photo: AFP | Lyon</p>" in layout.body_html
