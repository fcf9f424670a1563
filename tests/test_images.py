"""Pictures: hostile uploads refused (in the admin, never stored), renditions made once,
upright, without metadata, cropped around the focal point, served with srcset and sizes."""
import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage

from articles import images
from articles.models import Image
from articles.templatetags.story import picture
from tests import factories

pytestmark = pytest.mark.django_db


def png_header_only(width, height):
    """A PNG that declares width × height but carries almost no data: a decompression bomb's
    shape, without the memory to build a real one in a test."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b"")


def upload(content, name="photo.jpg"):
    return SimpleUploadedFile(name, content, content_type="image/jpeg")


@pytest.mark.parametrize("content,message", [
    (b"this is not a picture at all", "not a picture we can read"),
    (factories.jpeg_bytes(800, 600)[:3000], "truncated or damaged"),
    (png_header_only(20_001, 100), "the limit is 20,000 pixels a side"),
    (png_header_only(9_000, 9_000), "too many to process safely"),
    (png_header_only(19_999, 19_999), "too many pixels"),
], ids=["not-an-image", "truncated", "too-wide", "too-many-pixels", "decompression-bomb"])
def test_hostile_files_are_refused_with_a_clear_message(content, message):
    with pytest.raises(ValidationError) as refused:
        images.validate_upload(upload(content))
    assert message in refused.value.messages[0]


def test_a_gif_is_refused_by_format():
    buffer = io.BytesIO()
    PILImage.new("RGB", (10, 10)).save(buffer, "GIF")
    with pytest.raises(ValidationError, match="GIF pictures are not accepted"):
        images.validate_upload(upload(buffer.getvalue(), "anim.gif"))


def test_admin_refuses_a_hostile_upload_and_stores_nothing(client, media, settings):
    settings.SECURE_SSL_REDIRECT = False
    from django.contrib.auth.models import User

    client.force_login(User.objects.create_superuser("boss", password="pw"))
    response = client.post("/admin/articles/image/add/", {
        "file": upload(b"GIF89a-but-really-text", "holiday.jpg"), "alt_text": "Beach", "caption": "", "credit": "",
        "focal_x": "0.5", "focal_y": "0.5"})
    assert response.status_code == 200
    assert "not a picture we can read" in response.content.decode()
    assert not Image.objects.exists()
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_admin_upload_makes_the_renditions(client, media):
    from django.contrib.auth.models import User

    client.force_login(User.objects.create_superuser("boss", password="pw"))
    response = client.post("/admin/articles/image/add/", {
        "file": upload(factories.jpeg_bytes(1000, 800)), "alt_text": "A harbour", "caption": "The harbour.",
        "credit": "Photo: A. Photographer", "focal_x": "0.5", "focal_y": "0.5"})
    assert response.status_code == 302
    image = Image.objects.get()
    assert (image.width, image.height) == (1000, 800)
    names = [e["name"] for e in image.renditions["crops"]["display"]]
    assert all((media / name).exists() for name in names)


def test_renditions_cover_several_widths_in_webp_and_jpeg(media):
    image = factories.image(content=factories.jpeg_bytes(1400, 1000))
    display = images.variants(image)
    widths = sorted({v["width"] for v in display})
    assert widths == [320, 480, 640, 960, 1280]  # never enlarged past the original
    assert {v["type"] for v in display} == {"image/webp", "image/jpeg"}
    for v in display:
        with PILImage.open(media / v["name"]) as made:
            assert made.size == (v["width"], v["height"]) and abs(v["height"] * 3 - v["width"] * 2) < 3
            assert made.format == {"image/webp": "WEBP", "image/jpeg": "JPEG"}[v["type"]]


def test_renditions_are_made_once(media, monkeypatch):
    image = factories.image(content=factories.jpeg_bytes(700, 500))
    first = images.ensure_renditions(image)
    monkeypatch.setattr(images, "build_renditions", lambda image: pytest.fail("built twice"))
    assert images.ensure_renditions(Image.objects.get(pk=image.pk)) == first


def test_moving_the_focal_point_remakes_the_renditions(media):
    image = factories.image(content=factories.jpeg_bytes(700, 500))
    old = images.ensure_renditions(image)
    image.focal_x = 0.1
    image.save()
    new = images.ensure_renditions(image)
    assert new["key"] != old["key"]
    assert not (media / old["crops"]["display"][0]["name"]).exists()


def test_exif_orientation_is_applied_and_metadata_stripped(media):
    # Stored landscape 1200 × 800 with "rotate 90° clockwise to display" (orientation 6).
    image = factories.image(content=factories.jpeg_bytes(1200, 800, exif_orientation=6))
    square = images.variants(image, "1x1")[-1]
    with PILImage.open(media / square["name"]) as made:
        assert not made.getexif() and "exif" not in made.info and "xmp" not in made.info
    # Upright the picture is portrait, 800 × 1200: its 3:2 crop is 800 wide, so the largest
    # rendition is 640 (as stored, 1200 wide, it would have been 960).
    display = images.variants(image, mime="image/jpeg")[-1]
    assert (display["width"], display["height"]) == (640, 427)
    with PILImage.open(media / display["name"]) as made:
        assert not made.getexif()
        # The red marker, top-left as stored, is top-right once rotated: not in a centred crop's left edge.
        assert made.convert("RGB").getpixel((2, 2))[0] < 80


def test_crop_follows_the_focal_point():
    assert images.crop_box(3000, 1000, (3, 2), focal_x=0.0) == (0, 0, 1500, 1000)
    assert images.crop_box(3000, 1000, (3, 2), focal_x=1.0) == (1500, 0, 3000, 1000)
    assert images.crop_box(3000, 1000, (3, 2), focal_x=0.5) == (750, 0, 2250, 1000)
    assert images.crop_box(1000, 3000, (1, 1), focal_y=0.2) == (0, 100, 1000, 1100)


def test_focal_point_decides_what_a_crop_keeps(media):
    # A wide picture, red marker in its top-left corner: a square crop kept left keeps it.
    left = factories.image(content=factories.jpeg_bytes(3000, 1000), focal_x=0.0, focal_y=0.0)
    right = factories.image(content=factories.jpeg_bytes(3000, 1000), focal_x=1.0, focal_y=0.0, name="b.jpg")

    def corner(image):
        with PILImage.open(media / images.variants(image, "1x1")[-1]["name"]) as made:
            return made.convert("RGB").getpixel((5, 5))

    assert corner(left)[0] > 200 and corner(left)[2] < 80  # red marker kept
    assert corner(right)[0] < 80  # blue background: the marker was cropped away


def test_picture_tag_has_sources_srcset_sizes_and_dimensions(media):
    image = factories.image(content=factories.jpeg_bytes(1000, 700), alt_text='A "quoted" harbour')
    html = str(picture(image, "(min-width: 48rem) 46rem, 100vw"))
    assert html.startswith('<picture><source type="image/webp" srcset="')
    assert ' 320w, ' in html and ' 960w' in html and 'sizes="(min-width: 48rem) 46rem, 100vw"' in html
    assert 'width="960" height="640"' in html and 'alt="A &quot;quoted&quot; harbour"' in html
    assert 'loading="lazy"' in html


def test_article_shows_lead_image_with_caption_and_credit(client, media):
    image = factories.image(content=factories.jpeg_bytes(1000, 700))
    story = factories.published("Pictured story", lead_image=image)
    html = client.get(story.get_absolute_url()).content.decode()
    figure = html[html.index('<figure class="lead-image">'):html.index("</figure>")]
    assert "<picture>" in figure and 'loading="eager"' in figure
    assert "The old terminal." in figure and '<span class="image-credit">Photo: Test Agency</span>' in figure
