"""Synchronisation with gridcenter.

``protocol`` holds the pure wire types and the merge rules shared with the server; everything
else here is the headless client engine (HTTP, credentials, push/pull/blobs; the modules and
what each does: docs/sync-engine.md). No Qt.
"""
