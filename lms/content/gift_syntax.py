"""GIFT's small print: escapes, ``[format]`` prefixes, ``%weight%`` prefixes and numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from lms.content.questions import TextFormat

# While a question is taken apart, each escaped character is a private-use placeholder, so the
# control characters left are the ones that mean something (as in Moodle, which uses "&&035;").
_ESCAPED = "\\:#={}~n"
_PLACEHOLDERS = {character: chr(0xE000 + i) for i, character in enumerate(_ESCAPED)}
_RESTORE = str.maketrans(
    {placeholder: "\n" if c == "n" else c for c, placeholder in _PLACEHOLDERS.items()}
)
# Written as escapes: Moodle's exporter escapes ':' too, so '::' never ends a name early.
_WRITE_ESCAPES = str.maketrans(
    {"\\": "\\\\", "#": "\\#", "=": "\\=", "~": "\\~", "{": "\\{", "}": "\\}", ":": "\\:"}
    | {"\n": "\\n", "\r": ""}
)
_FORMATS = {text_format.value: text_format for text_format in TextFormat}
_WEIGHT = re.compile(r"%(-?\d+(?:\.\d*)?)%")  # Moodle's answer weight, in percent
# What PHP's is_numeric takes, with exponents kept small enough to compute with.
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d{1,3})?")
_SEVEN_PLACES = Decimal("0.0000001")  # Moodle stores weights to seven decimal places


@dataclass(frozen=True)
class Part:
    """A piece of a question's text and the offset it starts at, to tell its line."""

    text: str
    at: int

    def cut(self, start: int, end: int | None = None) -> Part:
        return Part(self.text[start:end], self.at + start)

    def strip(self) -> Part:
        return Part(self.text.strip(), self.at + len(self.text) - len(self.text.lstrip()))

    def split_before(self, markers: str) -> tuple[Part, list[Part]]:
        """The text before the first of ``markers``, and each piece starting at one of them."""
        starts = [i for i, character in enumerate(self.text) if character in markers]
        ends = [*starts[1:], len(self.text)] if starts else []
        lead = self.cut(0, starts[0] if starts else None)
        return lead, [self.cut(start, end) for start, end in zip(starts, ends, strict=True)]


def hide_escapes(line: str) -> str:
    """Replace ``\\~``, ``\\=``, ``\\#``, ``\\{``, ``\\}``, ``\\:``, ``\\n`` and ``\\\\``
    with placeholders; any other backslash stays as written."""
    return re.sub(r"\\([\\:#={}~n])", lambda match: _PLACEHOLDERS[match.group(1)], line)


def restore(text: str) -> str:
    """The characters the placeholders in ``text`` stand for."""
    return text.translate(_RESTORE)


def escape(text: str) -> str:
    """Write ``text`` so GIFT reads it back as it is (line breaks become ``\\n``)."""
    return text.translate(_WRITE_ESCAPES)


def formatted(raw: str, default: TextFormat) -> dict[str, Any]:
    """A text with its ``[format]`` prefix read, as FormattedText fields."""
    text, text_format = raw.strip(), default
    if text.startswith("["):
        prefix = text[1 : text.find("]")]
        if prefix in _FORMATS:
            text, text_format = text[len(prefix) + 2 :], _FORMATS[prefix]
    return {"text": restore(text).strip(), "format": text_format}


def starts_like_format(text: str) -> bool:
    """Tell whether ``text`` would lose its start to a ``[format]`` prefix when read back."""
    return text.startswith("[") and text[1 : text.find("]")] in _FORMATS


def weight_of(answer: Part) -> tuple[Decimal | None, Part]:
    """Split a leading ``%50%`` from ``answer`` as a fraction (0.5); None when it has none."""
    found = _WEIGHT.match(answer.text)
    if found is None:
        return None, answer
    fraction = Decimal(found.group(1)) / 100
    if -1 <= fraction <= 1:  # a weight beyond is reported as it is, not rounded
        fraction = fraction.quantize(_SEVEN_PLACES, ROUND_HALF_EVEN).normalize()
    return fraction, answer.cut(found.end())


def number_of(text: str) -> Decimal | None:
    """Read a number as Moodle accepts one; None when ``text`` is not a number."""
    return Decimal(text) if _NUMBER.fullmatch(text) else None


def percent(fraction: Decimal) -> str:
    """``0.3333333`` → ``33.33333``: a weight as GIFT writes it, without exponent or zeros."""
    return plain_number(fraction * 100)


def plain_number(value: Decimal) -> str:
    """A number written plainly (``1822``, ``0.0005``), never as ``1.822E+3``."""
    text = format(value.normalize(), "f")
    return "0" if text in {"-0", "0"} else text
