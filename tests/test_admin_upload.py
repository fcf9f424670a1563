"""Uploading dispatches from the article list: same path as the command, per-file results."""
import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.admin.upload import MAX_FILES, safe_name
from articles.ingest.base import MAX_BYTES
from articles.models import Article, Dispatch, Status
from tests import factories

pytestmark = pytest.mark.django_db
URL = "/admin/articles/article/upload/"
FIXTURES = __import__("pathlib").Path(__file__).resolve().parent / "fixtures" / "ingest"


def upload(name, data):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def test_the_article_list_offers_the_upload(client, reporter):
    client.force_login(reporter)
    listing = client.get("/admin/articles/article/").content.decode()
    assert f'href="{URL}"' in listing and "Upload dispatches" in listing
    page = client.get(URL)
    assert page.status_code == 200 and 'enctype="multipart/form-data"' in page.content.decode()


def test_several_files_each_reported_and_stored(client, reporter):
    client.force_login(reporter)
    files = [upload("reuters_style.txt", (FIXTURES / "reuters_style.txt").read_bytes()),
             upload("ap_style.txt", (FIXTURES / "ap_style.txt").read_bytes()),
             upload("broken.xml", b"<nitf><body><hl1>Oops</body></nitf>")]
    response = client.post(URL, {"files": files, "format": "", "section": ""})
    assert response.status_code == 200
    html = response.content.decode()
    stories = Article.objects.order_by("pk")
    assert [s.headline for s in stories] == ["Harbour cranes idle as dockers strike for a second day",
                                             "Lighthouse keeper hands over the keys after 40 years"]
    assert all(s.status == Status.DRAFT and s.created_by == reporter for s in stories)
    assert Dispatch.objects.filter(received_by=reporter).count() == 2
    assert "broken.xml" in html and "refused" in html and "XML: unclosed tag hl1 at line 1" in html
    for story in stories:
        assert f'href="/admin/articles/article/{story.pk}/change/"' in html
    assert f"?id__in={stories[0].pk},{stories[1].pk}" in html and "Open the 2 new drafts" in html
    # The link lands on exactly the new drafts.
    listing = client.get(f"/admin/articles/article/?id__in={stories[0].pk},{stories[1].pk}").content.decode()
    assert "Harbour cranes idle" in listing and "2 articles" in listing


def test_updated_unchanged_and_held_are_explained(client, editor):
    client.force_login(editor)
    data = (FIXTURES / "ap_style.txt").read_bytes()
    client.post(URL, {"files": [upload("a.txt", data)]})
    html = client.post(URL, {"files": [upload("a-again.txt", data)]}).content.decode()
    assert "unchanged" in html and "already been received" in html
    story = Article.objects.get()
    from articles.workflow import transition

    transition(story, "submit", user=None)
    newer = data.replace(b"more than the view", b"more than anything")
    html = client.post(URL, {"files": [upload("a-v2.txt", newer)]}).content.decode()
    assert "held for review" in html and "was not changed" in html
    assert Article.objects.count() == 1 and Dispatch.objects.filter(applied=False).count() == 1


def test_a_wire_kill_is_explained(client, editor):
    import json

    item = {"uri": "urn:x:kill-1", "version": "1", "type": "text", "copyrightholder": "AFP",
            "headlines": [{"role": "main", "value": "Harbour story"}],
            "bodies": [{"contenttype": "text/html", "value": "<p>The harbour reopened.</p>"}]}
    client.force_login(editor)
    client.post(URL, {"files": [upload("v1.json", json.dumps(item).encode())], "status": "published"})
    from articles.workflow import transition

    story = Article.objects.get()
    story.headline_is_proposed, story.section = False, factories.section("World")
    story.save()
    transition(story, "publish", user=editor)
    kill = dict(item, version="2", pubstatus="canceled")
    html = client.post(URL, {"files": [upload("kill.json", json.dumps(kill).encode())]}).content.decode()
    assert "withdrawn" in html and "taken off the site at once" in html
    assert Article.objects.get().status == Status.WITHDRAWN


def test_forced_format_and_section(client, editor):
    world = factories.section("World")
    client.force_login(editor)
    html = client.post(URL, {"files": [upload("story.dat", (FIXTURES / "ap_style.txt").read_bytes())],
                             "format": "nitf", "section": world.pk}).content.decode()
    assert "NITF" in html or "XML" in html  # read as NITF, as asked: refused with the reason
    assert not Article.objects.exists()
    client.post(URL, {"files": [upload("story.dat", (FIXTURES / "ap_style.txt").read_bytes())], "section": world.pk})
    assert Article.objects.get().section == world


def test_too_large_file_is_refused_unread(client, editor):
    client.force_login(editor)
    html = client.post(URL, {"files": [upload("huge.txt", b"x" * (MAX_BYTES + 1))]}).content.decode()
    assert "refused" in html and f"limit for one dispatch is {MAX_BYTES:,}" in html
    assert not Dispatch.objects.exists()


def test_too_many_files_at_once(client, editor):
    client.force_login(editor)
    files = [upload(f"{i}.txt", b"x") for i in range(MAX_FILES + 1)]
    response = client.post(URL, {"files": files})
    assert f"upload at most {MAX_FILES} at a time" in response.content.decode()
    assert not Dispatch.objects.exists()


def test_no_file_chosen(client, editor):
    client.force_login(editor)
    assert "This field is required" in client.post(URL, {}).content.decode()


def test_staff_without_add_permission_cannot_upload(client):
    clerk = factories.user("clerk")
    clerk.user_permissions.add(Permission.objects.get(codename="view_article"))
    client.force_login(clerk)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"files": [upload("a.txt", (FIXTURES / "ap_style.txt").read_bytes())]}).status_code == 403
    assert not Article.objects.exists()
    assert "Upload dispatches" not in client.get("/admin/articles/article/").content.decode()


def test_anonymous_is_sent_to_login(client):
    assert client.get(URL).status_code == 302


@pytest.mark.parametrize("sent, kept", [("C:\\wire\\today\\a.xml", "a.xml"), ("../../etc/passwd", "passwd"),
                                        ("", "upload"), ("nested/dir/b.json", "b.json")])
def test_file_names_from_the_browser_are_reduced_to_their_last_part(sent, kept):
    assert safe_name(sent) == kept


def test_provenance_shows_format_source_id_and_raw_text_read_only(client, editor):
    from articles.ingest.files import ingest_bytes

    raw = ('<nitf><head><docdata><doc-id id-string="afp-2024-0911-77"/></docdata></head><body><body.head>'
           '<hedline><hl1>Dam opens &amp; water flows</hl1></hedline></body.head>'
           '<body.content><p>Water flowed.</p></body.content></body></nitf>')
    story = ingest_bytes(raw.encode(), "dam.xml").article
    client.force_login(editor)
    page = client.get(f"/admin/articles/article/{story.pk}/change/").content.decode()
    assert "NITF · source id afp-2024-0911-77 · dam.xml" in page
    assert "&lt;hl1&gt;Dam opens &amp;amp; water flows&lt;/hl1&gt;" in page  # the text as received, escaped
    assert 'name="provenance"' not in page  # shown, not editable
    dispatch_page = client.get(f"/admin/articles/dispatch/{story.source.pk}/change/").content.decode()
    assert "afp-2024-0911-77" in dispatch_page and 'name="raw_text"' not in dispatch_page
