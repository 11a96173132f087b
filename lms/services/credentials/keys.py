"""Ed25519 keys as Multikey text, derived or stored.

A public key is written ``z6Mk...``: multibase base58btc (``z``) of the multicodec prefix for an
Ed25519 public key (0xed 0x01) followed by its 32 bytes. A private key is stored, for instance in
an environment variable, in the same form with the Ed25519 private-key prefix (0x80 0x26) followed
by the 32-byte seed: ``z3u2...``. ``private_key_from_multibase`` also reads the 64-byte variant
(seed then public key) that some libraries, and the 1EdTech test vector, emit.
"""

from __future__ import annotations

import base58
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

PUBLIC_PREFIX = b"\xed\x01"
PRIVATE_PREFIX = b"\x80\x26"
SEED_LENGTH = 32


class KeyFormatError(ValueError):
    """Text is not a key in the expected multibase form."""


def public_multikey(public_key: Ed25519PublicKey) -> str:
    """Return the Multikey text (``z6Mk...``) of ``public_key``."""
    raw = public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return "z" + base58.b58encode(PUBLIC_PREFIX + raw).decode("ascii")


def public_key_from_multikey(text: str) -> Ed25519PublicKey:
    """Read a ``z6Mk...`` Multikey. Raises KeyFormatError."""
    raw = _decode(text, PUBLIC_PREFIX)
    if len(raw) != SEED_LENGTH:
        raise KeyFormatError("An Ed25519 public key has 32 bytes.")
    return Ed25519PublicKey.from_public_bytes(raw)


def private_key_from_seed(seed: bytes) -> Ed25519PrivateKey:
    """Return the private key whose 32-byte seed is ``seed``. Raises KeyFormatError."""
    if len(seed) != SEED_LENGTH:
        raise KeyFormatError("An Ed25519 private key seed has 32 bytes.")
    return Ed25519PrivateKey.from_private_bytes(seed)


def private_key_from_multibase(text: str) -> Ed25519PrivateKey:
    """Read a multibase private key: the seed, or the seed then the public key it must match."""
    raw = _decode(text, PRIVATE_PREFIX)
    if len(raw) not in (SEED_LENGTH, 2 * SEED_LENGTH):
        raise KeyFormatError("An Ed25519 private key has 32 or 64 bytes.")
    key = private_key_from_seed(raw[:SEED_LENGTH])
    public = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    if len(raw) == 2 * SEED_LENGTH and raw[SEED_LENGTH:] != public:
        raise KeyFormatError("The private key does not match the public key stored with it.")
    return key


def derive_private_key(secret: str, *, purpose: str) -> Ed25519PrivateKey:
    """Derive a key from an application secret with HKDF-SHA256, a distinct key per purpose.

    Meant for development: the same secret and purpose always give the same key, so credentials
    signed before a restart still verify.
    """
    hkdf = HKDF(
        algorithm=hashes.SHA256(),
        length=SEED_LENGTH,
        salt=b"broker-academy credential signing key",
        info=purpose.encode("utf-8"),
    )
    return private_key_from_seed(hkdf.derive(secret.encode("utf-8")))


def private_key_to_text(private_key: Ed25519PrivateKey) -> str:
    """Return the multibase text of ``private_key``'s seed (``z3u2...``), fit for a setting."""
    seed = private_key.private_bytes_raw()
    return "z" + base58.b58encode(PRIVATE_PREFIX + seed).decode("ascii")


def private_key_from_text(text: str) -> Ed25519PrivateKey:
    """Read a private key written by ``private_key_to_text``. Raises KeyFormatError."""
    return private_key_from_multibase(text.strip())


def _decode(text: str, prefix: bytes) -> bytes:
    """Return the key bytes of multibase base58btc ``text`` after checking the multicodec."""
    if not text.startswith("z"):
        raise KeyFormatError("A key must be multibase base58btc text starting with 'z'.")
    try:
        data = base58.b58decode(text[1:])
    except ValueError as error:
        raise KeyFormatError("A key must be multibase base58btc text.") from error
    if not data.startswith(prefix):
        raise KeyFormatError("The key is not of the expected Ed25519 kind.")
    return data[len(prefix) :]
