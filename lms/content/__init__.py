"""Course content in and out of files: schemas, loading, Markdown, sync."""
