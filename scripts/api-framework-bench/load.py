"""A small ab stand-in (ab is not installed): load.py URL N C [PID] -> JSON with rps, p50, p95 (ms).

C worker processes (not threads: no GIL between them), each sending its share of N requests one after
another over a fresh connection (gunicorn's sync worker closes each), like `ab -n N -c C`. Latency is
from connect to the last byte. Any answer that is not 200, or whose length differs, counts as failed.
"""

import json
import multiprocessing as mp
import os
import socket
import sys
import time
from urllib.parse import urlsplit


def cpu_seconds(pid):
    """User + system CPU time of a process (the gunicorn worker), from /proc."""
    if not pid:
        return 0.0
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def worker(host, port, raw, count, start, queue):
    start.wait()
    times, failed, lengths = [], 0, set()
    t_first = time.perf_counter()
    for _ in range(count):
        t0 = time.perf_counter()
        with socket.create_connection((host, port)) as sock:
            sock.sendall(raw)
            chunks = []
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        times.append(time.perf_counter() - t0)
        data = b"".join(chunks)
        if not data.startswith(b"HTTP/1.1 200"):
            failed += 1
        lengths.add(len(data) - len(data.split(b"\r\n\r\n", 1)[0]))
    queue.put((t_first, time.perf_counter(), times, failed, sorted(lengths)))


def main():
    url, n, c = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    pid = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    parts = urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    raw = f"GET {target} HTTP/1.1\r\nHost: {parts.netloc}\r\nConnection: close\r\n\r\n".encode()
    start, queue = mp.Event(), mp.Queue()
    shares = [n // c + (1 if i < n % c else 0) for i in range(c)]
    procs = [mp.Process(target=worker, args=(parts.hostname, parts.port, raw, share, start, queue)) for share in shares]
    for proc in procs:
        proc.start()
    time.sleep(0.2)
    cpu_before = cpu_seconds(pid)
    start.set()
    results = [queue.get() for _ in procs]
    server_cpu = cpu_seconds(pid) - cpu_before
    for proc in procs:
        proc.join()
    began = min(r[0] for r in results)
    ended = max(r[1] for r in results)
    times = sorted(t for r in results for t in r[2])
    failed = sum(r[3] for r in results)
    lengths = sorted({length for r in results for length in r[4]})

    def pct(p):
        return times[min(len(times) - 1, int(round(p / 100 * len(times))) - 1)] * 1000

    print(
        json.dumps(
            {
                "url": url,
                "n": len(times),
                "c": c,
                "rps": len(times) / (ended - began),
                "p50": pct(50),
                "p95": pct(95),
                "max": times[-1] * 1000,
                "server_cpu_ms": server_cpu * 1000 / len(times) if pid else None,
                "failed": failed,
                "body_lengths": lengths,
            }
        )
    )


if __name__ == "__main__":
    main()
