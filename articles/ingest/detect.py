"""Which parser reads a dispatch: detected from its content, or forced by name."""
from . import plaintext
from .base import ParseError, decode

PARSERS = {"text": plaintext.parse}


def detect_format(text):
    return "text"


def parse(data, *, format=None, tz=None):
    """Bytes → ParsedDispatch. `format` forces a parser; `tz` reads times that carry no zone."""
    text = decode(data)
    name = format or detect_format(text)
    if name not in PARSERS:
        raise ParseError(f"unknown format “{name}” (known: {', '.join(sorted(PARSERS))})")
    return PARSERS[name](text, tz=tz)
