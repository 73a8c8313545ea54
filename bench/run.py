"""The portal's benchmark (`make bench`): production settings under gunicorn, loaded with wrk.

For each database (SQLite, then PostgreSQL on a throwaway cluster on port 55460):
migrate, load the demo content, seed 100 stories, load the index with the page cache off; seed
up to 10,000 stories; count SQL queries per view in-process; then load home, index, filtered
index, search, a story page, the Atom feed and a static file (WhiteNoise, the physical
reference) with the page cache off and on. With the cache on it also proves that a publish
and an unpublish, made by another process, show on the very next request in every worker.

Everything runs on 127.0.0.1 and stops by itself: each wrk run lasts --duration seconds.
Results: a markdown table on stdout and bench/results/<time>.{md,json} (gitignored).
The shared cache is Redis (redis-server on 127.0.0.1:6390, started here) when installed,
otherwise Django's FileBasedCache in a temporary directory; the results say which.
"""

import argparse
import datetime
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench.common import (
    PG_PORT,
    PYTHON,
    REDIS_PORT,
    RESULTS,
    ROOT,
    log,
    manage,
    script,
    start_postgres,
    start_redis,
    stop_postgres,
)

APP_PORT = 8765


# ---------------------------------------------------------------- servers


class Server:
    """gunicorn with 2 sync workers on production settings; stops on exit."""

    def __init__(self, env, workers):
        self.env, self.workers = env, workers

    def __enter__(self):
        self.proc = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "portal.wsgi", "--workers", str(self.workers)]
            + ["--bind", f"127.0.0.1:{APP_PORT}", "--log-level", "warning"],
            env=self.env,
            cwd=ROOT,
        )
        deadline = time.time() + 90
        while time.time() < deadline:
            try:
                # Both workers answer once before the load starts (imports, first render).
                for _ in range(self.workers * 2):
                    urllib.request.urlopen(f"http://127.0.0.1:{APP_PORT}/", timeout=30)
                return self
            except OSError:
                time.sleep(0.3)
        self.__exit__()
        raise RuntimeError("gunicorn did not start")

    def worker_pids(self):
        children = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children")
        return [int(p) for p in children.read_text().split()] if children.exists() else []

    def memory(self):
        """Peak (VmHWM) and current RSS of each worker, in MB."""
        result = []
        for pid in self.worker_pids():
            status = Path(f"/proc/{pid}/status").read_text()
            fields = dict(re.findall(r"^(VmHWM|VmRSS):\s+(\d+) kB", status, re.M))
            result.append({k: round(int(v) / 1024, 1) for k, v in fields.items()})
        return result

    def __exit__(self, *exc):
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()


# ---------------------------------------------------------------- load


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def to_ms(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return round(float(number) * UNITS[unit], 3)


def wrk(url, args):
    out = subprocess.run(
        ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}s"]
        + ["--latency", url],
        capture_output=True,
        text=True,
        check=True,
        timeout=args.duration + 60,
    ).stdout
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", out, re.M))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50_ms": to_ms(latency["50"]),
        "p99_ms": to_ms(latency["99"]),
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
        "non_2xx": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(1) if socket_errors else "",
    }


def fetch(path):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{APP_PORT}{path}", timeout=10) as r:
            return r.status, r.headers.get("X-Page-Cache", ""), r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("X-Page-Cache", ""), ""


def load_all(targets, args, server):
    rows = {}
    for name, path in targets.items():
        log(f"  wrk {name} {path}")
        rows[name] = wrk(f"http://127.0.0.1:{APP_PORT}{path}", args)
    return rows, server.memory()


def prove_invalidation(env, story_path, workers):
    """Publish and unpublish from another process; the very next requests must show it."""
    checks = {}
    for _ in range(workers * 3):
        fetch(story_path)  # fill the cache
    checks["cached_before"] = fetch(story_path)[1] == "hit"
    title = f"Tiêu đề đã sửa {secrets.token_hex(3)}"
    script(env, "bench.probe", "publish", story_path, title)
    seen = [fetch(story_path) for _ in range(workers * 3)]
    checks["publish_visible_on_next_request"] = all(title in body for _, _, body in seen)
    script(env, "bench.probe", "unpublish", story_path)
    seen = [fetch(story_path) for _ in range(workers * 3)]
    checks["unpublish_404_on_next_request"] = all(status == 404 for status, _, _ in seen)
    script(env, "bench.probe", "republish", story_path)
    checks["republished_200"] = fetch(story_path)[0] == 200
    return checks


# ---------------------------------------------------------------- the bench


def bench_database(name, database_url, base_env, args):
    env = {**base_env, "DATABASE_URL": database_url}
    log(f"{name}: migrate, demo content, {args.small} stories")
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo_content", "--force")
    script(env, "bench.seed", "--total", str(args.small))
    targets = {"static": base_env["BENCH_STATIC_PATH"]}
    index = "/dien-hinh-tien-tien/"
    result = {"database": name}

    off = {**env, "PAGE_CACHE_SECONDS": "0"}
    with Server(off, args.workers) as server:
        log(f"{name}: index with {args.small} stories, cache off")
        result["small"], _ = load_all({"index": index, **targets}, args, server)

    log(f"{name}: seeding up to {args.stories} stories")
    started = time.time()
    script(env, "bench.seed", "--total", str(args.stories))
    manage(env, "update_index")  # the public search reads Wagtail's index (issue #16)
    result["seed_seconds"] = round(time.time() - started, 1)
    story = json.loads(script(env, "bench.probe", "urls"))["story"]
    targets = {
        "home": "/",
        "index": index,
        "filtered": index + "?loai=mo-hinh-moi&doi-tuong=tap-the&nam=2024",
        "search": index + "?q=tro+giup+phap+ly",
        "story": story,
        "atom": index + "feed/atom/",
        **targets,
    }
    result["urls"] = targets
    queries = json.loads(script(env, "bench.probe", "queries", *targets.values()))
    result["queries"] = {name: queries[path] for name, path in targets.items()}

    for label, seconds in [("cache_off", "0"), ("cache_on", "600")]:
        with Server({**env, "PAGE_CACHE_SECONDS": seconds}, args.workers) as server:
            log(f"{name}: {args.stories} stories, {label}")
            result[label], result[f"{label}_memory"] = load_all(targets, args, server)
            if seconds != "0":
                result["invalidation"] = prove_invalidation(env, story, args.workers)
    return result


def evaluate(result):
    on, off, static_on, static_off = (
        result["cache_on"],
        result["cache_off"],
        result["cache_on"]["static"]["rps"],
        result["cache_off"]["static"]["rps"],
    )
    peak = max(w["VmHWM"] for key in ("cache_on_memory", "cache_off_memory") for w in result[key])
    story_queries = result["queries"]["story"]["cache_off"]
    ratio = off["index"]["p50_ms"] / result["small"]["index"]["p50_ms"]
    return {
        "cached story ≥ 90% of static rps": on["story"]["rps"] >= 0.9 * static_on,
        "cached index ≥ 90% of static rps": on["index"]["rps"] >= 0.9 * static_on,
        "publish/unpublish on next request": all(result["invalidation"].values()),
        "uncached story ≥ 7% of static rps": off["story"]["rps"] >= 0.07 * static_off,
        "uncached story ≤ 10 queries": story_queries <= 10,
        "index p50 10k ≤ 2× p50 100": ratio <= 2,
        "worker peak RSS < 250 MB": peak < 250,
        "_index_p50_ratio": round(ratio, 2),
        "_peak_rss_mb": peak,
    }


def markdown(results, meta):
    lines = [
        f"Measured {meta['date']} on {meta['machine']}; {meta['cache']} as the shared cache; "
        f"gunicorn {meta['workers']} sync workers; wrk -t{meta['threads']} "
        f"-c{meta['connections']} -d{meta['duration']}s per row.",
        "",
    ]
    for result in results:
        db, stories = result["database"], meta["stories"]
        lines += [
            f"### {db}, {stories} stories",
            "",
            "| URL | cache off req/s | p50 ms | p99 ms | cache on req/s | p50 ms | p99 ms "
            "| % of static (on) | SQL off | SQL on |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        static_on = result["cache_on"]["static"]["rps"]
        for name in result["urls"]:
            off, on, q = result["cache_off"][name], result["cache_on"][name], {}
            q = result["queries"].get(name, {})
            lines.append(
                f"| {name} | {off['rps']:.0f} | {off['p50_ms']} | {off['p99_ms']} "
                f"| {on['rps']:.0f} | {on['p50_ms']} | {on['p99_ms']} "
                f"| {100 * on['rps'] / static_on:.0f}% | {q.get('cache_off', '')} "
                f"| {q.get('cache_on', '')} |"
            )
        small = result["small"]
        lines += [
            "",
            f"Index with {meta['small']} stories, cache off: {small['index']['rps']:.0f} req/s, "
            f"p50 {small['index']['p50_ms']} ms (static {small['static']['rps']:.0f} req/s). "
            f"Seeding to {stories} took {result['seed_seconds']} s.",
            "",
            "| target | met |",
            "|---|---|",
        ]
        for target, met in result["targets"].items():
            if not target.startswith("_"):
                lines.append(f"| {target} | {'yes' if met else '**no**'} |")
        lines += [
            "",
            f"Index p50 ratio 10k/100: {result['targets']['_index_p50_ratio']}; worker peak RSS "
            f"{result['targets']['_peak_rss_mb']} MB; invalidation checks: "
            f"{result['invalidation']}; non-2xx responses: "
            + str(
                {
                    f"{label}:{name}": row["non_2xx"]
                    for label in ("cache_off", "cache_on")
                    for name, row in result[label].items()
                    if row["non_2xx"]
                }
                or "none"
            ),
            "",
        ]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description="Benchmark the portal (see bench/README.md).")
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--stories", type=int, default=10_000)
    parser.add_argument("--small", type=int, default=100)
    parser.add_argument("--databases", default="sqlite,postgres")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install -y wrk")

    tmp = Path(tempfile.mkdtemp(prefix="portal-bench-"))
    tmp.chmod(0o755)  # the postgres user must reach its data directory
    redis = start_redis()
    cache_url = f"redis://127.0.0.1:{REDIS_PORT}/0" if redis else f"file://{tmp / 'cache'}"
    base_env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "WAGTAILADMIN_BASE_URL": f"http://127.0.0.1:{APP_PORT}",
        "STATIC_ROOT": str(tmp / "static"),
        "MEDIA_ROOT": str(tmp / "media"),
        "CACHE_URL": cache_url,
        "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "LOG_LEVEL": "WARNING",
        "PYTHONWARNINGS": "ignore",
    }
    pg_data = None
    results = []
    try:
        # Before any load: wrk's client sockets in TIME_WAIT may otherwise hold port 55460.
        if "postgres" in args.databases:
            pg_data = start_postgres(tmp)
        log(f"collectstatic into {tmp / 'static'}; shared cache {cache_url}")
        manage(base_env, "collectstatic", "--noinput")
        manifest = json.loads((tmp / "static" / "staticfiles.json").read_text())
        base_env["BENCH_STATIC_PATH"] = "/static/" + manifest["paths"]["css/portal.css"]
        for db in args.databases.split(","):
            if db == "sqlite":
                url = f"sqlite:///{tmp / 'bench.sqlite3'}"
            else:
                url = f"postgres://postgres@127.0.0.1:{PG_PORT}/portal"
            if redis:
                subprocess.run(["redis-cli", "-p", str(REDIS_PORT), "FLUSHALL"], check=False)
            result = bench_database(db, url, base_env, args)
            result["targets"] = evaluate(result)
            results.append(result)
    finally:
        if pg_data:
            stop_postgres(pg_data)
        if redis:
            redis.terminate()
            redis.wait()
        shutil.rmtree(tmp, ignore_errors=True)

    meta = {
        "date": datetime.datetime.now().strftime("%Y-%m-%d %H:%M"),
        "machine": f"{os.cpu_count()} cores, {os.uname().machine}, Linux {os.uname().release}",
        "cache": "Redis (RedisCache)" if redis else "FileBasedCache",
        "workers": args.workers,
        "threads": args.threads,
        "connections": args.connections,
        "duration": args.duration,
        "stories": args.stories,
        "small": args.small,
    }
    table = markdown(results, meta)
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    (RESULTS / f"{stamp}.md").write_text(table + "\n")
    (RESULTS / f"{stamp}.json").write_text(
        json.dumps({"meta": meta, "results": results}, indent=2, ensure_ascii=False) + "\n"
    )
    print(table)
    log(f"written bench/results/{stamp}.md and .json")


if __name__ == "__main__":
    main()
