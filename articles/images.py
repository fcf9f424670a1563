"""Pictures with Pillow: refuse hostile uploads, and make the renditions pages serve.

Renditions are made once per (original, focal point, spec) and kept in the default storage, so
they work on object storage too; `Image.renditions` remembers what was made. Each is cropped
around the focal point, turned upright from its EXIF orientation, and saved without metadata
(EXIF, XMP, GPS): only the colour profile stays, because dropping it shifts colours.
"""
import hashlib
import io
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image as PILImage
from PIL import ImageOps, UnidentifiedImageError

MAX_SIDE = 20_000  # pixels, either side
MAX_PIXELS = 60_000_000  # 60 megapixels: beyond it decoding alone needs hundreds of MB
FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}

DISPLAY_RATIO = (3, 2)
DISPLAY_WIDTHS = (320, 480, 640, 960, 1280, 1600)
# What search engines ask for in structured data: 16:9, 4:3 and 1:1, at least 1200 wide.
SHARE_RATIOS = {"16x9": (16, 9), "4x3": (4, 3), "1x1": (1, 1)}
SHARE_WIDTH = 1200
OUTPUTS = (("webp", "WEBP", "image/webp", {"quality": 78, "method": 4}),
           ("jpeg", "JPEG", "image/jpeg", {"quality": 82, "optimize": True, "progressive": True}))
SPEC_VERSION = 1  # bump when the list above changes: every image gets new renditions


def validate_upload(upload):
    """Check an uploaded file is a picture we can safely decode; raise ValidationError saying
    what is wrong (not an image, wrong format, too large, a decompression bomb, truncated)."""
    upload.seek(0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", PILImage.DecompressionBombWarning)
        try:
            picture = PILImage.open(upload)
        except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
            raise ValidationError(
                f"This picture has too many pixels to process safely (the limit is {MAX_PIXELS:,}).",
                code="too_many_pixels") from None
        except (UnidentifiedImageError, OSError, ValueError):
            raise ValidationError("This file is not a picture we can read: upload a JPEG, PNG or WebP file.",
                                  code="not_an_image") from None
        if picture.format not in FORMATS:
            raise ValidationError(f"{picture.format} pictures are not accepted: upload a JPEG, PNG or WebP file.",
                                  code="format")
        width, height = picture.size
        if max(width, height) > MAX_SIDE:
            raise ValidationError(
                f"This picture is {width:,} × {height:,} pixels; the limit is {MAX_SIDE:,} pixels a side.",
                code="too_large")
        if width * height > MAX_PIXELS:
            raise ValidationError(
                f"This picture has {width * height:,} pixels, too many to process safely "
                f"(the limit is {MAX_PIXELS:,}).", code="too_many_pixels")
        try:
            picture.load()  # decode everything: a truncated or corrupt file fails here
        except (OSError, SyntaxError, ValueError, PILImage.DecompressionBombError):
            raise ValidationError("This picture is truncated or damaged: export it again and re-upload it.",
                                  code="damaged") from None
    upload.seek(0)
    return picture


def crop_box(width, height, ratio, focal_x=0.5, focal_y=0.5):
    """The largest box of `ratio` (w, h) inside width × height, centred on the focal point as far
    as the edges allow: (left, top, right, bottom)."""
    rw, rh = ratio
    if width * rh > height * rw:  # too wide: keep the height
        box_w, box_h = round(height * rw / rh), height
    else:
        box_w, box_h = width, round(width * rh / rw)
    left = min(max(round(focal_x * width - box_w / 2), 0), width - box_w)
    top = min(max(round(focal_y * height - box_h / 2), 0), height - box_h)
    return left, top, left + box_w, top + box_h


def spec_key(image):
    """Changes whenever the renditions would come out different."""
    raw = f"{image.file.name}|{image.focal_x:.4f}|{image.focal_y:.4f}|{SPEC_VERSION}"
    return hashlib.sha1(raw.encode()).hexdigest()[:12]


def _upright_rgb(picture):
    picture = ImageOps.exif_transpose(picture)
    if picture.mode in ("RGBA", "LA", "P"):
        picture = picture.convert("RGBA")
        background = PILImage.new("RGB", picture.size, "white")
        background.paste(picture, mask=picture.getchannel("A"))
        return background
    return picture.convert("RGB")


def _save(picture, name, pil_format, options, icc):
    buffer = io.BytesIO()
    extra = {"icc_profile": icc} if icc else {}
    picture.save(buffer, pil_format, **options, **extra)  # no exif= : metadata is not carried over
    if default_storage.exists(name):
        default_storage.delete(name)
    return default_storage.save(name, ContentFile(buffer.getvalue())), buffer.tell()


def build_renditions(image):
    """Make every rendition of `image` and return the description stored in Image.renditions."""
    key = spec_key(image)
    with image.file.open("rb") as original:
        source = PILImage.open(original)
        icc = source.info.get("icc_profile")
        upright = _upright_rgb(source)
    folder = f"renditions/{image.pk}/{key}"
    crops = {"display": (DISPLAY_RATIO, DISPLAY_WIDTHS), **{k: (r, (SHARE_WIDTH,)) for k, r in SHARE_RATIOS.items()}}
    made = {"key": key, "crops": {}}
    for crop_name, (ratio, widths) in crops.items():
        box = crop_box(*upright.size, ratio, image.focal_x, image.focal_y)
        cropped = upright.crop(box)
        sizes = sorted({w for w in widths if w <= cropped.width} or {cropped.width})
        entries = []
        for width in sizes:
            height = round(width * ratio[1] / ratio[0])
            resized = cropped.resize((width, height), PILImage.LANCZOS)
            for ext, pil_format, mime, options in OUTPUTS:
                if crop_name != "display" and ext != "jpeg":
                    continue  # share images: JPEG is what every consumer reads
                name, size = _save(resized, f"{folder}/{crop_name}-{width}.{ext}", pil_format, options, icc)
                entries.append({"name": name, "type": mime, "width": width, "height": height, "bytes": size})
        made["crops"][crop_name] = entries
    return made


def ensure_renditions(image):
    """The renditions of `image`, made now if missing or outdated (once: then remembered)."""
    if not image.file:
        return {}
    if image.renditions.get("key") != spec_key(image):
        old = image.renditions.get("crops", {})
        image.renditions = build_renditions(image)
        # update(), not save(): a new rendition changes no page, so no cache is dropped for it.
        type(image).objects.filter(pk=image.pk).update(renditions=image.renditions)
        _delete_files(old)
    return image.renditions


def _delete_files(crops):
    for entries in crops.values():
        for entry in entries:
            if default_storage.exists(entry["name"]):
                default_storage.delete(entry["name"])


def variants(image, crop="display", mime=None):
    """Rendition entries of one crop (optionally one media type), smallest first, each with `url`."""
    entries = ensure_renditions(image).get("crops", {}).get(crop, [])
    return [{**e, "url": default_storage.url(e["name"])} for e in entries if mime is None or e["type"] == mime]
