"""XML as hostile input. Parsed by defusedxml's expat parser: entity declarations (billion laughs,
XXE `file://` or `http://` entities) and external references are refused before anything expands or
is fetched; a DOCTYPE is tolerated (old NITF feeds carry one) but its DTD is never loaded. Errors
say what is wrong and where (`XML: unclosed tag hl1 at line 1`); names lose their namespaces."""
from xml.etree.ElementTree import ParseError as ExpatError
from xml.etree.ElementTree import TreeBuilder

from defusedxml import DefusedXmlException, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import DefusedXMLParser

from .base import ParseError

MAX_DEPTH = 100


def local(name):
    """`{http://iptc.org/std/NITF/2006-10-18/}hl1` → `hl1`."""
    return name.rsplit("}", 1)[-1] if isinstance(name, str) else ""


class _Builder:
    """A TreeBuilder that knows which elements are open, to name the one left unclosed."""

    def __init__(self):
        self.builder = TreeBuilder()
        self.open = []  # (name, line)
        self.expat = None

    def start(self, tag, attrs):
        if len(self.open) >= MAX_DEPTH:
            raise ParseError(f"XML: elements nested more than {MAX_DEPTH} deep at line {self.expat.CurrentLineNumber}")
        self.open.append((local(tag), self.expat.CurrentLineNumber))
        return self.builder.start(tag, attrs)

    def end(self, tag):
        self.open.pop()
        return self.builder.end(tag)

    def data(self, data):
        self.builder.data(data)

    def close(self):
        return self.builder.close()


def parse_xml(text):
    """Text → root Element with namespace-free tag and attribute names, or ParseError."""
    builder = _Builder()
    parser = DefusedXMLParser(target=builder, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    builder.expat = parser.parser
    try:
        parser.feed(text)
        root = parser.close()
    except ExpatError as error:
        raise ParseError(_describe(error, builder.open, text)) from None
    except EntitiesForbidden:
        raise ParseError("XML: the file declares entities (<!ENTITY …>); wire files never need them and they "
                         "are refused (they can read local files or expand without end)") from None
    except ExternalReferenceForbidden:
        raise ParseError("XML: the file refers to an external entity; refused") from None
    except DefusedXmlException as error:
        raise ParseError(f"XML: refused ({type(error).__name__})") from None
    for element in root.iter():
        element.tag = local(element.tag)
        if any("}" in key for key in element.attrib):
            element.attrib = {local(key): value for key, value in element.attrib.items()}
    return root


def _describe(error, open_elements, text):
    line, column = getattr(error, "position", (0, 0))
    reason = str(error).rsplit(": line", 1)[0]
    if reason == "mismatched tag" and open_elements or reason == "no element found" and open_elements:
        name, opened = open_elements[-1]
        return f"XML: unclosed tag {name} at line {opened}"
    if reason == "no element found":
        return "XML: no element found (the file has no XML content)"
    if reason == "unclosed token":
        return f"XML: the file ends inside a tag or comment (line {line})"
    if reason == "junk after document element":
        return f"XML: text after the end of the document at line {line}"
    if reason == "undefined entity":
        source = text.split("\n")[line - 1] if 0 < line <= text.count("\n") + 1 else ""
        entity = source[column:].split(";", 1)[0] + ";" if "&" in source[column:column + 1] else "&…;"
        return f"XML: undefined entity {entity[:40]} at line {line} (HTML names like &nbsp; are not XML)"
    return f"XML: {reason} at line {line}, column {column + 1}"


def text_of(element):
    """All the text inside `element`, whitespace collapsed."""
    if element is None:
        return ""
    return " ".join("".join(element.itertext()).split())


def child(element, *path):
    """The first descendant along `path` of local names (`child(root, "head", "docdata")`)."""
    for name in path:
        if element is None:
            return None
        element = element.find(name)
    return element
