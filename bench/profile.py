"""Time (and optionally profile) uncached requests in-process, with the server's settings.

python -m bench.profile [--runs 30] [--profile] [URL…]   # default: home, index, a story

Runs with the same environment as `bench.run` gives the server (production settings, so the
cached template loader and DEBUG off), forces the page cache off, warms each URL once (site root
paths, renditions, the template cache), then prints per URL the median and 90th percentile of
`--runs` requests through the test Client in milliseconds, the median of this process's CPU
time per request (robust to a loaded machine), and the number of SQL queries of a warm
request. `--profile` adds a pyinstrument profile of the requests (pip install pyinstrument).
"""

import argparse
import json
import statistics
import time

from bench.common import setup_django

setup_django()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from exemplar_stories.models import StoryPage  # noqa: E402


def default_urls():
    story = StoryPage.objects.live().filter(hero_image__isnull=False).order_by("pk").first()
    story = story or StoryPage.objects.live().order_by("pk").first()
    return {"home": "/", "index": story.get_parent().url, "story": story.url}


def measure(client, path, runs):
    response = client.get(path)  # warm
    assert response.status_code == 200, (path, response.status_code)
    with CaptureQueriesContext(connection) as ctx:
        client.get(path)
    queries = len(ctx.captured_queries)  # before the next request_started resets the log
    timings, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    timings.sort()
    return {
        "p50_ms": round(statistics.median(timings), 2),
        "p90_ms": round(timings[int(len(timings) * 0.9) - 1], 2),
        # This process's CPU time: far less disturbed by other processes on a loaded machine
        # than the wall clock (on SQLite it includes the queries; PostgreSQL's work is not).
        "cpu_p50_ms": round(statistics.median(cpu), 2),
        "queries": queries,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("urls", nargs="*")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    setup_test_environment()
    client = Client(SERVER_NAME="127.0.0.1")
    urls = {url: url for url in args.urls} if args.urls else default_urls()
    stories = {**settings.EXEMPLAR_STORIES, "PAGE_CACHE_SECONDS": 0}
    with override_settings(EXEMPLAR_STORIES=stories):
        results = {label: measure(client, path, args.runs) for label, path in urls.items()}
        print(json.dumps(results, indent=1))
        if args.profile:
            from pyinstrument import Profiler

            for label, path in urls.items():
                profiler = Profiler(interval=0.0005)
                profiler.start()
                for _ in range(args.runs):
                    client.get(path)
                profiler.stop()
                print(f"==== {label} {path} ({args.runs} requests)")
                print(profiler.output_text(unicode=False, color=False, show_all=False))


if __name__ == "__main__":
    main()
