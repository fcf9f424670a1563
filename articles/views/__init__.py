"""Public pages. Every query starts from Article.objects.public(): the one visibility rule."""
from .corrections import corrections
from .fronts import agency, byline, day, home, section, tag
from .site import healthz, robots_txt
from .story import article

__all__ = ["agency", "article", "byline", "corrections", "day", "healthz", "home", "robots_txt", "section", "tag"]
