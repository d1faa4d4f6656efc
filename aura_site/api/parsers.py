"""The JSON body parser: DRF's, behind a cap on nesting depth.

Python's ``json`` recurses once per nested array or object, so a body like
``[[[[…]]]]`` a thousand levels deep ends in a ``RecursionError`` (a 500)
instead of a parse error. The depth is measured first, without recursion, on
the text with its strings taken out; a body nested deeper than
``MAX_JSON_DEPTH`` is refused as 400 ``invalid_json`` before ``json`` sees it.
"""

import re
from itertools import accumulate

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser as DrfJSONParser
from rest_framework.parsers import get_encoding
from rest_framework.utils import json

from . import errors

MAX_JSON_DEPTH = 64

# A JSON string, escapes included (unrolled: it matches in linear time); an
# unterminated one runs to the end of the text.
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


def nesting_depth(text):
    """How deeply arrays and objects nest in ``text``: brackets inside strings
    do not count; unbalanced text is measured as far as it goes."""
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    return max(accumulate(_STEP[c] for c in brackets), default=0)


def too_nested(text, limit=MAX_JSON_DEPTH):
    # Fewer openings than the limit cannot nest deeper: most bodies stop here.
    if text.count("[") + text.count("{") <= limit:
        return False
    return nesting_depth(text) > limit


def too_deep():
    return errors.InvalidJson(
        f"The JSON document nests arrays and objects deeper than {MAX_JSON_DEPTH} levels.",
        hint=f"Flatten the document: at most {MAX_JSON_DEPTH} levels of nesting.",
    )


class JSONParser(DrfJSONParser):
    """``DEFAULT_PARSER_CLASSES``: DRF's JSON parser with the depth cap."""

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = get_encoding(parser_context or {})
        try:
            text = stream.read().decode(encoding)
        except UnicodeDecodeError as exc:
            raise ParseError(f"JSON parse error - {exc}") from None
        if too_nested(text):
            raise too_deep()
        try:
            parse_constant = json.strict_constant if self.strict else None
            return json.loads(text, parse_constant=parse_constant)
        except RecursionError:  # a deep document under a shallow stack: still the client's error
            raise too_deep() from None
        except ValueError as exc:
            raise ParseError(f"JSON parse error - {exc}") from None
