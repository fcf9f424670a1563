"""A lenient reader for the Reuters-21578 SGML files in ../shared/corpus (benchmark data only).

Not well-formed XML (no root, control characters as numeric references), so it is read with
regular expressions over each <REUTERS> block. Yields one plain dict per story.
"""
import datetime
import html
import re
from pathlib import Path

BLOCK = re.compile(r"<REUTERS([^>]*)>(.*?)</REUTERS>", re.S)
FIELD = {name: re.compile(rf"<{name}>(.*?)</{name}>", re.S) for name in
         ("DATE", "TOPICS", "PLACES", "PEOPLE", "ORGS", "TITLE", "AUTHOR", "DATELINE", "BODY")}
UNPROC = re.compile(r"<TEXT TYPE=\"UNPROC\">(.*?)</TEXT>", re.S)
D = re.compile(r"<D>(.*?)</D>")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
SIGN_OFF = re.compile(r"\s*\bREUTERS?\b\s*$", re.I)


def _text(raw):
    return CONTROL.sub("", html.unescape(raw or ""))


def _date(raw):
    stamp = raw.strip().split(".")[0]  # " 9-MAR-1987 04:58:41.12" (sometimes with noise)
    try:
        return datetime.datetime.strptime(stamp[:20].strip(), "%d-%b-%Y %H:%M:%S").replace(tzinfo=datetime.timezone.utc)
    except ValueError:
        return None


def paragraphs(body):
    """Wire layout: hard-wrapped lines, each paragraph opening with four spaces."""
    body = SIGN_OFF.sub("", _text(body).rstrip())
    parts = re.split(r"\n {3,}", body)
    return [" ".join(p.split()) for p in parts if p.strip()]


def unprocessed(block):
    """A TYPE="UNPROC" story (tables, often) has no BODY: its lines are its paragraphs."""
    match = UNPROC.search(block)
    if not match:
        return []
    text = SIGN_OFF.sub("", _text(match.group(1)).rstrip())
    return [" ".join(line.split()) for line in text.split("\n") if line.strip()]


def stories(corpus_dir):
    """Every story of the corpus, in file order, as dicts (title, author, dateline, paragraphs, …)."""
    for path in sorted(Path(corpus_dir).glob("reut2-*.sgm")):
        data = path.read_bytes().decode("latin-1")
        for attrs, block in BLOCK.findall(data):
            fields = {name: (m.group(1) if (m := rx.search(block)) else "") for name, rx in FIELD.items()}
            newid = re.search(r'NEWID="(\d+)"', attrs)
            yield {
                "newid": int(newid.group(1)) if newid else 0,
                "date": _date(fields["DATE"]),
                "topics": D.findall(fields["TOPICS"]),
                "places": D.findall(fields["PLACES"]),
                "people": D.findall(fields["PEOPLE"]),
                "orgs": D.findall(fields["ORGS"]),
                "title": " ".join(_text(fields["TITLE"]).split()),
                "author": " ".join(_text(fields["AUTHOR"]).split()),
                "dateline": " ".join(_text(fields["DATELINE"]).split()).rstrip(" -"),
                "paragraphs": paragraphs(fields["BODY"]) or unprocessed(block),
            }
