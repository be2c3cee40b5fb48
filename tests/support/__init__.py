"""Test support shared across test packages: a real gridcenter process, a private PostgreSQL,
a fault-injecting TCP proxy and a fake keyring. Import as ``support.<module>``."""
