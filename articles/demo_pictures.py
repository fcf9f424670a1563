"""Pictures for the demo stories, drawn with Pillow (no photographs to license or download)."""
import io
import random

from PIL import Image, ImageDraw, ImageFilter

# Sky top, sky bottom, far hills, near hills: one palette per demo story.
PALETTES = [
    ((24, 44, 92), (244, 160, 96), (60, 70, 110), (28, 34, 60)),
    ((120, 170, 210), (230, 236, 240), (90, 130, 100), (50, 90, 60)),
    ((10, 12, 40), (70, 60, 130), (40, 30, 80), (15, 12, 35)),
    ((150, 160, 170), (210, 212, 214), (110, 120, 110), (70, 80, 70)),
    ((60, 110, 160), (190, 220, 235), (40, 90, 120), (20, 60, 90)),
    ((200, 120, 80), (250, 210, 150), (140, 80, 60), (90, 50, 40)),
    ((40, 60, 70), (150, 170, 160), (80, 100, 90), (40, 55, 50)),
]


def landscape(index, width=1600, height=1000):
    """A JPEG of a simple landscape: graded sky, a sun, two ranges of hills."""
    sky_top, sky_bottom, far, near = PALETTES[index % len(PALETTES)]
    rng = random.Random(index)
    picture = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(picture)
    for y in range(height):
        t = y / height
        draw.line([(0, y), (width, y)], fill=tuple(int(a + (b - a) * t) for a, b in zip(sky_top, sky_bottom)))
    sun_x, sun_y, radius = rng.randint(200, width - 200), rng.randint(150, 400), rng.randint(60, 110)
    draw.ellipse([sun_x - radius, sun_y - radius, sun_x + radius, sun_y + radius], fill=(255, 236, 200))
    for colour, base, amplitude in ((far, 0.62, 120), (near, 0.78, 90)):
        points = [(0, height)]
        for x in range(0, width + 80, 80):
            points.append((x, int(height * base + rng.uniform(-amplitude, amplitude))))
        points.append((width, height))
        draw.polygon(points, fill=colour)
    picture = picture.filter(ImageFilter.GaussianBlur(1.2))
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()
