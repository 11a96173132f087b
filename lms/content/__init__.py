"""Course content in and out of files: schemas, loading, Markdown, sync."""

from __future__ import annotations
