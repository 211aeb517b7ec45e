"""Requests per second of `make serve`'s gunicorn on loopback: cached pages against /health/live.

Starts gunicorn with deploy/gunicorn.conf.py on a free loopback port, using the
database and cache the environment names (default: a scratch SQLite database,
seeded, and the embedded caches), warms the pages, then runs ApacheBench (ab,
Debian's apache2-utils) against each path in turn and prints a table with each
page's ratio to /health/live, the framework's floor, measured in the same run.

    make bench-serve                      # or: .venv/bin/python scripts/bench_serve.py --requests 5000

With --two-instances SECONDS it starts two such servers on two loopback ports
instead, sharing the PostgreSQL database (DATABASE_URL) and the Redis
(DJANGO_CACHE_URL) the environment names, and sends 32 clients (--clients) for
that long at a realistic mix of pages (filtered lists, details, search, static
files), each client alternating between the servers. It prints the requests,
failures, requests per second and latencies; any failed request fails the run.
"""

import argparse
import http.client
import itertools
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PATHS = [
    "/health/live",
    "/interventies/",
    "/interventies/?thema=talentontwikkeling",
    "/interventies/g-town/",
    "/lessen/3/",
]


# The two-instance mix: what visitors ask for, static files included.
MIX = [
    "/interventies/",
    "/interventies/?thema=talentontwikkeling",
    "/interventies/?provincie=groningen&sorteer=titel",
    "/interventies/?soort=interventie&regio=noord-nederland",
    "/interventies/?q=ouders",
    "/interventies/g-town/",
    "/interventies/social-worker-in-het-primair-onderwijs/",
    "/zoeken/?q=taal",
    "/lessen/3/",
    "/cijfers/",
    "/kaart/",
    "/static/css/portal.css",
]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def requests_per_second(url, requests, concurrency):
    result = subprocess.run(
        ["ab", "-q", "-k", "-n", str(requests), "-c", str(concurrency), url],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    failed = int(re.search(r"Failed requests:\s+(\d+)", result.stdout).group(1))
    non_2xx = re.search(r"Non-2xx responses:\s+(\d+)", result.stdout)
    if failed or non_2xx:
        raise SystemExit(f"{url}: {failed} failed, {non_2xx.group(1) if non_2xx else 0} not 2xx\n{result.stdout}")
    return float(re.search(r"Requests per second:\s+([\d.]+)", result.stdout).group(1))


def start_server(env, port, workers):
    server = subprocess.Popen(
        [Path(sys.executable).with_name("gunicorn"), "--config", "deploy/gunicorn.conf.py"],
        cwd=ROOT,
        env={**env, "PORT": str(port), "WEB_CONCURRENCY": str(workers)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(150):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health/ready", timeout=2).close()
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit(f"gunicorn on port {port} did not become ready")


def load(ports, seconds, clients):
    """`clients` threads, each with a keep-alive connection per server, for `seconds`: (latencies, failures)."""
    deadline = time.monotonic() + seconds
    latencies, failures, lock = [], [], threading.Lock()

    def client(n):
        connections = [http.client.HTTPConnection("127.0.0.1", port, timeout=30) for port in ports]
        mine, errors = [], []
        for i in itertools.count(n):
            if time.monotonic() >= deadline:
                break
            connection, path = connections[i % len(ports)], MIX[i % len(MIX)]
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers={"Host": "127.0.0.1"})
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    errors.append(f"{path}: {response.status}")
            except (OSError, http.client.HTTPException) as error:
                errors.append(f"{path}: {error!r}")
                connection.close()
            mine.append((time.perf_counter() - started) * 1000)
        with lock:
            latencies.extend(mine)
            failures.extend(errors)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, failures


def two_instances(args):
    for name in ("DATABASE_URL", "DJANGO_CACHE_URL"):
        if not os.environ.get(name):
            raise SystemExit(f"--two-instances shares one PostgreSQL and one Redis: set {name}.")
    scratch = Path(tempfile.mkdtemp(prefix="gka-bench-two-"))
    env = {
        **os.environ,
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY", "bench-serve-only"),
        "DJANGO_DEBUG": "0",
        "DJANGO_SECURE_SSL": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_STATIC_ROOT": str(scratch / "static"),
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    for command in (["migrate", "--noinput"], ["seed_portal"], ["collectstatic", "--noinput"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True)
    ports = [free_port(), free_port()]
    servers = [start_server(env, port, args.workers) for port in ports]
    try:
        started = time.monotonic()
        latencies, failures = load(ports, args.two_instances, args.clients)
        elapsed = time.monotonic() - started
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(scratch, ignore_errors=True)
    ordered = sorted(latencies)
    print(
        f"two gunicorns x {args.workers} workers on ports {ports[0]} and {ports[1]}, one PostgreSQL, one Redis; "
        f"{args.clients} clients for {elapsed:.0f} s over {len(MIX)} paths"
    )
    print(f"requests {len(latencies):,}  failed {len(failures)}  req/s {len(latencies) / elapsed:,.0f}")
    print(
        f"latency ms: p50 {statistics.median(ordered):.1f}  p95 {ordered[int(len(ordered) * 0.95)]:.1f}  "
        f"max {ordered[-1]:.1f}"
    )
    if failures:
        raise SystemExit("failed requests:\n" + "\n".join(failures[:20]))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=3000, help="requests per path (default 3000)")
    parser.add_argument("--concurrency", type=int, default=16, help="clients at once (default 16)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers, WEB_CONCURRENCY (default 2)")
    parser.add_argument(
        "--two-instances", type=int, metavar="SECONDS", help="two servers on PostgreSQL and Redis, for this long"
    )
    parser.add_argument("--clients", type=int, default=32, help="with --two-instances: clients at once (default 32)")
    args = parser.parse_args()
    if args.two_instances:
        return two_instances(args)
    if not shutil.which("ab"):
        raise SystemExit("ab is missing: install Debian's apache2-utils (make bench-serve does).")

    scratch = Path(tempfile.mkdtemp(prefix="gka-bench-serve-"))
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite:///{scratch / 'db.sqlite3'}"),
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY", "bench-serve-only"),
        "DJANGO_DEBUG": "0",
        "DJANGO_SECURE_SSL": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_STATIC_ROOT": str(scratch / "static"),
        "DJANGO_LOG_LEVEL": "WARNING",
        "PORT": str(port),
        "WEB_CONCURRENCY": str(args.workers),
    }
    python = sys.executable
    for command in (["migrate", "--noinput"], ["seed_portal"], ["collectstatic", "--noinput"]):
        subprocess.run([python, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True)
    server = subprocess.Popen(
        [Path(python).with_name("gunicorn"), "--config", "deploy/gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/health/ready", timeout=2).close()
                break
            except OSError:
                time.sleep(0.2)
        for path in PATHS:  # warm every worker's page cache
            for _ in range(args.workers * 4):
                urllib.request.urlopen(base + path, timeout=10).close()
        rates = {path: requests_per_second(base + path, args.requests, args.concurrency) for path in PATHS}
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(scratch, ignore_errors=True)
    floor = rates["/health/live"]
    print(
        f"gunicorn, {args.workers} workers; ab -k -n {args.requests} -c {args.concurrency}; {env['DATABASE_URL'][:8]}…"
    )
    print(f"{'path':<34} {'req/s':>8} {'of /health/live':>16}")
    for path, rate in rates.items():
        print(f"{path:<34} {rate:>8.0f} {rate / floor:>15.0%}")


if __name__ == "__main__":
    main()
