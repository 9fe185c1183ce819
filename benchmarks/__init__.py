"""Benchmarks: a synthetic manual and a runner comparing our pipeline with the stock path."""
