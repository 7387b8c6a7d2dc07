"""Shared by the peer benchmarks: closed-loop timing, percentiles and the JSON result line."""
import json
import time


def percentile(sorted_values, q):
    """The value at or below which q of the samples lie (nearest rank)."""
    if not sorted_values:
        return 0.0
    rank = max(1, int(-(-q * len(sorted_values) // 1)))
    return sorted_values[min(rank, len(sorted_values)) - 1]


class Recorder:
    """Latencies (µs) and errors of calls that start after warm-up and end before the deadline."""

    def __init__(self, warmup, duration):
        self.start = time.perf_counter()
        self.measure_from = self.start + warmup
        self.measure_to = self.measure_from + duration
        self.duration = duration
        self.latencies = []
        self.errors = 0

    def running(self):
        return time.perf_counter() < self.measure_to

    def record(self, began, ended, ok=True):
        if began >= self.measure_from and ended <= self.measure_to:
            if ok:
                self.latencies.append((ended - began) * 1e6)
            else:
                self.errors += 1

    def result(self, **fields):
        lat = sorted(self.latencies)
        out = dict(fields)
        out.update(seconds=self.duration, completed=len(lat), errors=self.errors,
                   per_second=round(len(lat) / self.duration, 1),
                   p50_us=round(percentile(lat, 0.50)), p90_us=round(percentile(lat, 0.90)),
                   p99_us=round(percentile(lat, 0.99)), max_us=round(lat[-1]) if lat else 0)
        return out


def emit(result):
    print(json.dumps(result), flush=True)
