"""Synthetic data for the demo, the tests and the benchmarks; not part of any domain context."""
