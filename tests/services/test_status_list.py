"""Bitstring status lists: bits round-trip through the compressed text; bad indexes are refused."""

from __future__ import annotations

import pytest

from lms.services.credentials import keys, status_list
from lms.services.credentials.status_list import StatusListError


def test_revoked_indexes_round_trip() -> None:
    revoked = {0, 7, 8, 23, 131_071}
    encoded = status_list.encode(revoked)
    assert encoded.startswith("u")
    assert {i for i in range(131_072) if status_list.is_set(encoded, i)} == revoked


def test_default_length_is_the_16_kilobyte_minimum() -> None:
    bits = status_list.decode(status_list.encode([]))
    assert len(bits) * 8 == 131_072 == status_list.DEFAULT_LENGTH
    assert not any(bits)


def test_encoding_is_deterministic() -> None:
    assert status_list.encode([5, 9]) == status_list.encode([9, 5])


@pytest.mark.parametrize("index", [-1, 131_072])
def test_index_outside_the_list_is_refused(index: int) -> None:
    with pytest.raises(StatusListError, match="outside a list of 131072 bits"):
        status_list.encode([index])
    with pytest.raises(StatusListError, match="outside"):
        status_list.is_set(status_list.encode([]), index)


def test_malformed_list_is_refused() -> None:
    with pytest.raises(StatusListError, match="base64url"):
        status_list.is_set("zABC", 0)
    with pytest.raises(StatusListError, match="decompressed"):
        status_list.is_set("uAAAA", 0)


def test_status_entry_points_at_one_bit() -> None:
    assert status_list.status_entry("https://academy.example/status/1", 42) == {
        "id": "https://academy.example/status/1#42",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": "42",
        "statusListCredential": "https://academy.example/status/1",
    }


def test_derived_key_is_deterministic_and_differs_by_purpose() -> None:
    first = keys.derive_private_key("secret", purpose="credentials")
    again = keys.derive_private_key("secret", purpose="credentials")
    other = keys.derive_private_key("secret", purpose="status lists")
    assert keys.private_key_to_text(first) == keys.private_key_to_text(again)
    assert keys.private_key_to_text(first) != keys.private_key_to_text(other)
    assert keys.private_key_to_text(first) != keys.private_key_to_text(
        keys.derive_private_key("another secret", purpose="credentials")
    )


def test_private_key_text_round_trips() -> None:
    key = keys.derive_private_key("secret", purpose="credentials")
    text = keys.private_key_to_text(key)
    assert text.startswith("z3u2")
    restored = keys.private_key_from_text(f" {text}\n")
    assert keys.public_multikey(restored.public_key()) == keys.public_multikey(key.public_key())
    with pytest.raises(keys.KeyFormatError):
        keys.private_key_from_text(keys.public_multikey(key.public_key()))
