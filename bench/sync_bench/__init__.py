"""The sync benchmark's parts; ``bench/bench_sync.py`` runs them and says what each measures."""
