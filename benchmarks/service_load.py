#!/usr/bin/env python
"""Load on the HTTP service: latency p50/p95 and requests/s of ``POST /v1/check`` with 1 and 4
concurrent clients, a ~1,500-character document, the default model.

Starts ``python -m nlp.service`` on a free 127.0.0.1 port in a subprocess, waits for ``/health``,
sends a few warm-up requests, then ``--n`` requests per concurrency level (threads, one
``httpx.Client`` each), and stops the server.

  python benchmarks/service_load.py [--model models/default] [--n 300] [--clients 1 4]
"""
from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent


def document(length: int = 1500) -> str:
    """A real-looking 公文 of about ``length`` characters, from the bundled samples."""
    samples = sorted((ROOT / "samples").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in samples]
    base = max(texts, key=len) if texts else "关于做好防汛应急预案工作的通知\n各乡镇人民政府：\n请做好防汛工作。"
    title, _, body = base.partition("\n")
    out = title + "\n" + body
    while len(out) < length:
        out += "\n" + body
    return out[:length]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(model: str, port: int) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    cmd = [sys.executable, "-m", "nlp.service", "--host", "127.0.0.1", "--port", str(port), "--model", model,
           "--log-level", "warning"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited with {proc.returncode}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    proc.terminate()
    raise SystemExit("server did not answer /health within 120 s")


def run_level(url: str, text: str, n: int, clients: int) -> dict:
    latencies: list[float] = []
    failures = 0
    lock = threading.Lock()
    counter = iter(range(n))

    def worker():
        nonlocal failures
        with httpx.Client(timeout=30) as client:
            while True:
                with lock:
                    i = next(counter, None)
                if i is None:
                    return
                t0 = time.perf_counter()
                r = client.post(url, json={"id": f"load-{i}", "text": text})
                dt = time.perf_counter() - t0
                with lock:
                    if r.status_code == 200 and r.json().get("label"):
                        latencies.append(dt)
                    else:
                        failures += 1

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    lat = sorted(latencies)
    pick = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))] * 1000 if lat else float("nan")  # noqa: E731
    return {"clients": clients, "requests": n, "ok": len(lat), "failed": failures, "p50_ms": pick(0.50),
            "p95_ms": pick(0.95), "mean_ms": statistics.mean(lat) * 1000 if lat else float("nan"), "rps": len(lat) / wall}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default=str(ROOT / "models" / "default"))
    ap.add_argument("--n", type=int, default=300, help="requests per concurrency level")
    ap.add_argument("--clients", type=int, nargs="+", default=[1, 4])
    ap.add_argument("--chars", type=int, default=1500)
    args = ap.parse_args()

    text = document(args.chars)
    port = free_port()
    t0 = time.perf_counter()
    proc = start_server(args.model, port)
    print(f"server up in {time.perf_counter() - t0:.1f} s (model {args.model}); document {len(text)} chars; "
          f"{args.n} requests per level; {os.cpu_count()} CPUs")
    url = f"http://127.0.0.1:{port}/v1/check"
    try:
        run_level(url, text, 10, 1)  # warm-up
        print(f"{'clients':>7} {'ok':>5} {'failed':>6} {'p50 ms':>8} {'p95 ms':>8} {'mean ms':>8} {'req/s':>7}")
        for c in args.clients:
            r = run_level(url, text, args.n, c)
            print(f"{r['clients']:>7} {r['ok']:>5} {r['failed']:>6} {r['p50_ms']:>8.1f} {r['p95_ms']:>8.1f} "
                  f"{r['mean_ms']:>8.1f} {r['rps']:>7.1f}")
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
