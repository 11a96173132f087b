"""Offline JSON-LD: the contexts a credential names are served from files, never fetched.

A verifier that fetched contexts would let whoever controls those URLs change what a signed
credential means, and would fail whenever the network does; so every context is bundled (or, in
tests, read from a folder with a ``url-map.json``) and an unknown URL is an error.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from pyld import jsonld

VC_V2_CONTEXT = "https://www.w3.org/ns/credentials/v2"
VC_V1_CONTEXT = "https://www.w3.org/2018/credentials/v1"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"

CONTEXTS_DIR = Path(__file__).resolve().parent / "contexts"
BUNDLED: Mapping[str, Path] = {
    VC_V2_CONTEXT: CONTEXTS_DIR / "credentials-v2.jsonld",
    OB_CONTEXT: CONTEXTS_DIR / "ob-v3p0-3.0.3.json",
}

DocumentLoader = Callable[[str, dict[str, Any]], dict[str, Any]]


class LinkedDataError(Exception):
    """A document could not be processed as JSON-LD (unknown context, malformed data)."""


class UnknownContextError(LinkedDataError):
    """A context URL is neither bundled nor in the extra URL map."""


def document_loader(extra_url_map: Path | None = None) -> DocumentLoader:
    """Return a pyld document loader for the bundled contexts and, optionally, more of them.

    ``extra_url_map`` is a ``url-map.json`` file mapping each URL to a file name in its folder.
    The bundled contexts win over the extra ones. Raises UnknownContextError for any other URL.
    """
    files = dict(BUNDLED)
    if extra_url_map is not None:
        url_map: dict[str, str] = json.loads(extra_url_map.read_text(encoding="utf-8"))
        for url, name in url_map.items():
            files.setdefault(url, extra_url_map.parent / name)
    documents: dict[str, Any] = {}

    def load(url: str, options: dict[str, Any]) -> dict[str, Any]:
        path = files.get(url)
        if path is None:
            raise UnknownContextError(f"The JSON-LD context {url} is not available offline.")
        if url not in documents:
            documents[url] = json.loads(path.read_text(encoding="utf-8"))
        return {
            "contextUrl": None,
            "documentUrl": url,
            "contentType": "application/ld+json",
            "document": documents[url],
        }

    return load


def canonize(document: Mapping[str, Any], loader: DocumentLoader) -> str:
    """Return the RDFC-1.0 canonical N-Quads of ``document``. Raises LinkedDataError."""
    options = {
        "algorithm": "URDNA2015",
        "format": "application/n-quads",
        "documentLoader": loader,
        "safe": True,
    }
    try:
        result = jsonld.normalize(dict(document), options)
    except jsonld.JsonLdError as error:
        raise LinkedDataError(_reason(error)) from error
    return str(result)


def _reason(error: BaseException) -> str:
    """Return the innermost readable message of a pyld error chain."""
    while True:
        cause = getattr(error, "cause", None) or error.__cause__
        if isinstance(cause, LinkedDataError):
            return str(cause)
        if not isinstance(cause, BaseException):
            return str(getattr(error, "message", None) or error).splitlines()[0]
        error = cause
