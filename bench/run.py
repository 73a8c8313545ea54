"""The portal's benchmark (`make bench`): production settings, gunicorn alone and Varnish in front.

First nginx serves a static file: the physical reference (what this machine can serve). Then,
for each database (SQLite, then PostgreSQL on a throwaway cluster on port 55460): migrate, load
the demo content, bulk-seed 10,000 stories (with what publishing writes: their related stories
and listing values); count SQL queries per view in-process; load home, index, filtered index,
search, a story page, the Atom feed and a static file (WhiteNoise) from gunicorn alone
(uncached rows), then through Varnish with the repository's VCL (cached rows); prove through
Varnish that a publish and an unpublish made by another process show on the very next request
and count how many of `--others` other stories' cached pages are still hits after the publish;
finally seed up to `--large` (100,000) stories and load the index and filtered index again
(growth, uncached). The in-app page cache is off throughout (Varnish replaces it).

Everything runs on 127.0.0.1 and stops by itself: each wrk run lasts --duration seconds.
`--workdir DIR` keeps the SQLite databases (10k and 100k) and static files for the next run.
Results: a markdown table on stdout and bench/results/<time>.{md,json} (gitignored).
The shared cache (Django's default cache) is Redis when redis-server is installed, otherwise
FileBasedCache.
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
    free_port,
    log,
    manage,
    script,
    start_postgres,
    start_redis,
    start_varnish,
    stop_postgres,
    wait_for_port,
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
        [
            "wrk",
            f"-t{args.threads}",
            f"-c{args.connections}",
            f"-d{args.duration}s",
            "--timeout",
            "30s",
        ]
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


def load_all(targets, args, server):
    rows = {}
    for name, path in targets.items():
        log(f"  wrk {name} {path}")
        rows[name] = wrk(f"http://127.0.0.1:{APP_PORT}{path}", args)
    return rows, server.memory()


# ---------------------------------------------------------------- the HTTP cache, nginx


class Varnish:
    """varnishd with the repository's VCL in front of the app (bench.common.start_varnish)."""

    def __init__(self, workdir, port):
        self.workdir, self.port = workdir, port

    def __enter__(self):
        self.proc = start_varnish(self.workdir, self.port, APP_PORT, memory="256m")
        return self

    def __exit__(self, *exc):
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()


class Nginx:
    """nginx serving STATIC_ROOT: the physical reference (what this machine can serve)."""

    def __init__(self, tmp, port):
        self.tmp, self.port = tmp, port

    def __enter__(self):
        conf = self.tmp / "nginx.conf"
        conf.write_text(
            f"worker_processes 2; pid {self.tmp}/nginx.pid; error_log {self.tmp}/nginx.log;\n"
            "events { worker_connections 1024; }\n"
            "http { include /etc/nginx/mime.types; access_log off; sendfile on;\n"
            f"  server {{ listen 127.0.0.1:{self.port}; root {self.tmp}; }} }}\n"
        )
        self.proc = subprocess.Popen(
            ["nginx", "-c", str(conf), "-p", str(self.tmp), "-g", "daemon off;"],
            stderr=subprocess.DEVNULL,
        )
        if not wait_for_port(self.port, 10, self.proc):
            raise RuntimeError("nginx did not start")
        return self

    def __exit__(self, *exc):
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=30)


def fetch_via(port, path):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as r:
            return r.status, r.headers.get("X-Cache", ""), r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("X-Cache", ""), ""


def prove_purges(env, port, story_path, others):
    """Through Varnish: a publish and an unpublish (made by another process) show on the very
    next request; after the publish, how many of the other stories' cached pages still hit."""
    checks = {}
    for path in [story_path, *others]:
        fetch_via(port, path)  # fill the cache
    checks["cached_before"] = fetch_via(port, story_path)[1] == "HIT"
    title = f"Tiêu đề đã sửa {secrets.token_hex(3)}"
    started = time.time()
    script(env, "bench.probe", "publish", story_path, title)
    status, _, body = fetch_via(port, story_path)
    checks["publish_visible_on_next_request"] = status == 200 and title in body
    checks["publish_seconds"] = round(time.time() - started, 2)
    hits = sum(fetch_via(port, path)[1] == "HIT" for path in others)
    checks["other_stories_still_hits"] = f"{hits}/{len(others)}"
    checks["other_hit_share"] = round(hits / len(others), 3) if others else 1.0
    script(env, "bench.probe", "unpublish", story_path)
    checks["unpublish_404_on_next_request"] = fetch_via(port, story_path)[0] == 404
    script(env, "bench.probe", "republish", story_path)
    checks["republished_200"] = fetch_via(port, story_path)[0] == 200
    return checks


# ---------------------------------------------------------------- the bench


def prepare(name, env, total):
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo_content", "--force")
    started = time.time()
    script(env, "bench.seed", "--total", str(total))
    manage(env, "update_index")  # the public search reads Wagtail's index (issue #16)
    return round(time.time() - started, 1)


def bench_database(name, database_url, base_env, args, tmp):
    env = {**base_env, "DATABASE_URL": database_url, "PAGE_CACHE_SECONDS": "0"}
    log(f"{name}: migrate, demo content, {args.stories} stories")
    result = {"database": name, "seed_seconds": prepare(name, env, args.stories)}
    index = "/dien-hinh-tien-tien/"
    stories = json.loads(script(env, "bench.probe", "stories", str(args.others + 1)))
    story = json.loads(script(env, "bench.probe", "urls"))["story"]
    targets = {
        "home": "/",
        "index": index,
        "filtered": index + "?loai=mo-hinh-moi&doi-tuong=tap-the&nam=2024",
        "search": index + "?q=tro+giup+phap+ly",
        "story": story,
        "atom": index + "feed/atom/",
        "static": base_env["BENCH_STATIC_PATH"],
    }
    result["urls"] = targets
    queries = json.loads(script(env, "bench.probe", "queries", *targets.values()))
    result["queries"] = {label: queries[path]["cache_off"] for label, path in targets.items()}

    with Server(env, args.workers) as server:
        log(f"{name}: {args.stories} stories, gunicorn alone (uncached)")
        result["uncached"], result["uncached_memory"] = load_all(targets, args, server)
        varnish_port = free_port()
        with Varnish(tmp / f"varnish-{name}", varnish_port):
            log(f"{name}: {args.stories} stories, Varnish + gunicorn (cached)")
            result["cached"] = {}
            for label, path in targets.items():
                fetch_via(varnish_port, path)
                result["cached"][label] = wrk(f"http://127.0.0.1:{varnish_port}{path}", args)
            others = [path for path in stories if path != stories[0]]
            result["purges"] = prove_purges(
                {**env, "VARNISH_URLS": f"http://127.0.0.1:{varnish_port}"},
                varnish_port,
                stories[0],
                others,
            )
        result["uncached_memory"] += server.memory()

    if args.large:
        if database_url.startswith("sqlite:///"):  # a copy, so the 10k file stays reusable
            small_file = Path(database_url.removeprefix("sqlite:///"))
            large_file = small_file.with_name(f"bench-{args.large}.sqlite3")
            if not large_file.exists():
                shutil.copyfile(small_file, large_file)
            env = {**env, "DATABASE_URL": f"sqlite:///{large_file}"}
        log(f"{name}: seeding up to {args.large} stories")
        result["large_seed_seconds"] = prepare(name, env, args.large)
        growth = {"index": targets["index"], "filtered": targets["filtered"]}
        with Server(env, args.workers) as server:
            log(f"{name}: {args.large} stories, gunicorn alone")
            result["large"], memory = load_all(growth, args, server)
            result["uncached_memory"] += memory
    return result


TARGETS = {
    # (label, test) over one database's result; `static` is nginx's req/s.
    "cached story, index, home, Atom ≥ 50% of nginx static": lambda r, static: all(
        r["cached"][u]["rps"] >= 0.5 * static for u in ("story", "index", "home", "atom")
    ),
    "publish/unpublish visible on the next request": lambda r, static: all(
        r["purges"][k] for k in ("publish_visible_on_next_request", "unpublish_404_on_next_request")
    ),
    "≥ 95% of other stories still cached after a publish": lambda r, static: (
        r["purges"]["other_hit_share"] >= 0.95
    ),
    "uncached story ≥ 250 req/s": lambda r, static: r["uncached"]["story"]["rps"] >= 250,
    "uncached index ≥ 200 req/s": lambda r, static: r["uncached"]["index"]["rps"] >= 200,
    "uncached Atom ≥ 100 req/s": lambda r, static: r["uncached"]["atom"]["rps"] >= 100,
    "story and index ≤ 10 SQL queries": lambda r, static: (
        r["queries"]["story"] <= 10 and r["queries"]["index"] <= 10
    ),
    "index p50 at 100k ≤ 2× 10k": lambda r, static: (
        "large" in r and 0 < r["large"]["index"]["p50_ms"] <= 2 * r["uncached"]["index"]["p50_ms"]
    ),
    "filtered p50 at 100k ≤ 2× 10k": lambda r, static: (
        "large" in r
        and 0 < r["large"]["filtered"]["p50_ms"] <= 2 * r["uncached"]["filtered"]["p50_ms"]
    ),
    "worker peak RSS < 250 MB": lambda r, static: (
        max(w["VmHWM"] for w in r["uncached_memory"]) < 250
    ),
}


def evaluate(result, static):
    return {label: bool(test(result, static)) for label, test in TARGETS.items()}


def markdown(results, meta):
    static = meta["nginx_static_rps"]
    lines = [
        f"Measured {meta['date']} on {meta['machine']}; gunicorn {meta['workers']} sync workers; "
        f"Varnish {meta['varnish']} in front for the cached rows; wrk -t{meta['threads']} "
        f"-c{meta['connections']} -d{meta['duration']}s per row; load average before the run "
        f"{meta['load_before']}. Reference: nginx serving the static file: **{static:.0f} req/s**.",
        "",
    ]
    for result in results:
        db, stories = result["database"], meta["stories"]
        lines += [
            f"#### {db}, {stories} stories",
            "",
            "| URL | uncached req/s | p50 ms | p99 ms | Varnish req/s | p50 ms | p99 ms "
            "| % of nginx | SQL (uncached) |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for name in result["urls"]:
            off, on = result["uncached"][name], result["cached"][name]
            lines.append(
                f"| {name} | {off['rps']:.0f} | {off['p50_ms']} | {off['p99_ms']} "
                f"| {on['rps']:.0f} | {on['p50_ms']} | {on['p99_ms']} "
                f"| {100 * on['rps'] / static:.0f}% | {result['queries'].get(name, '')} |"
            )
        if "large" in result:
            lines += ["", f"Growth, uncached, {meta['stories']} → {meta['large']} stories:", ""]
            lines += ["| URL | p50 ms 10k | p50 ms 100k | ratio | req/s 100k |"]
            lines += ["|---|---:|---:|---:|---:|"]
            for name, row in result["large"].items():
                small = result["uncached"][name]["p50_ms"]
                lines.append(
                    f"| {name} | {small} | {row['p50_ms']} | "
                    f"{row['p50_ms'] / small if small else float('nan'):.2f} | {row['rps']:.0f} |"
                )
        peak = max(w["VmHWM"] for w in result["uncached_memory"])
        lines += [
            "",
            f"Purges: {result['purges']}; worker peak RSS {peak} MB; seeding took "
            f"{result['seed_seconds']} s (+{result.get('large_seed_seconds', 0)} s to "
            f"{meta['large']}).",
            "",
            "| target | met |",
            "|---|---|",
        ]
        for target, met in result["targets"].items():
            lines.append(f"| {target} | {'yes' if met else '**no**'} |")
        lines.append("")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description="Benchmark the portal (see bench/README.md).")
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--stories", type=int, default=10_000)
    parser.add_argument("--large", type=int, default=100_000, help="growth run (0: none)")
    parser.add_argument("--others", type=int, default=200, help="stories checked after a publish")
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument(
        "--workdir",
        help="keep the SQLite databases and static files here and reuse them next time "
        "(seeding 100,000 stories is slow); default: a temporary directory",
    )
    args = parser.parse_args()
    for tool in ("wrk", "varnishd", "nginx"):
        if not shutil.which(tool):
            raise SystemExit(
                f"{tool} is needed: apt-get install -y wrk varnish varnish-modules nginx"
            )

    tmp = Path(tempfile.mkdtemp(prefix="portal-bench-"))
    tmp.chmod(0o755)  # the postgres user must reach its data directory, nginx the files
    work = Path(args.workdir) if args.workdir else tmp
    work.mkdir(parents=True, exist_ok=True)
    work.chmod(0o755)
    redis = start_redis()
    cache_url = f"redis://127.0.0.1:{REDIS_PORT}/0" if redis else f"file://{tmp / 'cache'}"
    base_env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "WAGTAILADMIN_BASE_URL": f"http://localhost:{APP_PORT}",
        "WEBAUTHN_ALLOWED_ORIGINS": "https://localhost",
        "STATIC_ROOT": str(work / "static"),
        "MEDIA_ROOT": str(work / "media"),
        "CACHE_URL": cache_url,
        "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "LOG_LEVEL": "WARNING",
        "PYTHONWARNINGS": "ignore",
    }
    pg_data = None
    results = []
    load_before = os.getloadavg()[0]
    try:
        # Before any load: wrk's client sockets in TIME_WAIT may otherwise hold port 55460.
        if "postgres" in args.databases:
            pg_data = start_postgres(tmp)
        log(f"collectstatic into {work / 'static'}; shared cache {cache_url}")
        manage(base_env, "collectstatic", "--noinput")
        manifest = json.loads((work / "static" / "staticfiles.json").read_text())
        base_env["BENCH_STATIC_PATH"] = "/static/" + manifest["paths"]["css/portal.css"]
        nginx_port = free_port()
        with Nginx(work, nginx_port):
            log("nginx: the static file")
            nginx_static = wrk(
                f"http://127.0.0.1:{nginx_port}{base_env['BENCH_STATIC_PATH']}", args
            )
        for db in args.databases.split(","):
            if db == "sqlite":
                url = f"sqlite:///{work / f'bench-{args.stories}.sqlite3'}"
            else:
                url = f"postgres://postgres@127.0.0.1:{PG_PORT}/portal"
            if redis:
                subprocess.run(["redis-cli", "-p", str(REDIS_PORT), "FLUSHALL"], check=False)
            result = bench_database(db, url, base_env, args, work)
            result["targets"] = evaluate(result, nginx_static["rps"])
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
        "varnish": subprocess.run(["varnishd", "-V"], capture_output=True, text=True).stderr.split(
            "\n"
        )[0],
        "workers": args.workers,
        "threads": args.threads,
        "connections": args.connections,
        "duration": args.duration,
        "stories": args.stories,
        "large": args.large,
        "nginx_static_rps": nginx_static["rps"],
        "nginx_static": nginx_static,
        "load_before": round(load_before, 1),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    (RESULTS / f"{stamp}.json").write_text(
        json.dumps({"meta": meta, "results": results}, indent=2, ensure_ascii=False) + "\n"
    )
    table = markdown(results, meta)
    (RESULTS / f"{stamp}.md").write_text(table + "\n")
    (RESULTS / f"{stamp}.json").write_text(
        json.dumps({"meta": meta, "results": results}, indent=2, ensure_ascii=False) + "\n"
    )
    print(table)
    log(f"written bench/results/{stamp}.md and .json")


if __name__ == "__main__":
    main()
