"""Use cases the UI, the CLI and scripts call. One transaction per use case."""
