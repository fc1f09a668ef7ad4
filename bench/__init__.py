"""Benchmarks; `python -m bench [name]` runs them and writes docs/benchmarks.md."""
