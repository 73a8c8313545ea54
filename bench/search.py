"""The search benchmark (issue #16): search p50 and req/s, uncached, at several sizes.

    nice python -m bench.search --database-url sqlite:////tmp/s.sqlite3 --totals 1000,10000,100000

For each size it seeds up to that many stories (`bench.seed`, reusing what the database
already holds: seed 100,000 once and keep the file or cluster), rebuilds Wagtail's search index
(`manage.py update_index`, timed; skipped with --no-reindex or when the code has no index-based
search, i.e. today's LIKE scan), then requests the index page in-process with Django's test
client and the production settings, page cache off, for a one-word, a three-word and a no-result
query: p50 over --requests requests after 3 warm-ups, and req/s = requests / seconds of one
sequential client (one process; gunicorn with two workers on two cores gives about twice that).
It prints one JSON line per size and query and, at the end, a Markdown table.

To compare with older code in the same run (the LIKE search before issue #16: 35ba050, main
before the search branch was merged), give it a worktree of that commit and its own database;
each size is then seeded in both, and each query measured old, new, old, new (the p50 of each
code over both passes), so that the machine's load weighs on both alike:

    git worktree add --detach /tmp/base 35ba050 && cp bench/search.py /tmp/base/bench/
    nice python -m bench.search --database-url sqlite:////tmp/new.sqlite3 \
        --baseline /tmp/base --baseline-database-url sqlite:////tmp/base.sqlite3 --totals …

Seeded databases are reused: `--totals 100000` on a database that holds 100,000 stories seeds
nothing; `--no-reindex` then skips the index rebuild (13 minutes at 100,000 on SQLite).
"""

import argparse
import json
import os
import re
import secrets
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.common import PYTHON, ROOT, log

QUERIES = {
    "one word": {"q": "hòa"},
    "three words": {"q": "trợ giúp pháp lý"},
    "no result": {"q": "xyzzy quux"},
    # A common word within one unit's stories of one quarter (a few dozen of 100,000).
    "narrow filter": {
        "q": "hòa",
        "don-vi": "phong-tu-phap-huyen-long-phu",
        "nam": "2024",
        "quy": "2",
    },
}
INDEX = "/dien-hinh-tien-tien/"


def environment(database_url):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "testserver,127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "PAGE_CACHE_SECONDS": "0",
        "CACHE_URL": "",
        "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "LOG_LEVEL": "WARNING",
        "PYTHONWARNINGS": "ignore",
        "WAGTAILADMIN_BASE_URL": "https://bench.example",
        "DATABASE_URL": database_url,
    }


def run(env, *args, cwd=ROOT):
    subprocess.run([PYTHON, *args], env=env, cwd=cwd, check=True, stdout=subprocess.DEVNULL)


def measure(requests, only=None):
    """In-process: the index page for each query, p50 and req/s (the child process's job)."""
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings

    from exemplar_stories.models import StoryPage

    # No collectstatic: plain static URLs (the setting_changed signal resets the storages).
    override_settings(
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    ).enable()
    client = Client()
    # like: the LIKE scan before #16; index: every match ranked; window: the index's windows.
    code = "like" if not hasattr(StoryPage, "search_heading") else "index"
    if code == "index":
        from exemplar_stories.public import search

        code = "window" if hasattr(search, "candidates") else code
    for name, params in QUERIES.items():
        if only and name != only:
            continue
        for _ in range(3):
            response = client.get(INDEX, params)
            assert response.status_code == 200, response.status_code
        queries = []  # counted by a wrapper: request_started resets connection.queries

        def count(execute, sql, params, many, context, queries=queries):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            response = client.get(INDEX, params)
        counted = re.search(r'aria-live="polite">\s*(\D*?)([\d.,]+)', response.content.decode())
        found = (">" if counted.group(1).strip() else "") + counted.group(2)  # "Hơn 500 …"
        timings = []
        started = time.perf_counter()
        for _ in range(requests):
            t0 = time.perf_counter()
            client.get(INDEX, params)
            timings.append((time.perf_counter() - t0) * 1000)
        elapsed = time.perf_counter() - started
        print(
            json.dumps(
                {
                    "code": code,
                    "stories": StoryPage.objects.count(),
                    "query": name,
                    "q": " ".join(f"{k}={v}" for k, v in params.items()),
                    "found": found,
                    "timings": timings,
                    "p50_ms": round(statistics.median(timings), 1),
                    "seconds": elapsed,
                    "rps": round(requests / elapsed, 1),
                    "sql": len(queries),
                    "database": connection.vendor,
                },
                ensure_ascii=False,
            ),
            flush=True,
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--totals", default="1000,10000,100000")
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--no-reindex", action="store_true")
    parser.add_argument("--baseline", help="a worktree of the code to compare with")
    parser.add_argument("--baseline-database-url", help="its own database")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--only", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        return measure(args.requests, args.only)

    codes = [(ROOT, args.database_url)]
    if args.baseline:
        codes.insert(0, (Path(args.baseline).resolve(), args.baseline_database_url))
    for root, url in codes:
        log(f"{root}: migrate, demo content", name="search")
        run(environment(url), "manage.py", "migrate", "--noinput", cwd=root)
        run(environment(url), "manage.py", "load_demo_content", "--force", cwd=root)
    rows = []
    for total in [int(t) for t in args.totals.split(",")]:
        indexed = ""
        for root, url in codes:
            log(f"{root}: seeding up to {total} stories", name="search")
            run(environment(url), "-m", "bench.seed", "--total", str(total), cwd=root)
        if not args.no_reindex:
            started = time.time()
            run(environment(args.database_url), "manage.py", "update_index")
            indexed = f"{time.time() - started:.0f} s"
            log(f"update_index: {indexed}", name="search")
        for query in QUERIES:
            passes = {}
            for _ in range(2 if args.baseline else 1):
                for root, url in codes:  # old, new, old, new
                    out = subprocess.run(
                        [PYTHON, "-m", "bench.search", "--database-url", url, "--measure",
                         "--requests", str(args.requests), "--only", query],
                        env=environment(url), cwd=root, check=True, stdout=subprocess.PIPE,
                        text=True,
                    ).stdout  # fmt: skip
                    passes.setdefault(root, []).append(json.loads(out.strip().splitlines()[-1]))
            for root, _url in codes:
                row = dict(passes[root][-1])
                timings = [t for p in passes[root] for t in p["timings"]]
                row["p50_ms"] = round(statistics.median(timings), 1)
                row["rps"] = round(len(timings) / sum(p["seconds"] for p in passes[root]), 1)
                row["update_index"] = indexed if root == ROOT else ""
                row["load"] = os.getloadavg()[0]
                del row["timings"], row["seconds"]
                print(json.dumps(row, ensure_ascii=False), flush=True)
                rows.append(row)
    print(
        "\n| code | database | stories | query | found | p50 ms | req/s | SQL | load "
        "| update_index |"
    )
    print("|---|---|---:|---|---:|---:|---:|---:|---:|---|")
    for r in rows:
        print(
            f"| {r['code']} | {r['database']} | {r['stories']} | {r['query']} | {r['found']} "
            f"| {r['p50_ms']} | {r['rps']} | {r['sql']} | {r['load']:.1f} | {r['update_index']} |"
        )
    return None


if __name__ == "__main__":
    sys.exit(main())
