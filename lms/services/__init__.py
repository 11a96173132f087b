"""Business rules of the academy; plain Python over a SQLAlchemy session, no Flask."""
