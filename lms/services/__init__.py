"""Business rules of the academy; plain Python over a SQLAlchemy session, no Flask."""

from __future__ import annotations
