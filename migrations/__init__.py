"""Alembic environment and revisions of the LMS schema."""
