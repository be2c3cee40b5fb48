"""Local storage: SQLAlchemy models, database set-up and migrations, the change journal,
repositories and the photo store. The only package that speaks SQL."""
