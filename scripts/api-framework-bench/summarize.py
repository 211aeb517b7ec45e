"""Medians over the runs: req/s, p50/p95 latency (ms), the worker's CPU ms per request, and cost ratios.

A cost ratio is reference req/s divided by this endpoint's req/s in the same run (2.0 = half as many
requests per second as the reference); the table shows the median of the per-run ratios.
"""

import json
import statistics
import sys
from pathlib import Path

out, runs = Path(sys.argv[1]), int(sys.argv[2])
LABELS = {
    "health": "`/health/live` (first middleware)",
    "plain_list": "list, plain `JsonResponse`",
    "ninja_list": "list, django-ninja",
    "drf_list": "list, DRF `ListAPIView`",
    "plain_detail": "detail, plain `JsonResponse`",
    "ninja_detail": "detail, django-ninja",
    "drf_detail": "detail, DRF `RetrieveAPIView`",
}
data = {}
for name in LABELS:
    data[name] = [json.loads((out / f"{name}.{run}.json").read_text()) for run in range(1, runs + 1)]
    for run, result in enumerate(data[name], 1):
        if result["failed"] or len(result["body_lengths"]) != 1:
            sys.exit(f"{name} run {run}: {result['failed']} failed, body lengths {result['body_lengths']}")


def median(name, key):
    return statistics.median(result[key] for result in data[name])


def ratio(reference, name):
    return statistics.median(data[reference][r]["rps"] / data[name][r]["rps"] for r in range(runs))


print("| endpoint | req/s | p50 ms | p95 ms | cost × health | cost × plain | worker CPU ms/req | CPU × plain |")
print("|---|---:|---:|---:|---:|---:|---:|---:|")
for name, label in LABELS.items():
    plain = {"list": "plain_list", "detail": "plain_detail"}.get(name.split("_")[-1])
    print(
        f"| {label} | {median(name, 'rps'):,.0f} | {median(name, 'p50'):.1f} | {median(name, 'p95'):.1f} "
        f"| {ratio('health', name):.1f} | "
        + (f"{ratio(plain, name):.2f}" if plain else "–")
        + f" | {median(name, 'server_cpu_ms'):.2f} | "
        + (f"{median(name, 'server_cpu_ms') / median(plain, 'server_cpu_ms'):.2f}" if plain else "–")
        + " |"
    )
print()
print("req/s per run:", {name: [round(r["rps"]) for r in results] for name, results in data.items()})
