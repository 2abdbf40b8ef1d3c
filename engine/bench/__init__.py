"""Benchmarks behind ``itembank bench …``: each prints figures and a same-run baseline to compare."""


def latency_percentile(values: list[float], q: float) -> float:
    """The sample at fraction ``q`` (0..1) of the sorted values — the convention every ``itembank bench``
    figure uses, so P95s of different benches compare."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]
