"""Benchmarks behind ``itembank bench …``: each prints figures and a same-run baseline to compare."""
