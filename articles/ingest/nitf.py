"""NITF (News Industry Text Format) 3.x documents, with or without the NITF namespace.

`hedline/hl1` headline, `abstract` (or `hedline/hl2`) standfirst, `byline` people and agencies,
`distributor` agency, `dateline` place and `story.date`, `body.content` body; from `docdata`:
`doc-id` source id, `du-key` version, `urgency`, `date.issue` time, `date.release` embargo,
`key-list` keywords; `tobject.subject` subjects. Times without a zone are read in the ingest zone.
"""
from .base import ParsedByline, ParsedDispatch, ParseError, pubstatus
from .richtext import blocks_from_tree, inline_text
from .structured import add_byline_statement, finish, iso_time, urgency
from .xmlsafe import child, parse_xml, text_of


def parse(text, *, tz=None, now=None):
    """NITF XML → ParsedDispatch."""
    root = parse_xml(text)
    if root.tag != "nitf":
        raise ParseError(f"NITF: the root element is <{root.tag}>, not <nitf>")
    result = ParsedDispatch(format="nitf", raw_text=text)
    read_nitf(root, result, tz=tz)
    return finish(result, tz=tz, now=now)


def read_nitf(root, result, *, tz, envelope=False):
    """Fill `result` from a <nitf> element. Inside a NewsML-G2 `envelope`, the fields the envelope
    already set are kept."""
    head, body = root.find("head"), root.find("body")
    language = root.get("baselang") or root.get("lang")
    if language and not envelope:
        result.language = language
    holder = _read_head(head, result, tz) if head is not None else ""
    body_head = child(body, "body.head")
    if body_head is not None:
        _read_body_head(body_head, result, tz)
    if not result.agencies and holder:
        result.agencies.append(holder)  # no distributor named: the copyright holder sent it
    content = child(body, "body.content")
    if content is not None:
        result.blocks = blocks_from_tree(content, headline=result.headline)


def _read_head(head, result, tz):
    """Document metadata; returns the copyright holder (the agency when no distributor is named)."""
    holder = ""
    docdata = head.find("docdata")
    if docdata is not None:
        result.pubstatus = pubstatus(docdata.get("management-status"))
        doc_id = docdata.find("doc-id")
        if doc_id is not None and not result.source_id:
            result.source_id = (doc_id.get("id-string") or "").strip()
        du_key = docdata.find("du-key")
        if du_key is not None and not result.version:
            result.version = (du_key.get("version") or "").strip()
        ed_urg = docdata.find("urgency")
        if ed_urg is not None and result.urgency is None:
            result.urgency = urgency(ed_urg.get("ed-urg"))
        issued = docdata.find("date.issue")
        if issued is not None and result.sent_at is None:
            result.sent_at = iso_time(issued.get("norm"), tz, "NITF date.issue")
        release = docdata.find("date.release")
        if release is not None and result.embargo_until is None:
            result.embargo_until = iso_time(release.get("norm"), tz, "NITF date.release")
        result.tags += [k.get("key", "") for k in docdata.iter("keyword")]
        copyright = docdata.find("doc.copyright")
        holder = (copyright.get("holder") or "").strip() if copyright is not None else ""
    for subject in head.iter("tobject.subject"):
        name = (subject.get("tobject.subject.detail") or subject.get("tobject.subject.matter")
                or subject.get("tobject.subject.type"))
        if name:
            result.tags.append(name)
    return holder


def _read_body_head(body_head, result, tz):
    hedline = body_head.find("hedline")
    if hedline is not None and not result.headline:
        result.headline = text_of(hedline.find("hl1"))
    abstract = body_head.find("abstract")
    if not result.standfirst:
        if abstract is not None:
            result.standfirst = " ".join(inline_text(p) for p in abstract if p.tag == "p") or text_of(abstract)
        elif hedline is not None and hedline.find("hl2") is not None:
            result.standfirst = text_of(hedline.find("hl2"))
    for byline in body_head.iter("byline"):
        _read_byline(byline, result)
    for distributor in body_head.iter("distributor"):
        name = text_of(distributor)
        if name:
            result.agencies.append(name)
    dateline = body_head.find("dateline")
    if dateline is not None:
        location = dateline.find("location")
        place = text_of(location) if location is not None else _dateline_text(dateline)
        result.dateline_place = result.dateline_place or place.rstrip(" ,-—–").strip()
        story_date = dateline.find("story.date")
        if story_date is not None and result.dateline_date is None:
            moment = iso_time(story_date.get("norm"), tz, "NITF story.date")
            result.dateline_date = moment.astimezone(tz).date() if moment else None


def _read_byline(byline, result):
    """<person> elements when marked up; otherwise the statement without its <byttl> title."""
    people = [text_of(p) for p in byline.iter("person") if text_of(p)]
    if people:
        result.bylines.extend(ParsedByline(name) for name in people)
        return
    statement = "".join([byline.text or ""] + [(c.tail or "") if c.tag == "byttl" else text_of(c) + (c.tail or "")
                                               for c in byline])
    add_byline_statement(result, statement)


def _dateline_text(dateline):
    """The dateline's own words, without its <story.date> stamp."""
    parts = [dateline.text or ""]
    for element in dateline:
        if element.tag != "story.date":
            parts.append(text_of(element))
        parts.append(element.tail or "")
    return " ".join("".join(parts).split())
