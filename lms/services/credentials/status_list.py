"""W3C Bitstring Status List: revocation as one bit per credential in a compressed list.

The list is GZIP-compressed and written as multibase base64url without padding (``u...``). Bit 0
is the most significant bit of the first byte. The default length, 131,072 bits (16 KB), is the
minimum the specification sets so that a list does not reveal which credential is being checked.
"""

from __future__ import annotations

import base64
import binascii
import gzip
from collections.abc import Iterable
from typing import Any

DEFAULT_LENGTH = 131_072


class StatusListError(ValueError):
    """An encoded list is malformed or an index falls outside it."""


def encode(revoked: Iterable[int], length: int = DEFAULT_LENGTH) -> str:
    """Return the encoded list of ``length`` bits with the ``revoked`` indexes set.

    Raises StatusListError for a length that is not a positive multiple of 8 or an index outside.
    """
    if length <= 0 or length % 8:
        raise StatusListError("A status list length must be a positive multiple of 8.")
    bits = bytearray(length // 8)
    for index in revoked:
        _check_index(index, length)
        bits[index // 8] |= 0x80 >> (index % 8)
    compressed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).decode("ascii").rstrip("=")


def is_set(encoded_list: str, index: int) -> bool:
    """Return whether bit ``index`` of ``encoded_list`` is set. Raises StatusListError."""
    bits = decode(encoded_list)
    _check_index(index, len(bits) * 8)
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def decode(encoded_list: str) -> bytes:
    """Return the uncompressed bytes of ``encoded_list``. Raises StatusListError."""
    if not encoded_list.startswith("u"):
        raise StatusListError("An encoded status list must be multibase base64url ('u...').")
    text = encoded_list[1:]
    try:
        compressed = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        return gzip.decompress(compressed)
    except (binascii.Error, OSError, EOFError) as error:
        raise StatusListError("The encoded status list cannot be decompressed.") from error


def status_entry(list_url: str, index: int) -> dict[str, Any]:
    """Return the ``credentialStatus`` that points at bit ``index`` of the list at ``list_url``."""
    return {
        "id": f"{list_url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": str(index),
        "statusListCredential": list_url,
    }


def _check_index(index: int, length: int) -> None:
    """Raise StatusListError unless ``index`` is a bit of a list of ``length`` bits."""
    if not 0 <= index < length:
        raise StatusListError(f"Status list index {index} is outside a list of {length} bits.")
