"""`manage.py ingest`: end to end, with bad files reported and nothing half-written."""
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from articles.models import Agency, Article, Dispatch, Person, Status
from tests.conftest import SEED, shared_file

pytestmark = pytest.mark.django_db


def run_ingest(*args):
    """Run the command; return (exit status, stdout, stderr)."""
    import io

    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("ingest", *map(str, args), stdout=out, stderr=err)
        code = 0
    except SystemExit as exit:
        code = exit.code
    return code, out.getvalue(), err.getvalue()


def test_seed_ingested_as_published_renders_faithfully(client):
    code, out, _ = run_ingest(shared_file(SEED.parent.name, SEED.name), "--status", "published")
    assert code == 0 and "1 created" in out
    story = Article.objects.get()
    assert story.status == Status.PUBLISHED
    assert story.headline_is_proposed
    assert story.agencies.get() == Agency.objects.get(short_name="AFP")
    assert [b.person.name for b in story.bylines.all()] == ["Maria Panina"]
    assert story.get_absolute_url() == f"/2020/09/09/{story.slug}/"

    html = client.get(story.get_absolute_url()).content.decode()
    assert '<span class="dateline">MOSCOW, Sept. 11 (AFP) —</span> Contested in the streets' in html
    assert ">Maria Panina</a>" in html
    body = html.split('<div class="story-body">')[1].split("</div>")[0]
    assert body.count("<p>") == 20
    assert "<h2>American sanctions</h2>" in body and "<h2>Not an “anti-Russian” struggle</h2>" in body
    assert "“integration”" in body
    for leftover in ("date 2020-09-11", "Posted on", "PANINA", "France Media Agency"):
        assert leftover not in body
    assert '"datePublished": "2020-09-09T18:02:00+00:00"' in html
    assert '"@type": "NewsArticle"' in html and '"name": "Maria Panina"' in html and '"publisher"' in html


def test_default_status_is_draft_and_reingest_does_not_duplicate():
    seed = shared_file(SEED.parent.name, SEED.name)
    run_ingest(seed)
    code, out, _ = run_ingest(seed)
    assert code == 0 and "1 unchanged" in out
    assert Article.objects.get().status == Status.DRAFT
    assert Person.objects.filter(name="Maria Panina").count() == 1


@pytest.mark.parametrize("content, reason", [
    (b"", "empty file"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary data"),
    (b"\xff\xfe\x00\xd8", "not valid UTF-8, UTF-16 or Windows-1252"),
])
def test_bad_file_is_reported_by_name_and_writes_nothing(tmp_path, content, reason):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    code, out, err = run_ingest(bad)
    assert code == 1
    assert f"{bad}: " in err and reason in err
    assert "1 failed" in out
    assert not Article.objects.exists() and not Dispatch.objects.exists()


def test_a_bad_file_does_not_stop_the_run(tmp_path):
    (tmp_path / "a_bad.txt").write_bytes(b"no dateline here")
    (tmp_path / "b_good.txt").write_text(
        "date 2024-05-01 (Oslo) The harbour froze for the first time in decades.\n\n"
        "Posted on 01 May 2024 at 07 h 15\n\nKari NORDMANN\n\nNTB News Agency\n\nShips waited outside.", encoding="utf-8")
    code, out, err = run_ingest(tmp_path)
    assert code == 1
    assert "a_bad.txt: line 1: no dateline found" in err
    assert "1 created" in out and "1 failed" in out
    story = Article.objects.get()
    assert story.dateline_place == "Oslo"
    assert [a.name for a in story.agencies.all()] == ["NTB News Agency"]  # unknown agency created


def test_missing_path_fails_clearly(tmp_path):
    code, _, err = run_ingest(tmp_path / "nope.txt")
    assert code == 1 and "no such file" in err


def test_a_folder_of_every_format_is_detected_and_summarised(tmp_path):
    fixtures = Path(__file__).resolve().parent / "fixtures" / "ingest"
    (tmp_path / "wire").mkdir()
    (tmp_path / "wire" / "a.txt").write_bytes((fixtures / "reuters_style.txt").read_bytes())
    (tmp_path / "wire" / "b.json").write_text(json.dumps({
        "uri": "urn:b", "headlines": [{"value": "Ferry strike ends"}], "located": "Bergen",
        "bodies": [{"contenttype": "text/html", "value": "<p>The ferries sail again.</p>"}]}))
    (tmp_path / "wire" / "c.xml").write_text(
        "<nitf><body><body.head><hedline><hl1>Dam opens</hl1></hedline></body.head>"
        "<body.content><p>Water flowed.</p></body.content></body></nitf>")
    (tmp_path / "wire" / "d.xml").write_text(
        '<newsItem guid="urn:d"><itemMeta><itemClass qcode="ninat:text"/></itemMeta><contentMeta>'
        "<headline>Ice melts</headline></contentMeta><contentSet><inlineData>It melted.</inlineData></contentSet></newsItem>")
    (tmp_path / "wire" / ".hidden.txt").write_text("ignored")
    code, out, err = run_ingest(tmp_path / "wire", "-v", "0")
    assert code == 0 and err == ""
    assert "4 file(s): 4 created, 0 updated, 0 unchanged, 0 held for review, 0 withdrawn, 0 failed" in out
    assert sorted(Dispatch.objects.values_list("format", flat=True)) == ["newsmlg2", "ninjs", "nitf", "text"]
    code, out, _ = run_ingest(tmp_path / "wire", "--fast")
    assert code == 0 and "4 unchanged" in out


def test_format_can_be_forced(tmp_path):
    story = tmp_path / "story.dat"
    story.write_text("<p>not nitf</p>")
    code, _, err = run_ingest(story, "--format", "nitf")
    assert code == 1 and "NITF: the root element is <p>, not <nitf>" in err


def test_progress_lines_when_not_on_a_terminal(tmp_path):
    fixtures = Path(__file__).resolve().parent / "fixtures" / "ingest"
    code, out, _ = run_ingest(fixtures / "ap_style.txt")
    assert code == 0
    assert f"{fixtures / 'ap_style.txt'}: created “Lighthouse keeper hands over the keys after 40 years”" in out
