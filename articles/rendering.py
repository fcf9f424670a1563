"""Markdown bodies to sanitised HTML, and the newsroom's typographic conventions."""
import html as html_lib
import re
import threading

import markdown
import nh3
from django.utils.html import escape
from markdown.inlinepatterns import AUTOLINK_RE, AUTOMAIL_RE
from django.utils.safestring import mark_safe

ALLOWED_TAGS = {"p", "h2", "h3", "h4", "blockquote", "ul", "ol", "li", "a", "em", "strong", "code", "pre", "br", "hr",
                "table", "thead", "tbody", "tr", "th", "td"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}

# AP style: months of five letters or fewer are written out; "Sept." has four letters.
AP_MONTHS = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]


_local = threading.local()


def _markdown():
    # Building a converter costs about as much as converting a short story: one per thread, reset
    # between uses (a converter is not safe to share between threads).
    md = getattr(_local, "markdown", None)
    if md is None:
        md = _local.markdown = markdown.Markdown(extensions=["tables"], output_format="html")
        # Bodies are Markdown only: raw HTML in copy is shown as text, never interpreted.
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
    return md.reset()


def render_body(text):
    """Markdown → HTML that is safe to show: only structural tags, links with safe schemes."""
    html = _markdown().convert(text or "")
    # The page's one h1 is the headline: body headings start at h2.
    return _clean(re.sub(r"<(/?)h1>", r"<\1h2>", html))


def _clean(html):
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


_ESCAPE_INLINE = re.compile(r"([\\`*_\[\]])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_BLOCK_MARKER = re.compile(r"^(\s*)([#>+-])")
_ORDERED_MARKER = re.compile(r"^(\s*\d+)([.)])(\s)")


def markdown_escape(text):
    """Wire text made literal in Markdown: no accidental emphasis, lists, headings, links or
    entities. (Raw HTML is never interpreted, so `<` needs no escaping.)"""
    text = _ESCAPE_INLINE.sub(r"\\\1", text)
    text = _ENTITY.sub("&amp;", text)
    text = _BLOCK_MARKER.sub(r"\1\\\2", text)
    return _ORDERED_MARKER.sub(r"\1\\\2\3", text)


class Inline(str):
    """The text of a block whose inline markup carries meaning (links, emphasis): a plain string
    for everything that reads text, with the same text as Markdown in `.markdown` for the body."""

    def __new__(cls, text, markdown):
        inline = super().__new__(cls, text)
        inline.markdown = markdown
        return inline


def _block_markdown(text):
    markdown = getattr(text, "markdown", None)
    return " ".join(markdown.split()) if markdown is not None else markdown_escape(" ".join(text.split()))


MARKDOWN_PREFIX = {"p": "", "h": "## ", "q": "> ", "ul": "- ", "ol": "1. "}
# Closing hashes of a heading line (not themselves escaped): Markdown would drop them.
_CLOSING_HASHES = re.compile(r"(?<!\\)((?:\\\\)*)(#+)$")
_MARKDOWN_LINK = re.compile(f"{AUTOLINK_RE}|{AUTOMAIL_RE}")


def _table_markdown(rows):
    """A table block as a Markdown table: the first row heads the columns, short rows are padded."""
    width = max(map(len, rows))
    lines = ["| " + " | ".join(_block_markdown(cell).replace("|", "\\|") for cell in row + [""] * (width - len(row)))
             + " |" for row in rows]
    lines.insert(1, "|" + " --- |" * width)
    return "\n".join(lines)


def blocks_to_markdown(blocks):
    """Blocks (("p" | "h" | "q" | "ul" | "ol", text) pairs: paragraph, subhead, quote, list item; and
    ("table", rows of cells)) to a Markdown body. Consecutive items of one list stay one list."""
    out = []
    for index, (kind, text) in enumerate(blocks):
        if kind == "table":
            out.append(("\n\n" if out else "") + _table_markdown([list(row) for row in text]))
            continue
        escaped = _block_markdown(text)
        if kind == "h":
            escaped = _CLOSING_HASHES.sub(lambda m: m[1] + "\\#" * len(m[2]), escaped)
        line = MARKDOWN_PREFIX.get(kind, "") + escaped
        same_list = index and kind in ("ul", "ol") and blocks[index - 1][0] == kind
        out.append(("\n" if same_list else "\n\n" if out else "") + line)
    return "".join(out)


def blocks_to_html(blocks):
    """What render_body(blocks_to_markdown(blocks)) gives, without the Markdown pass, for bodies of
    paragraphs and subheads of plain text (nearly all wire copy; ingest renders hundreds a second).
    None for anything else (quotes, lists, links and emphasis, `<http://…>` that Markdown turns into
    a link): render the Markdown."""
    parts = []
    for kind, text in blocks:
        if kind not in ("p", "h") or isinstance(text, Inline):
            return None
        text = " ".join(text.split())
        if _MARKDOWN_LINK.search(text):
            return None
        if text or kind == "h":  # Markdown drops an empty paragraph, not an empty heading
            tag = "h2" if kind == "h" else "p"
            parts.append(f"<{tag}>{html_lib.escape(text, quote=False)}</{tag}>")
    return _clean("\n".join(parts))


_MD_LINK = re.compile(r"(?<!\\)!?\[((?:\\.|[^\[\]\\])*)\]\([^)]*\)")
_MD_BLOCK = re.compile(r"(?m)^\s*(?:#{1,6}|>|[-*+]|\d+[.)])\s+")
_MD_EMPHASIS = re.compile(r"(?<!\\)(?:\*\*|__|\*|_|`)")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>|])")
_MD_TABLE_RULE = re.compile(r"(?m)^[ \t]*\|?[ \t:|-]*-[ \t:|-]*$")  # | --- | --- |
_MD_CELL_EDGE = re.compile(r"(?<!\\)\|")


def markdown_to_text(text):
    """A Markdown body as the words a reader sees (for snippets): link text without its address,
    no emphasis or block markers, escapes undone."""
    # Each pattern only where its marker occurs: most wire copy has none, and the patterns'
    # look-behinds make each full scan slow, and search runs this on every result's whole text.
    text = text or ""
    if "[" in text:
        text = _MD_LINK.sub(r"\1", text)
    text = _MD_BLOCK.sub("", text)
    if "|" in text:  # table rows: their cells' words, without the rules between them
        text = _MD_CELL_EDGE.sub(" ", _MD_TABLE_RULE.sub("", text))
    if "*" in text or "_" in text or "`" in text:
        text = _MD_EMPHASIS.sub("", text)
    return _MD_ESCAPE.sub(r"\1", text) if "\\" in text else text


def format_dateline(place, date=None, credits=()):
    """`MOSCOW, Sept. 11 (AFP) —`: place in capitals, AP-style date, agency credits."""
    if not place:
        return ""
    line = place.upper()
    if date:
        line += f", {AP_MONTHS[date.month - 1]} {date.day}"
    if credits:
        line += f" ({'-'.join(credits)})"
    return line + " —"


def with_dateline(body_html, dateline):
    """Rendered body HTML as a page shows it: the dateline at the head of the first paragraph, and
    each table in a box that scrolls sideways on a narrow screen (and takes keyboard focus, so it
    can be scrolled without a pointer). Stored HTML stays plain, for the API and for syndication."""
    if "<table>" in body_html:
        body_html = body_html.replace("<table>", '<div class="table-scroll" tabindex="0"><table>').replace(
            "</table>", "</table></div>")
    if not dateline:
        return mark_safe(body_html)
    span = f'<span class="dateline">{escape(dateline)}</span> '
    html, count = re.subn(r"<p>", "<p>" + span, body_html, count=1)
    return mark_safe(html if count else f"<p>{span}</p>{body_html}")
