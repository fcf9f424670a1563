"""Names as they come off the wire, made presentable and comparable."""
import re
import unicodedata

# Lower-case particles inside a name (not at its start): "Ludwig VAN BEETHOVEN" → "Ludwig van Beethoven".
PARTICLES = frozenset("de del della der des di da das do dos du la le van von den ten ter y bin ibn al el zu".split())
_TOKEN = re.compile(r"(\s+)")


def strip_accents(text):
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def name_key(text):
    """A comparison key: case-, accent- and punctuation-insensitive ("Agence France-Presse" ==
    "agence france presse")."""
    text = strip_accents(text or "").casefold()
    return " ".join(re.findall(r"\w+", text))


def _fix_word(word):
    """Title-case one word written in wire capitals, keeping Mc/Mac, O' and hyphenated parts."""
    # McDONALD, MacDONALD (prefix already mixed case) and MCDONALD (MC- is unambiguous).
    prefixed = re.fullmatch(r"(Mc|Mac|MC)([A-Z]{2,})", word)
    if prefixed:
        prefix = "Mc" if prefixed.group(1) == "MC" else prefixed.group(1)
        return prefix + prefixed.group(2).capitalize()
    parts = re.split(r"([-'’])", word)
    return "".join(part.capitalize() if part.isupper() and len(part) > 1 else part for part in parts)


def normalise_person_name(raw):
    """Display form of a byline name: "Maria PANINA" → "Maria Panina".

    Names already in mixed case are kept as written; only words in capitals are changed, and
    particles (de, van, von, al …) are lower-cased when they are not the first word.
    """
    raw = " ".join((raw or "").split())
    words = raw.split(" ")
    result = []
    for index, word in enumerate(words):
        if not word:
            continue
        if index > 0 and word.lower() in PARTICLES and (word.isupper() or word.islower()):
            result.append(word.lower())
            continue
        if len(word) <= 2 and word.endswith("."):  # initials: "J."
            result.append(word)
            continue
        result.append(_fix_word(word) if any(c.isupper() for c in word) else word)
    return " ".join(result)
