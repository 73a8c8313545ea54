"""Soak test: many concurrent readers on the story index of a real server, and zero errors.

    python -m bench.soak                      # 50 clients for 60 s on a fresh gunicorn
    python -m bench.soak --clients 20 --seconds 10
    python -m bench.soak --url http://127.0.0.1:8000   # against a server you started yourself

Without --url it builds a throwaway site in a temporary folder (SQLite database, migrate,
demo content, collectstatic), starts gunicorn on 127.0.0.1 with the production settings (SSL
redirect off, since there is no proxy) and stops it afterwards. Each client loops over index
URLs (plain, filtered, searched, paged, and some deliberately bad filters, which must answer
400 with the friendly page) and the feeds. An error is a 5xx, an unexpected status or a
failed connection. Not part of the test suite; exits non-zero when there was any error.
"""

import argparse
import os
import random
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

from bench.common import ROOT, free_port

INDEX = "/dien-hinh-tien-tien/"

# (path, expected status)
REQUESTS = [
    (INDEX, 200),
    (f"{INDEX}?loai=dien-hinh-tien-tien", 200),
    (f"{INDEX}?loai=mo-hinh-moi&doi-tuong=tap-the", 200),
    (f"{INDEX}?q=tr%E1%BB%A3+gi%C3%BAp+ph%C3%A1p+l%C3%BD", 200),  # "trợ giúp pháp lý"
    (f"{INDEX}?q=hoa+giai", 200),
    (f"{INDEX}?nam=2026&quy=1", 200),
    (f"{INDEX}?trang=2", 200),
    (f"{INDEX}?quy=9", 400),
    (f"{INDEX}?nam=%C2%B2", 400),  # "²"
    (f"{INDEX}?don-vi=khong-co&q=%00", 400),
    (f"{INDEX}feed/atom/", 200),
    (f"{INDEX}feed/json/?loai=nhan-to-moi", 200),
]


def start_server(workdir, workers, threads):
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "WAGTAILADMIN_BASE_URL": f"http://127.0.0.1:{port}",
        "DATABASE_URL": f"sqlite:///{workdir / 'soak.sqlite3'}",
        "STATIC_ROOT": str(workdir / "static"),
        "MEDIA_ROOT": str(workdir / "media"),
        "SECURE_SSL_REDIRECT": "false",
        "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "LOG_LEVEL": "WARNING",
    }
    manage = [sys.executable, "manage.py"]
    for args in (
        ["migrate", "--noinput"],
        ["load_demo_content", "--force"],
        ["collectstatic", "--noinput"],
    ):
        print("setting up:", " ".join(args), flush=True)
        subprocess.run(manage + args, cwd=ROOT, env=env, check=True, capture_output=True)
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [
            str(gunicorn),
            "portal.wsgi",
            f"--bind=127.0.0.1:{port}",
            f"--workers={workers}",
            f"--threads={threads}",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env=env,
        # The server's log (a warning per 400, a traceback per 500) goes to a file, read later.
        stdout=(workdir / "server.log").open("w"),
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            # Warm every worker up (the first request of each imports and compiles a lot).
            for _ in range(workers * 2):
                urllib.request.urlopen(base + INDEX, timeout=20).read()
            return server, base
        except OSError:  # refused while booting, or a timeout
            time.sleep(0.5)
    stop_server(server)
    raise SystemExit("gunicorn did not come up")


def stop_server(server):
    server.send_signal(signal.SIGINT)  # gunicorn's quick shutdown (TERM waits for requests)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies = []
        self.statuses = Counter()
        self.errors = Counter()

    def record(self, latency, status, error=None):
        with self.lock:
            self.latencies.append(latency)
            self.statuses[status] += 1
            if error:
                self.errors[error] += 1


def client(base, deadline, results, seed):
    rng = random.Random(seed)
    while time.monotonic() < deadline:
        path, expected = rng.choice(REQUESTS)
        started = time.monotonic()
        try:
            with urllib.request.urlopen(base + path, timeout=30) as response:
                response.read()
                status = response.status
        except urllib.error.HTTPError as exc:
            exc.read()
            status = exc.code
        except (OSError, urllib.error.URLError) as exc:
            results.record(time.monotonic() - started, "connection", type(exc).__name__)
            continue
        error = None if status == expected else f"{path} → {status} (expected {expected})"
        results.record(time.monotonic() - started, status, error)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--url", help="an already running server; none: start gunicorn")
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 2) * 2)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()

    server = workdir = None
    try:
        if args.url:
            base = args.url.rstrip("/")
        else:
            workdir = Path(tempfile.mkdtemp(prefix="soak-"))
            server, base = start_server(workdir, args.workers, args.threads)
            print(f"gunicorn: {args.workers} workers × {args.threads} threads at {base}")
        results = Results()
        deadline = time.monotonic() + args.seconds
        threads = [
            threading.Thread(target=client, args=(base, deadline, results, n), daemon=True)
            for n in range(args.clients)
        ]
        print(f"{args.clients} clients for {args.seconds:g} s …", flush=True)
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
    finally:
        if server:
            stop_server(server)
        server_errors = 0
        if workdir:
            log = (workdir / "server.log").read_text(errors="replace")
            server_errors = log.count("Internal Server Error") + log.count("Traceback")
            shutil.rmtree(workdir, ignore_errors=True)

    latencies = sorted(results.latencies)
    total = len(latencies)
    errors = sum(results.errors.values())
    print(f"requests: {total} in {elapsed:.1f} s ({total / elapsed:.1f}/s)")
    print("statuses:", dict(sorted(results.statuses.items(), key=str)))
    if total:
        pct = statistics.quantiles(latencies, n=100)
        print(
            f"latency: median {pct[49] * 1000:.0f} ms, p95 {pct[94] * 1000:.0f} ms, "
            f"p99 {pct[98] * 1000:.0f} ms, max {latencies[-1] * 1000:.0f} ms"
        )
    print(f"errors: {errors}")
    if not args.url:
        print(f"server log: {server_errors} tracebacks / Internal Server Errors")
        errors += server_errors
    for error, count in results.errors.most_common(10):
        print(f"  {count} × {error}")
    return 1 if errors or not total else 0


if __name__ == "__main__":
    sys.exit(main())
