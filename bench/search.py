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

To compare with today's code in the same run, run the same file from a checkout of main with
its own database (see bench/README.md, "Search"):

    git worktree add --detach /tmp/base main && cp bench/search.py /tmp/base/bench/
    cd /tmp/base && nice python -m bench.search --database-url sqlite:////tmp/base.sqlite3 …
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

from bench.common import PYTHON, ROOT, log

QUERIES = {
    "one word": "hòa",
    "three words": "trợ giúp pháp lý",
    "no result": "xyzzy quux",
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


def run(env, *args):
    subprocess.run([PYTHON, *args], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)


def measure(requests):
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
    code = "index" if hasattr(StoryPage, "search_heading") else "like"
    for name, q in QUERIES.items():
        for _ in range(3):
            response = client.get(INDEX, {"q": q})
            assert response.status_code == 200, response.status_code
        queries = []  # counted by a wrapper: request_started resets connection.queries

        def count(execute, sql, params, many, context, queries=queries):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            response = client.get(INDEX, {"q": q})
        found = re.search(r'aria-live="polite">\s*([\d.,]+)', response.content.decode()).group(1)
        timings = []
        started = time.perf_counter()
        for _ in range(requests):
            t0 = time.perf_counter()
            client.get(INDEX, {"q": q})
            timings.append((time.perf_counter() - t0) * 1000)
        elapsed = time.perf_counter() - started
        print(
            json.dumps(
                {
                    "code": code,
                    "stories": StoryPage.objects.count(),
                    "query": name,
                    "q": q,
                    "found": found,
                    "p50_ms": round(statistics.median(timings), 1),
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
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        return measure(args.requests)

    env = environment(args.database_url)
    log("migrate, demo content", name="search")
    run(env, "manage.py", "migrate", "--noinput")
    run(env, "manage.py", "load_demo_content", "--force")
    rows = []
    for total in [int(t) for t in args.totals.split(",")]:
        log(f"seeding up to {total} stories", name="search")
        run(env, "-m", "bench.seed", "--total", str(total))
        indexed = ""
        if not args.no_reindex:
            started = time.time()
            run(env, "manage.py", "update_index")
            indexed = f"{time.time() - started:.0f} s"
            log(f"update_index: {indexed}", name="search")
        out = subprocess.run(
            [PYTHON, "-m", "bench.search", "--database-url", args.database_url, "--measure",
             "--requests", str(args.requests)],
            env=env, cwd=ROOT, check=True, stdout=subprocess.PIPE, text=True,
        ).stdout  # fmt: skip
        for line in out.strip().splitlines():
            row = json.loads(line)
            row["update_index"] = indexed
            print(line, flush=True)
            rows.append(row)
    print("\n| code | database | stories | query | found | p50 ms | req/s | SQL | update_index |")
    print("|---|---|---:|---|---:|---:|---:|---:|---|")
    for r in rows:
        print(
            f"| {r['code']} | {r['database']} | {r['stories']} | {r['query']} | {r['found']} "
            f"| {r['p50_ms']} | {r['rps']} | {r['sql']} | {r['update_index']} |"
        )
    return None


if __name__ == "__main__":
    sys.exit(main())
