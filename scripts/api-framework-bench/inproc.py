"""CPU time per request inside one process, no network: the WSGI application with its full middleware.

Less disturbed by other load on the machine than req/s: process CPU time, not wall time, interleaved
rounds, the median of the rounds. inproc.py [requests per round] [rounds]
"""

import io
import os
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
from bench.wsgi import application  # noqa: E402

URLS = {
    "health": "/health/live",
    "plain_list": "/plain/interventies/?page=2",
    "ninja_list": "/ninja/interventies/?page=2",
    "drf_list": "/drf/interventies/?page=2",
    "plain_detail": "/plain/interventies/interventie-77/",
    "ninja_detail": "/ninja/interventies/interventie-77/",
    "drf_detail": "/drf/interventies/interventie-77/",
}


def environ(url):
    path, _, query = url.partition("?")
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8714",
        "HTTP_HOST": "127.0.0.1:8714",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
        "wsgi.version": (1, 0),
    }


def call(url):
    status = []
    body = b"".join(application(environ(url), lambda s, h, *a: status.append(s)))
    assert status[0].startswith("200"), (url, status)
    return body


def main():
    per_round = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 7
    for url in URLS.values():
        for _ in range(200):
            call(url)
    timings = {name: [] for name in URLS}
    for _ in range(rounds):
        for name, url in URLS.items():
            t0 = time.process_time()
            for _ in range(per_round):
                call(url)
            timings[name].append((time.process_time() - t0) / per_round * 1000)
    ms = {name: statistics.median(values) for name, values in timings.items()}
    least = {name: min(values) for name, values in timings.items()}
    print("| endpoint | CPU ms/req median | × health | × plain | CPU ms/req min | × plain |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, value in ms.items():
        plain = {"list": "plain_list", "detail": "plain_detail"}.get(name.split("_")[-1])
        versus = f"{value / ms[plain]:.2f}" if plain else "–"
        versus_min = f"{least[name] / least[plain]:.2f}" if plain else "–"
        print(f"| {name} | {value:.3f} | {value / ms['health']:.0f} | {versus} | {least[name]:.3f} | {versus_min} |")
    print("rounds (ms):", {name: [round(v, 3) for v in values] for name, values in timings.items()})


if __name__ == "__main__":
    main()
