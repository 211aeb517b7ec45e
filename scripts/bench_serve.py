"""Requests per second of `make serve`'s gunicorn on loopback: cached pages against /health/live.

Starts gunicorn with deploy/gunicorn.conf.py on a free loopback port, using the
database and cache the environment names (default: a scratch SQLite database,
seeded, and the embedded caches), warms the pages, then runs ApacheBench (ab,
Debian's apache2-utils) against each path in turn and prints a table with each
page's ratio to /health/live, the framework's floor, measured in the same run.

    make bench-serve                      # or: .venv/bin/python scripts/bench_serve.py --requests 5000
"""

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
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


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=3000, help="requests per path (default 3000)")
    parser.add_argument("--concurrency", type=int, default=16, help="clients at once (default 16)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers, WEB_CONCURRENCY (default 2)")
    args = parser.parse_args()
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
