"""Certificate verification codes: short, easy to read aloud, with a check character.

A code is ten random Crockford base32 characters (digits and capitals without I, L, O and U) and
one check character, shown in groups of four, four and three: ``7KQ2-M9XD-H3Z``, the last
character being the check.

The check is Crockford's: the body read as a base-32 number, modulo 37. Because 37 is prime and
larger than every digit, any single wrong character and any swap of two neighbours changes the
remainder, so a misread or mistyped code is refused instead of naming another certificate.

Crockford writes remainders 32 to 36 as ``* ~ $ = U``. The first four are awkward in a URL, a
shell or an email, so codes whose check would be one of them are never issued: drawing again
costs log2(37/33), about 0.17 of the 50 random bits. Every issued code is therefore made of
``0-9``, ``A-Z`` and ``-`` alone and can sit in a URL path as it is.
"""

from __future__ import annotations

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CHECK_SYMBOLS = ALPHABET + "*~$=U"
BODY_LENGTH = 10
GROUPS = (4, 4, 3)

_ISSUED_CHECKS = frozenset(ALPHABET + "U")
_READ_AS = str.maketrans({"I": "1", "L": "1", "O": "0"})
_IGNORED = str.maketrans("", "", "- \t\r\n")


def check_character(body: str) -> str:
    """Return Crockford's mod-37 check character for ``body`` (canonical base32 characters)."""
    value = 0
    for character in body:
        digit = ALPHABET.find(character)
        if digit < 0:
            raise ValueError(f"{character!r} is not a Crockford base32 character")
        value = (value * 32 + digit) % 37
    return CHECK_SYMBOLS[value]


def new_code() -> str:
    """Draw a new random code in its display form, e.g. ``7KQ2-M9XD-H3Z``."""
    while True:
        body = "".join(secrets.choice(ALPHABET) for _ in range(BODY_LENGTH))
        check = check_character(body)
        if check in _ISSUED_CHECKS:
            return _display(body + check)


def normalise(text: str) -> str | None:
    """Return the display form of a code as a person typed or read it, or ``None`` if invalid.

    Case, spaces and hyphens do not matter, and I, L and O are read as 1, 1 and 0. A code of the
    wrong length, with a character outside the alphabet or with a check that does not match is
    refused.
    """
    compact = text.upper().translate(_IGNORED).translate(_READ_AS)
    if len(compact) != BODY_LENGTH + 1:
        return None
    body, check = compact[:BODY_LENGTH], compact[BODY_LENGTH]
    if any(character not in ALPHABET for character in body) or check not in _ISSUED_CHECKS:
        return None
    if check_character(body) != check:
        return None
    return _display(compact)


def _display(compact: str) -> str:
    groups = []
    start = 0
    for size in GROUPS:
        groups.append(compact[start : start + size])
        start += size
    return "-".join(groups)
