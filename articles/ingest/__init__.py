"""Wire ingest: pure parsers (bytes → ParsedDispatch) and one writer (store.store_dispatch)."""
from .base import ParsedByline, ParsedDispatch, ParseError, decode
from .detect import PARSERS, detect_format, parse

__all__ = ["PARSERS", "ParseError", "ParsedByline", "ParsedDispatch", "decode", "detect_format", "parse"]
