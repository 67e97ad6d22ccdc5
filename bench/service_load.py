"""Service latency and a bounded load test over real HTTP on loopback (issue 15). Prints numbers; asserts nothing.

Usage: python bench/service_load.py [--workers 2] [--clients 4] [--seconds 20] [--repeat 20]

1. Starts ``python cli.py serve`` on a free loopback port with a token and waits until every worker is ready.
2. Per-upload latency, one client at a time: p50/p95 of ``POST /v1/scan`` for a ~2 KB and a ~200 KB draft
   (multipart ``file``, a .txt holding names, IDs and phones), ``--repeat`` requests each.
3. Load: ``--clients`` threads post the 2 KB draft for ``--seconds`` seconds (the run stops by itself); prints
   requests, errors (non-200 or transport errors), throughput and p50/p95/max latency.
The drafts are generated here from invented text with checksum-valid fictional IDs.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
TOKEN = "bench-token"


def make_draft(target_bytes: int) -> bytes:
    """A 公示-style draft of about ``target_bytes`` UTF-8 bytes, every row a different fictional person."""
    from recognizers.cn_resident_id import calc_check_char

    head = "关于2025年度临时救助对象的公示\n\n根据有关规定，现将救助对象公示如下：\n序号\t姓名\t身份证号\t联系电话\t救助金额\n"
    rows, i = [head], 0
    size = len(head.encode())
    surnames, given = "王李张刘陈杨赵黄周吴", "建国晓明秀英志强桂兰玉梅海燕文华"
    while size < target_bytes:
        first17 = f"620602{1950 + i % 50}{i % 12 + 1:02d}{i % 28 + 1:02d}{i % 900 + 100:03d}"
        row = (f"{i + 1}\t{surnames[i % 10]}{given[i % 16]}{given[(i * 7) % 16]}\t{first17}{calc_check_char(first17)}"
               f"\t139{i % 10**8:08d}\t{300 + i % 900}元\n")
        rows.append(row)
        size += len(row.encode())
        i += 1
    rows.append("公示期为7个工作日。监督电话：0931-8123456。\n")
    return "".join(rows).encode()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Service:
    """``python cli.py serve`` on loopback, stopped on exit (a context manager)."""

    def __init__(self, workers: int) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.workers = workers
        self.log = tempfile.TemporaryFile()
        env = {**os.environ, "PYTHONPATH": str(ROOT), "SCREENING_API_TOKEN": TOKEN,
               "SCREENING_FINGERPRINT_KEY": "bench-fingerprint-key"}
        self.proc = subprocess.Popen([sys.executable, "cli.py", "serve", "--port", str(self.port), "--workers",
                                      str(workers)], cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)

    def __enter__(self) -> Service:
        import httpx

        t0 = time.monotonic()
        while time.monotonic() - t0 < 300:
            if self.proc.poll() is not None:
                self.log.seek(0)
                raise RuntimeError(f"server exited: {self.log.read().decode(errors='replace')[-2000:]}")
            try:
                r = httpx.get(self.url + "/v1/health", timeout=5)
                if r.status_code == 200 and r.json().get("workers", 0) >= self.workers:
                    self.ready_s = time.monotonic() - t0
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        raise RuntimeError("server did not become ready in 300 s")

    def __exit__(self, *exc: object) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (``p`` in 0..100) of a non-empty list."""
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


@dataclass
class LoadResult:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0

    @property
    def requests(self) -> int:
        return len(self.latencies) + self.errors

    def summary(self) -> str:
        if not self.latencies:
            return f"requests {self.requests}, errors {self.errors}, no successful request"
        lat = self.latencies
        return (f"requests {self.requests}, errors {self.errors}, throughput {len(lat) / self.seconds:.2f}/s, "
                f"p50 {percentile(lat, 50) * 1000:.0f} ms, p95 {percentile(lat, 95) * 1000:.0f} ms, "
                f"max {max(lat) * 1000:.0f} ms")


def post_scan(client, name: str, payload: bytes) -> float:  # type: ignore[no-untyped-def]
    """One upload; returns its latency in seconds, raises on a non-200 answer."""
    t0 = time.perf_counter()
    r = client.post("/v1/scan", files={"file": (name, payload)})
    if r.status_code != 200:
        raise RuntimeError(f"HTTP {r.status_code}: {r.text[:200]}")
    return time.perf_counter() - t0


def sequential(url: str, name: str, payload: bytes, repeat: int) -> LoadResult:
    import httpx

    out = LoadResult()
    t0 = time.perf_counter()
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=300) as client:
        post_scan(client, name, payload)  # warm-up: every worker has built its screener already
        for _ in range(repeat):
            try:
                out.latencies.append(post_scan(client, name, payload))
            except Exception:  # noqa: BLE001 - counted, the run goes on
                out.errors += 1
    out.seconds = time.perf_counter() - t0
    return out


def load(url: str, name: str, payload: bytes, clients: int, seconds: float) -> LoadResult:
    """``clients`` threads post ``payload`` until ``seconds`` have passed (then each finishes its request)."""
    import httpx

    out = LoadResult()
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client_loop() -> None:
        with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=300) as client:
            while time.monotonic() < stop_at:
                try:
                    lat = post_scan(client, name, payload)
                    with lock:
                        out.latencies.append(lat)
                except Exception:  # noqa: BLE001 - counted, the run goes on
                    with lock:
                        out.errors += 1

    t0 = time.perf_counter()
    threads = [threading.Thread(target=client_loop, daemon=True) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + 600)
    out.seconds = time.perf_counter() - t0
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--seconds", type=float, default=20)
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()
    small, big = make_draft(2_000), make_draft(200_000)
    with Service(args.workers) as svc:
        print(f"service: {args.workers} workers, ready in {svc.ready_s:.1f} s, {svc.url}")
        for label, payload in (("2 KB", small), ("200 KB", big)):
            r = sequential(svc.url, "草稿.txt", payload, args.repeat)
            lat = r.latencies or [float("nan")]
            print(f"one client, {label} draft ({len(payload):,} bytes), {args.repeat} uploads: "
                  f"p50 {percentile(lat, 50) * 1000:.0f} ms, p95 {percentile(lat, 95) * 1000:.0f} ms, "
                  f"mean {statistics.mean(lat) * 1000:.0f} ms, errors {r.errors}")
        r = load(svc.url, "草稿.txt", small, args.clients, args.seconds)
        print(f"load: {args.clients} clients x {args.seconds:.0f} s, 2 KB draft: {r.summary()}")


if __name__ == "__main__":
    main()
