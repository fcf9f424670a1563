"""A newer wire version of a story the desk has moved on is held for review: the desk sees what it
would change and, when allowed to edit the story, applies it as a new revision."""
import pytest

from articles.editing import StaleEdit
from articles.ingest.files import ingest_bytes
from articles.ingest.store import NotApplicable, apply_held_version, held_version_changes
from articles.models import Article, Status
from tests import factories
from tests.test_ingest_store import nitf

pytestmark = pytest.mark.django_db


def _published_with_held_version():
    story = ingest_bytes(nitf(), "v1.xml", status=Status.PUBLISHED).article
    outcome = ingest_bytes(nitf(headline="Bridge reopens after repairs, two lanes only", body="Only two lanes opened.",
                                byline="Li WEI", keywords=("bridges", "traffic"), version="2"), "v2.xml")
    assert outcome.outcome == "held for review"
    return Article.objects.get(pk=story.pk), story.dispatches.get(applied=False)


def test_the_desk_sees_field_by_field_what_a_held_version_would_change():
    story, held = _published_with_held_version()
    changes = {change.name: change for change in held_version_changes(story, held)}
    assert set(changes) == {"headline", "body", "bylines", "tags"}
    assert changes["bylines"].old == [["Maria Panina", ""]] and changes["bylines"].new == [["Li Wei", ""]]
    assert "<ins>" in changes["headline"].html and "two lanes only" in changes["headline"].html
    assert not Article.objects.filter(bylines__person__name="Li Wei").exists()  # looking writes nothing


def test_applying_a_held_version_makes_it_the_live_text_as_a_new_revision(client, editor):
    story, held = _published_with_held_version()
    url, version = story.get_absolute_url(), story.version
    applied = apply_held_version(story, held, user=editor, expected_version=version)
    assert applied.headline == "Bridge reopens after repairs, two lanes only"
    assert applied.body.startswith("Only two lanes opened.") and applied.version == version + 1
    assert [b.person.name for b in applied.bylines.all()] == ["Li Wei"]
    assert sorted(applied.tags.names()) == ["bridges", "traffic"]
    assert applied.source == held and applied.dispatches.filter(applied=False).count() == 0
    assert applied.revisions.first().note.startswith("Applied the wire version received")
    assert applied.get_absolute_url() == url  # a live story keeps its address
    page = client.get(url).content.decode()
    assert "Only two lanes opened." in page and "Li Wei" in page
    with pytest.raises(NotApplicable):
        apply_held_version(applied, held, user=editor, expected_version=applied.version)


def test_a_held_version_is_not_applied_over_an_edit_made_since_the_page_was_opened(editor):
    story, held = _published_with_held_version()
    opened = story.version
    story.standfirst = "An editor's standfirst."
    story.version += 1
    story.save()
    with pytest.raises(StaleEdit):
        apply_held_version(story, held, user=editor, expected_version=opened)
    story.refresh_from_db()
    assert story.standfirst == "An editor's standfirst." and not held.__class__.objects.get(pk=held.pk).applied


def test_editors_review_and_apply_it_in_the_admin(client, editor):
    story, held = _published_with_held_version()
    client.force_login(editor)
    page = client.get(f"/admin/articles/article/{story.pk}/change/").content.decode()
    review = f"/admin/articles/article/{story.pk}/wire/{held.pk}/"
    assert f'href="{review}"' in page and "See what it would change" in page
    shown = client.get(review).content.decode()
    assert "Apply this version" in shown and "two lanes only" in shown and "Only two lanes opened." in shown
    assert "&rsaquo; Wire version" in shown and f'<a href="/admin/articles/article/{story.pk}/change/">Bridge' in shown
    response = client.post(review, {"expected_version": story.version})
    assert response.status_code == 302 and response["Location"] == f"/admin/articles/article/{story.pk}/change/"
    story.refresh_from_db()
    assert story.headline.endswith("two lanes only")
    page = client.get(response["Location"]).content.decode()
    assert "Applied the wire version received" in page and "See what it would change" not in page


def test_reporters_may_look_but_not_apply_to_a_published_story(client, reporter):
    story, held = _published_with_held_version()
    client.force_login(reporter)
    review = f"/admin/articles/article/{story.pk}/wire/{held.pk}/"
    shown = client.get(review)
    assert shown.status_code == 200 and "Only two lanes opened." in shown.content.decode()
    assert "Apply this version" not in shown.content.decode()
    assert client.post(review, {"expected_version": story.version}).status_code == 403
    story.refresh_from_db()
    assert story.headline == "Bridge reopens after repairs"


def test_a_version_of_another_story_is_not_found(client, editor):
    story, held = _published_with_held_version()
    other = factories.published("Another story")
    client.force_login(editor)
    assert client.get(f"/admin/articles/article/{other.pk}/wire/{held.pk}/").status_code == 404


# --- the wire withholds or cancels (kills) a story ---------------------------------------------

def _ninjs(pubstatus="usable", version="1", body="<p>LYON, Sept. 11 (AFP) - Traffic flowed again.</p>"):
    import json

    return json.dumps({"uri": "urn:afp:bridge-1", "version": version, "type": "text", "pubstatus": pubstatus,
                       "versioncreated": "2024-09-11T08:00:00Z", "headlines": [{"role": "main", "value": "Bridge reopens"}],
                       "copyrightholder": "AFP", "by": "Maria PANINA",
                       "bodies": [{"contenttype": "text/html", "value": body}]}).encode()


def test_a_kill_for_a_live_story_withdraws_it_at_once_and_says_why(client, editor):
    story = ingest_bytes(_ninjs(), "v1.json", status=Status.PUBLISHED).article
    url = story.get_absolute_url()
    assert client.get(url).status_code == 200
    outcome = ingest_bytes(_ninjs("canceled", version="2", body="<p>KILL. Legal reasons.</p>"), "kill.json")
    assert outcome.outcome == "withdrawn" and outcome.article.pk == story.pk
    response = client.get(url)
    assert response.status_code == 410 and "The wire cancelled this story (kill.json)." in response.content.decode()
    assert "Traffic flowed" not in response.content.decode()
    log = story.transitions.order_by("at", "pk").last()
    assert log.action == "withdraw" and log.user is None  # the wire desk's doing, on record
    # The desk is told, loudly, and cannot put it back up from the wire copy.
    client.force_login(editor)
    page = client.get(f"/admin/articles/article/{story.pk}/change/").content.decode()
    assert "The wire CANCELLED this story" in page and "It was withdrawn automatically." in page
    from articles.workflow import TransitionError, transition
    story = transition(Article.objects.get(pk=story.pk), "reopen", user=editor)
    with pytest.raises(TransitionError, match="the wire cancelled it on .*kill.json"):
        transition(story, "publish", user=editor)


def test_withheld_stops_publication_until_the_wire_releases_it(editor):
    from articles.workflow import TransitionError, transition

    story = ingest_bytes(_ninjs(), "v1.json").article
    story.headline_is_proposed = False
    story.section = factories.section("World")
    story.save()
    assert ingest_bytes(_ninjs("withheld", version="2"), "hold.json").outcome == "held for review"
    assert Article.objects.get(pk=story.pk).body.startswith("Traffic flowed")  # the draft is untouched
    with pytest.raises(TransitionError, match="the wire withheld it"):
        transition(Article.objects.get(pk=story.pk), "publish", user=editor)
    # A later usable version lifts it (and, the story being a draft, replaces its text).
    assert ingest_bytes(_ninjs(version="3", body="<p>LYON (AFP) - Released.</p>"), "v3.json").outcome == "updated"
    story = transition(Article.objects.get(pk=story.pk), "publish", user=editor)
    assert story.is_public


def test_a_kill_for_a_story_never_received_is_refused_with_the_reason():
    outcome = ingest_bytes(_ninjs("canceled"), "kill.json")
    assert outcome.outcome == "failed" and "the wire cancelled a story this newsroom never received" in outcome.error
    assert not Article.objects.exists()


def _text(headline="Bridge reopens after repairs", lede="Traffic flowed again on Monday.", advisory=""):
    return f"{advisory}\n\n{headline}\n\nLYON, Sept. 11 (AFP) - {lede}\n".lstrip().encode()


@pytest.mark.parametrize("advisory, headline", [
    ("KILL KILL KILL", "Bridge reopens after repairs"),
    ("MANDATORY KILL", "Bridge reopens after repairs"),
    ("", "KILL: Bridge reopens after repairs"),
])
def test_a_plain_text_kill_withdraws_the_story_it_names(client, advisory, headline):
    story = ingest_bytes(_text(), "bridge.txt", status=Status.PUBLISHED).article
    assert client.get(story.get_absolute_url()).status_code == 200
    kill = _text(headline, "Editors: please kill this story. Legal reasons. There will be no substitute.", advisory)
    outcome = ingest_bytes(kill, "kill.txt")
    assert outcome.outcome == "withdrawn" and outcome.article.pk == story.pk
    assert client.get(story.get_absolute_url()).status_code == 410
    assert Article.objects.get(pk=story.pk).body.startswith("Traffic flowed")  # the kill's text is not copy
    # A kill naming a story this newsroom never received is refused, and stores nothing.
    other = ingest_bytes(_text("Ferry sinks", "Editors: please kill this story.", advisory or "KILL"), "kill2.txt")
    assert other.outcome == "failed" and "never received" in other.error
    assert Article.objects.count() == 1


def test_a_plain_text_withhold_stops_publication_and_a_headline_about_killing_does_not():
    from articles.workflow import TransitionError, transition

    story = ingest_bytes(_text(), "bridge.txt").article
    assert ingest_bytes(_text(advisory="WITHHOLD"), "hold.txt").outcome == "held for review"
    story = Article.objects.get(pk=story.pk)
    story.headline_is_proposed, story.section = False, factories.section("World")
    story.save()
    with pytest.raises(TransitionError, match="the wire withheld it"):
        transition(story, "publish", user=None)
    for headline in ("Kill switch fitted to the bridge", "Killer whales seen off the bridge"):
        assert ingest_bytes(_text(headline), f"{headline}.txt").outcome == "created"


def test_a_wire_correction_or_update_is_a_new_version_of_the_story_its_headline_names(client, editor):
    """Reuters-style service words before a headline ("CORRECTED-", "UPDATE 1-", "REFILE-") are for
    the desk: the dispatch is a new version of the story the rest of the headline names, and readers
    never see them."""
    story = ingest_bytes(_text(), "bridge.txt").article
    fixed = ingest_bytes(_text("CORRECTED-Bridge reopens after repairs", "Traffic flowed again on Tuesday."), "c.txt")
    assert (fixed.outcome, fixed.article.pk) == ("updated", story.pk)
    story = Article.objects.get(pk=story.pk)
    assert story.headline == "Bridge reopens after repairs" and story.body.startswith("Traffic flowed again on Tuesday.")
    # Once published, the next one is held for the desk, as any new version is.
    from articles.workflow import transition
    story.headline_is_proposed, story.section = False, factories.section("World")
    story.save()
    story = transition(story, "publish", user=editor)
    update = ingest_bytes(_text("UPDATE 1-Bridge reopens after repairs", "Traffic flowed; tolls return."), "u1.txt")
    assert (update.outcome, update.article.pk) == ("held for review", story.pk)
    assert "UPDATE 1-" not in client.get(story.get_absolute_url()).content.decode()
    # In a structured format too; and an ordinary headline starting "Update" is a headline.
    refile = ingest_bytes(_ninjs(body="<p>LYON, Sept. 11 (AFP) - Traffic flowed again.</p>").replace(
        b'"Bridge reopens"', b'"REFILE-Bridge reopens"'), "refile.json")
    assert refile.article.headline == "Bridge reopens"
    assert ingest_bytes(_text("Update on the bridge works"), "u.txt").article.headline == "Update on the bridge works"


@pytest.mark.parametrize("data, expected", [
    (b'<nitf><head><docdata management-status="canceled"><doc-id id-string="x"/></docdata></head><body><body.head>'
     b'<hedline><hl1>Gone</hl1></hedline></body.head></body></nitf>', "canceled"),
    (b'<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="g1" version="2"><itemMeta><itemClass '
     b'qcode="ninat:text"/><pubStatus qcode="stat:withheld"/></itemMeta><contentMeta><headline>Held</headline>'
     b'</contentMeta></newsItem>', "withheld"),
    (_ninjs("usable"), "usable"),
])
def test_every_structured_format_reads_the_wire_status(data, expected):
    from articles.ingest import parse

    assert parse(data).pubstatus == expected
