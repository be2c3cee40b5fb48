"""Benchmarks: each module prints figures and never passes or fails on time."""
