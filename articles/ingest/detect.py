"""Which parser reads a dispatch: detected from its content, or forced by name."""
import re

from . import newsmlg2, ninjs, nitf, plaintext
from .base import ParseError, decode

PARSERS = {"text": plaintext.parse, "ninjs": ninjs.parse, "nitf": nitf.parse, "newsmlg2": newsmlg2.parse}
XML_ROOTS = {"nitf": "nitf", "newsItem": "newsmlg2", "newsMessage": "newsmlg2"}
# The first element after the prolog (XML declaration, comments, processing instructions, DOCTYPE).
_DOCTYPE = re.compile(r"<!DOCTYPE\s+([\w.:-]+)")
_PROLOG = re.compile(r"\A(?:\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>)*<([\w.:-]+)", re.S)


def detect_format(text):
    """`ninjs` for a JSON object, `nitf` or `newsmlg2` by the XML root element, else `text`."""
    start = text.lstrip()[:1]
    if start in "{[" and start:
        return "ninjs"
    if start == "<":
        match = _PROLOG.match(text[:20000]) or _DOCTYPE.search(text[:2000])  # a DOCTYPE names the root
        name = match.group(1) if match else ""
        root = name.rsplit(":", 1)[-1]
        if root in XML_ROOTS:
            return XML_ROOTS[root]
        # Plain text may open with a bracket too (`<IVACO INC> YEAR NET`): only what reads as XML is.
        if text.lstrip().startswith("<?xml") or (name and f"</{name}" in text):
            raise ParseError(f"XML with root element <{root or '?'}> is not a dispatch format read here "
                             "(NITF <nitf>, NewsML-G2 <newsItem> or <newsMessage>)")
    return "text"


def parse(data, *, format=None, tz=None, now=None):
    """Bytes → ParsedDispatch. `format` forces a parser; `tz` reads times that carry no zone; `now`
    stands for the dispatch time when the copy carries none."""
    text = decode(data)
    name = format or detect_format(text)
    if name not in PARSERS:
        raise ParseError(f"unknown format “{name}” (known: {', '.join(sorted(PARSERS))})")
    return PARSERS[name](text, tz=tz, now=now)
