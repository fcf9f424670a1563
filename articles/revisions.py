"""Comparing two revisions of a story, field by field, in words an editor reads at a glance."""
import difflib
import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

# Snapshot keys (editing.snapshot) in the order of the edit form, with the form's names.
FIELD_LABELS = {
    "headline": "Headline",
    "headline_is_proposed": "Needs a headline",
    "standfirst": "Standfirst",
    "body": "Body",
    "section": "Section",
    "dateline_place": "Dateline place",
    "dateline_date": "Dateline date",
    "language": "Language",
    "urgency": "Urgency",
    "embargo_until": "Embargo until",
    "agencies": "Agency credits",
    "bylines": "Bylines",
    "tags": "Tags",
    "lead_image": "Lead image",
    "slug": "Web address (slug)",
}
TEXT_FIELDS = {"headline", "standfirst", "body"}
LIST_FIELDS = {"agencies", "bylines", "tags"}
_TOKENS = re.compile(r"\s+|[\w’'-]+|[^\w\s]", re.UNICODE)


@dataclass(frozen=True)
class FieldChange:
    name: str
    label: str
    old: object
    new: object
    html: str  # safe HTML showing the change


def label(name):
    return FIELD_LABELS.get(name, name.replace("_", " ").capitalize())


def _segments(old, new):
    """(removed, added, kept) text runs turning `old` into `new`, word by word.

    Neighbouring changes separated only by spaces are merged, so a rewritten phrase reads as
    one removal and one addition rather than a chequerboard of single words."""
    a, b = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    segments = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        kept = "".join(a[i1:i2]) if op == "equal" else None
        segments.append(["", "", kept] if kept is not None else ["".join(a[i1:i2]), "".join(b[j1:j2]), None])
    merged = []
    for segment in segments:
        if (segment[2] is None and len(merged) >= 2 and merged[-2][2] is None
                and merged[-1][2] is not None and not merged[-1][2].strip()):
            space = merged.pop()[2]
            merged[-1][0] += space + segment[0]
            merged[-1][1] += space + segment[1]
        elif segment[2] is None and merged and merged[-1][2] is None:
            merged[-1][0] += segment[0]
            merged[-1][1] += segment[1]
        else:
            merged.append(segment)
    return merged


def word_diff(old, new):
    """Safe HTML of `new` with removed words in <del> and added words in <ins>."""
    parts = []
    for removed, added, kept in _segments(old, new):
        if kept is not None:
            parts.append(format_html("{}", kept))
            continue
        if removed:
            parts.append(format_html("<del>{}</del>", removed))
        if added:
            parts.append(format_html("<ins>{}</ins>", added))
    return mark_safe("".join(str(p) for p in parts))


def show(name, value):
    """One field's value as text."""
    if value in (None, "", []):
        return "(empty)"
    if name == "headline_is_proposed":
        return "yes" if value else "no"
    if name == "bylines":
        return ", ".join(f"{person} ({role})" if role else person for person, role in value)
    if name == "embargo_until":
        moment = parse_datetime(value)
        return date_format(timezone.localtime(moment), "j M Y, H:i T") if moment else value
    if name == "lead_image":
        return f"image #{value}"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _list_diff(name, old, new):
    old_items, new_items = [show(name, [v]) for v in old or []], [show(name, [v]) for v in new or []]
    removed = [v for v in old_items if v not in new_items]
    added = [v for v in new_items if v not in old_items]
    parts = []
    if removed:
        parts.append(format_html("removed {}", format_html_join(", ", "<del>{}</del>", ((v,) for v in removed))))
    if added:
        parts.append(format_html("added {}", format_html_join(", ", "<ins>{}</ins>", ((v,) for v in added))))
    if not parts:  # same items, new order
        parts.append(format_html("reordered: <del>{}</del> <ins>{}</ins>", ", ".join(old_items), ", ".join(new_items)))
    return mark_safe("; ".join(str(p) for p in parts))


def compare(old, new):
    """The fields that differ between two snapshots (dicts), as FieldChange rows in form order."""
    names = list(FIELD_LABELS) + sorted((set(old) | set(new)) - set(FIELD_LABELS))
    changes = []
    for name in names:
        before, after = old.get(name), new.get(name)
        if before == after or (name not in old and name not in new):
            continue
        if name in TEXT_FIELDS:
            html = word_diff(before, after)
        elif name in LIST_FIELDS:
            html = _list_diff(name, before, after)
        else:
            html = format_html('<del>{}</del> <span aria-hidden="true">→</span> <ins>{}</ins>',
                               show(name, before), show(name, after))
        changes.append(FieldChange(name, label(name), before, after, html))
    return changes
