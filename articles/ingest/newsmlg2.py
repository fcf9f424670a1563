"""IPTC NewsML-G2 text stories: a <newsItem>, or the first text newsItem of a <newsMessage>.

`guid`/`version`; itemMeta `versionCreated`, `embargoed`, `provider`; contentMeta `headline`,
`description` (summary), `creator`/`contributor` (bylines), `infoSource` (agencies), `located` or
`dateline`, `language`, `urgency`, `subject` and `keyword` (tags); the body from contentSet
`inlineXML` (NITF or XHTML) or `inlineData` (plain text). Envelope metadata wins over the NITF inside.
"""
from .base import ParsedByline, ParsedDispatch, ParseError, pubstatus
from .credits import looks_like_agency
from .nitf import read_nitf
from .richtext import blocks_from_tree, text_blocks
from .structured import finish, iso_time, urgency
from .xmlsafe import child, parse_xml, text_of

TEXT_CLASSES = {"ninat:text", "ninat:composite", ""}
SUMMARY_ROLES = ("drol:summary", "drol:abstract", "drol:teaser", "drol:headline", "")


def parse(text, *, tz=None, now=None):
    """NewsML-G2 XML → ParsedDispatch."""
    root = parse_xml(text)
    item = _news_item(root)
    result = ParsedDispatch(format="newsmlg2", raw_text=text)
    result.source_id = (item.get("guid") or "").strip()
    result.version = (item.get("version") or "").strip()
    result.language = item.get("lang") or "en"
    _read_item_meta(item, result, tz)
    meta = item.find("contentMeta")
    if meta is not None:
        _read_content_meta(meta, result, tz)
    _read_content(item, result, tz)
    holder = text_of(child(item, "rightsInfo", "copyrightHolder", "name"))
    if not result.agencies and holder:
        result.agencies = [holder]
    return finish(result, tz=tz, now=now)


def _item_class(item):
    item_class = child(item, "itemMeta", "itemClass")
    return item_class.get("qcode", "") if item_class is not None else ""


def _news_item(root):
    if root.tag == "newsItem":
        items = [root]
    elif root.tag == "newsMessage":
        items = list(root.iter("newsItem"))
    else:
        raise ParseError(f"NewsML-G2: the root element is <{root.tag}>, not <newsItem> or <newsMessage>")
    texts = [item for item in items if _item_class(item) in TEXT_CLASSES]
    if not texts:
        kinds = ", ".join(sorted({_item_class(item) or "none" for item in items})) or "no newsItem at all"
        raise ParseError(f"NewsML-G2: no text story in the file (item classes: {kinds})")
    return texts[0]


def _read_item_meta(item, result, tz):
    meta = item.find("itemMeta")
    if meta is None:
        return
    result.sent_at = (iso_time(text_of(meta.find("versionCreated")), tz, "NewsML-G2 versionCreated")
                      or iso_time(text_of(meta.find("firstCreated")), tz, "NewsML-G2 firstCreated"))
    result.embargo_until = iso_time(text_of(meta.find("embargoed")), tz, "NewsML-G2 embargoed")
    status = meta.find("pubStatus")
    result.pubstatus = pubstatus(status.get("qcode") if status is not None else "")
    provider = meta.find("provider")
    if provider is not None:
        scheme, _, code = (provider.get("qcode") or "").partition(":")
        # Only the IPTC provider scheme names an agency; other schemes are web addresses and the like.
        name = text_of(provider.find("name")) or (code if scheme == "nprov" else "")
        if name:
            result.agencies.append(name)


def _read_content_meta(meta, result, tz):
    result.headline = text_of(meta.find("headline"))
    summaries = sorted(meta.findall("description"), key=lambda d: SUMMARY_ROLES.index(d.get("role", ""))
                       if d.get("role", "") in SUMMARY_ROLES else len(SUMMARY_ROLES))
    result.standfirst = next((text_of(d) for d in summaries if d.get("role") != "drol:caption" and text_of(d)), "")
    language = meta.find("language")
    if language is not None and language.get("tag"):
        result.language = language.get("tag")
    result.urgency = urgency(text_of(meta.find("urgency")))
    for party in [*meta.findall("creator"), *meta.findall("contributor")]:
        name = text_of(party.find("name"))
        if not name:
            continue
        if looks_like_agency(name) or party.get("type") == "cpnat:organisation" or name.startswith("The "):
            result.agencies.append(name)
        else:
            result.bylines.append(ParsedByline(name))
    sources = [text_of(s.find("name")) for s in meta.iter("infoSource")]
    result.agencies[:0] = [s for s in sources if s]  # the source of the copy is credited first
    located = meta.find("located")
    if located is not None:
        result.dateline_place = text_of(located.find("name"))
    dateline = text_of(meta.find("dateline"))
    if dateline and not result.dateline_place:
        result.dateline_place = dateline.split(",")[0].split("(")[0]
    result.tags += [text_of(s.find("name")) for s in meta.findall("subject")
                    if s.get("type", "cpnat:abstract") == "cpnat:abstract" and s.find("name") is not None]
    result.tags += [text_of(k) for k in meta.findall("keyword")]


def _read_content(item, result, tz):
    content = item.find("contentSet")
    if content is None:
        return
    inline = content.find("inlineXML")
    if inline is not None:
        nitf = next(inline.iter("nitf"), None)
        if nitf is not None:
            read_nitf(nitf, result, tz=tz, envelope=True)
        else:
            body = next(inline.iter("body"), None)
            result.blocks = blocks_from_tree(body if body is not None else inline, headline=result.headline)
        return
    data = content.find("inlineData")
    if data is not None and (data.text or "").strip():
        result.blocks = text_blocks(data.text)
