"""Marked-up story bodies (NITF `body.content`, XHTML, HTML) → blocks in reading order:
("p" | "h" | "q" | "ul" | "ol", text), and ("table", rows of cells) for tables of two rows and two
columns or more (results, markets, tides: the first row heads the columns). The parsed tree is
walked; markup is never matched with regular expressions. Pictures, captions, scripts and layout
are left out. Inline, links (web and mail addresses only) and emphasis are kept: such a block's
text is an Inline, which carries them as Markdown."""
from html.parser import HTMLParser
from urllib.parse import quote
from xml.etree.ElementTree import Element, SubElement

from ..rendering import Inline, markdown_escape
from .base import ParseError
from .plaintext import blocks_of, paragraph_units

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6", "hl1", "hl2"}
PARAGRAPHS = {"p", "pre", "dd", "dt", "address"}
QUOTES = {"blockquote", "bq"}
LISTS = {"ul": "ul", "ol": "ol", "dl": "ul"}
TABLES = {"table", "nitf-table"}
# Not copy: pictures and their captions, page furniture, code, metadata inside the body.
SKIPPED = {"head", "title", "script", "style", "template", "noscript", "figure", "figcaption", "img", "picture",
           "video", "audio", "iframe", "object", "embed", "svg", "math", "nav", "aside", "footer", "form",
           "button", "media", "media-caption", "media-producer", "nitf-table-metadata", "meta", "link", "fn",
           "note", "caption", "credit"}
BLOCKS = PARAGRAPHS | HEADINGS | QUOTES | TABLES | set(LISTS)
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
MAX_DEPTH = 100


def blocks_from_tree(root, *, headline=""):
    """Blocks of the body under `root` (an Element with namespace-free names). A leading heading that
    repeats the headline is dropped."""
    walker = _Walker(root)
    walker.walk(root, quote=False)
    blocks = walker.blocks
    if blocks and blocks[0][0] == "h" and _same(blocks[0][1], headline):
        blocks.pop(0)
    return blocks


def _same(a, b):
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _name(node):
    return node.tag if isinstance(node.tag, str) else ""


class _Walker:
    def __init__(self, root):
        self.blocks = []
        # Elements that hold block elements somewhere inside: containers, not inline text. Found
        # once, children before parents (reversed document order), so the walk stays linear.
        self.containers = set()
        for node in reversed(list(root.iter())):
            if any(_name(c) in BLOCKS or c in self.containers for c in node):
                self.containers.add(node)

    def walk(self, element, *, quote):
        """Block children in order; loose inline text between them becomes a paragraph when it is
        more than a fragment of layout (three words or more)."""
        loose = [element.text or ""]
        for node in element:
            name = _name(node)
            if name in SKIPPED:
                pass
            elif name in BLOCKS or node in self.containers:
                self.flush(loose, quote)
                loose = []
                self.block(node, name, quote=quote)
            else:
                loose.append(inline_text(node))
            loose.append(node.tail or "")
        self.flush(loose, quote)

    def flush(self, pieces, quote):
        text = _joined(pieces)
        if len(text.split()) >= 3:
            self.blocks.append(("q" if quote else "p", text))

    def block(self, node, name, *, quote):
        if name in PARAGRAPHS or name in HEADINGS:
            text = inline_text(node)
            if text:
                self.blocks.append(("h" if name in HEADINGS else "q" if quote else "p", text))
        elif name in QUOTES:
            self.walk(node, quote=True)
        elif name in LISTS:
            self.list(node, LISTS[name])
        elif name in TABLES:
            rows = [cells for cells in (_cells(row) for row in node.iter("tr")) if any(cells)]
            if len(rows) > 1 and max(map(len, rows)) > 1:
                self.blocks.append(("table", rows))
            else:  # one row or one column: a table used for layout, read as paragraphs
                self.blocks.extend(("q" if quote else "p", " | ".join(c for c in cells if c)) for cells in rows)
        else:
            self.walk(node, quote=quote)

    def list(self, node, kind):
        for item in node:
            if _name(item) not in ("li", "dt", "dd"):
                continue
            text = inline_text(item, skip=set(LISTS))
            if text:
                self.blocks.append((kind, text))
            for nested in item:
                if _name(nested) in LISTS:
                    self.list(nested, LISTS[_name(nested)])


def _cells(row):
    """A table row's cells; a cell spanning columns is followed by empty ones, so columns line up."""
    cells = []
    for cell in row:
        if _name(cell) in ("td", "th"):
            span = (cell.get("colspan") or "1").strip()
            cells += [inline_text(cell)] + [""] * (min(int(span), 50) - 1 if span.isdigit() and int(span) else 0)
    return cells


EMPHASIS = {"em": "*", "i": "*", "strong": "**", "b": "**"}
LINK_SCHEMES = ("http://", "https://", "mailto:")


def inline_text(element, skip=frozenset()):
    """The text of an element and its inline children (links, emphasis, names), one line: a str,
    or an Inline when links or emphasis in it are worth keeping."""
    pieces = [element.text or ""]
    for node in element:
        name = _name(node)
        if name == "br":
            pieces.append(" ")
        elif name not in SKIPPED and name not in skip:
            pieces.append(_spaced(node, _marked(node, name, inline_text(node, skip))))
        pieces.append(node.tail or "")
    return _joined(pieces)


def _spaced(node, text):
    """`text` with the space its element began or ended with (`word<b> bold</b>` is two words)."""
    raw = "".join(node.itertext())
    lead, trail = " " if raw[:1].isspace() else "", " " if raw[-1:].isspace() else ""
    if not (lead or trail):
        return text
    if isinstance(text, Inline):
        return Inline(lead + text + trail, lead + text.markdown + trail)
    return lead + text + trail


def _marked(node, name, text):
    """`text` (of `node`) wrapped in its own markup, when that markup means something to a reader."""
    markdown = getattr(text, "markdown", None) or markdown_escape(text)
    if not text.strip():
        return text
    if name == "a":
        href = (node.get("href") or "").strip()
        if not href.lower().startswith(LINK_SCHEMES):
            return text  # javascript:, relative links to the sender's site …: the words stay, not the link
        return Inline(text, f"[{markdown}]({quote(href, safe=':/?#@!$&+,;=%~')})")
    if name in EMPHASIS:
        return Inline(text, f"{EMPHASIS[name]}{markdown}{EMPHASIS[name]}")
    return text


def _joined(pieces):
    """Pieces of text (some of them Inline) as one line of text, an Inline if any piece was one."""
    text = " ".join("".join(pieces).split())
    if not any(isinstance(piece, Inline) for piece in pieces):
        return text
    markdown = "".join(getattr(piece, "markdown", None) or markdown_escape(piece) for piece in pieces)
    return Inline(text, " ".join(markdown.split()))


class _TreeMaker(HTMLParser):
    """HTML → an ElementTree, with the implied closes browsers apply to `p` and `li`."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("body")
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        if tag in BLOCKS | {"li", "div", "section"}:
            self._close_implied("p")
        if tag == "li":
            self._close_implied("li")
        href = dict(attrs).get("href") if tag == "a" else None
        node = SubElement(self.stack[-1], tag, {"href": href} if href else {})
        if tag not in VOID and len(self.stack) < MAX_DEPTH:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        SubElement(self.stack[-1], tag)

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        parent = self.stack[-1]
        if len(parent):
            parent[-1].tail = (parent[-1].tail or "") + data
        else:
            parent.text = (parent.text or "") + data

    def _close_implied(self, tag):
        if len(self.stack) > 1 and self.stack[-1].tag == tag:
            self.stack.pop()


def html_tree(markup):
    """An HTML (or XHTML) fragment → Element, leniently, as a browser would read it."""
    maker = _TreeMaker()
    try:
        maker.feed(markup)
        maker.close()
    except (AssertionError, ValueError) as error:  # html.parser's own complaints about broken markup
        raise ParseError(f"HTML body: cannot read it ({error})") from None
    return maker.root


def text_blocks(text):
    """A plain-text body, read as plain-text dispatches are: blank lines or short lines end paragraphs."""
    return blocks_of([(line, lines) for line, lines in paragraph_units(text.replace("\r\n", "\n"))])
