"""Glossary terms of courses: what a word means to each sector, linked from lessons."""

from __future__ import annotations

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.models.base import Base
from lms.models.catalog import Course


class GlossaryTerm(Base):
    """A term of a course's glossary; replaced, not versioned, when the glossary file changes.

    ``meanings`` maps a sector's value to what the term means there; ``see_also`` holds the
    slugs of related terms of the same course.
    """

    __tablename__ = "lms_glossary_terms"
    __table_args__ = (UniqueConstraint("course_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("lms_courses.id", ondelete="CASCADE"))
    slug: Mapped[str] = mapped_column(String(80), index=True)
    term: Mapped[str] = mapped_column(String(120))
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    definition: Mapped[str] = mapped_column(Text)
    meanings: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    see_also: Mapped[list[str]] = mapped_column(JSON, default=list)

    course: Mapped[Course] = relationship()
