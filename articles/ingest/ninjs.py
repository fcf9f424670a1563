"""IPTC ninjs (News in JSON) 1.x, 2.x and 3.x text items.

1.x writes `headline`, `byline`, `body_xhtml`/`body_text`, `subject`; 2.x `headlines`, `by`,
`bodies`, `subjects`; 3.x the same in camelCase (`versionCreated`). Every field is optional to this
reader except some text: a wrong type is ignored rather than trusted.
"""
import json

from .base import ParsedDispatch, ParseError, pubstatus
from .richtext import blocks_from_tree, html_tree, text_blocks
from .structured import add_byline_statement, finish, iso_time, urgency
from .xmlsafe import child, parse_xml

TEXT_TYPES = {"text", "composite", ""}
MARKUP_HINTS = ("html", "xml", "richtext")
SUMMARY_ROLES = ("summary", "abstract", "teaser", "lead", "text", "description", "")


def parse(text, *, tz=None, now=None):
    """ninjs JSON → ParsedDispatch."""
    item = _load(text)
    result = ParsedDispatch(format="ninjs", raw_text=text)
    result.source_id = _str(item.get("uri"))
    result.version = _str(item.get("version"))
    result.pubstatus = pubstatus(_str(item.get("pubstatus")))
    kind = _str(item.get("type")).lower()
    if kind not in TEXT_TYPES:
        raise ParseError(f"ninjs: this is a {kind} item, not a text story")
    result.language = _str(item.get("language")) or "en"
    result.urgency = urgency(item.get("urgency"))
    result.sent_at = (iso_time(_str(item.get("versioncreated")), tz, "ninjs versioncreated")
                      or iso_time(_str(item.get("firstcreated")), tz, "ninjs firstcreated"))
    result.embargo_until = iso_time(_str(item.get("embargoed") or item.get("embargoeduntil")), tz, "ninjs embargoed")
    result.headline = _headline(item)
    result.standfirst = _summary(item)
    add_byline_statement(result, _str(item.get("by") or item.get("byline")))
    holder = _str(item.get("copyrightholder"))
    if holder and len(holder) <= 60:
        result.agencies.append(holder)
    result.dateline_place = _str(item.get("located"))
    result.tags = [_str(s.get("name")) for s in _dicts(item.get("subjects") or item.get("subject"))]
    result.tags += [k for k in _list(item.get("keywords")) if isinstance(k, str)]
    result.blocks = _body(item, result.headline)
    return finish(result, tz=tz, now=now)


def _load(text):
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ParseError(f"JSON: {error.msg} at line {error.lineno}, column {error.colno}") from None
    except RecursionError:
        raise ParseError("JSON: nested too deeply to be a news item") from None
    except ValueError as error:  # e.g. an integer too long to convert
        raise ParseError(f"JSON: {error}") from None
    if isinstance(data, list):
        raise ParseError(f"ninjs: a collection of {len(data)} items; send one item per file")
    if not isinstance(data, dict):
        raise ParseError("ninjs: expected a JSON object (one news item)")
    return _lower_keys(data)


def _lower_keys(value):
    """3.x camelCase and 1.x/2.x lower case read alike."""
    if isinstance(value, dict):
        return {str(k).lower(): _lower_keys(v) if isinstance(v, (dict, list)) else v for k, v in value.items()}
    if isinstance(value, list):
        return [_lower_keys(v) if isinstance(v, (dict, list)) else v for v in value]
    return value


def _str(value):
    return value.strip() if isinstance(value, str) else ""


def _list(value):
    return value if isinstance(value, list) else []


def _dicts(value):
    return [v for v in _list(value) if isinstance(v, dict)]


def _by_role(entries, roles):
    """The value of the first entry whose role comes first in `roles` (unknown roles last)."""
    ranked = sorted(_dicts(entries), key=lambda e: roles.index(_str(e.get("role")).lower())
                    if _str(e.get("role")).lower() in roles else len(roles))
    return next((_str(e.get("value")) for e in ranked if _str(e.get("value"))), "")


def _headline(item):
    return (_str(item.get("headline")) or _by_role(item.get("headlines"), ("main", "")) or _str(item.get("headline_main"))
            or next((_str(v) for k, v in item.items() if k.startswith("headline_") and _str(v)), ""))


def _summary(item):
    found = _by_role([d for d in _dicts(item.get("descriptions")) if _str(d.get("role")).lower() != "caption"],
                     SUMMARY_ROLES)
    if found:
        return found
    for key in ("description_text", "description_summary", "description_usage"):
        if _str(item.get(key)):
            return _str(item.get(key))
    return ""


def _body(item, headline):
    """Marked-up bodies are preferred, NITF first (paragraphs, subheads, quotes and lists survive);
    then plain text."""
    candidates = [(_str(b.get("role")).lower(), _str(b.get("contenttype")).lower(), _str(b.get("value")))
                  for b in _dicts(item.get("bodies"))]
    candidates += [(key.lower(), "", _str(value)) for key, value in item.items() if key.startswith("body_")]
    candidates = [(role, kind, value) for role, kind, value in candidates if value]
    for role, kind, value in candidates:
        if "nitf" in kind or role == "nitf":
            try:
                content = child(parse_xml(value), "body", "body.content")
            except ParseError:
                if len(candidates) == 1:
                    raise
                continue  # another body may still be readable
            return blocks_from_tree(content, headline=headline) if content is not None else []
    for role, kind, value in candidates:
        if any(hint in kind or hint in role for hint in MARKUP_HINTS) and "xml" != kind.rsplit("/", 1)[-1]:
            return blocks_from_tree(html_tree(value), headline=headline)
    if candidates:
        return text_blocks(candidates[0][2])
    return []
