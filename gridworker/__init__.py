"""gridworker: offline-first desktop client for community grid workers (网格员)."""

__version__ = "0.1.0"
