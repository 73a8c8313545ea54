"""The real thing: Varnish (the repository's VCL) in front of gunicorn (production settings).

Starts, on free ports of 127.0.0.1 and in a temporary directory: a migrated SQLite database with
the demo content, gunicorn (2 workers) and varnishd (`deploy/varnish/default.vcl`, its own -n
working directory). Publishing happens in another process (`bench.probe`), as an editor's
request would. Proves that a publish and an unpublish are visible through the cache on the
very next request, and that the other stories' pages stay cached (HIT).

Marked `varnish`; it skips on a laptop without varnishd and fails under CI=true (`.ci/run`
installs varnish and varnish-modules).
"""

import http.client
import json
import os
import secrets
import shutil
import signal
import subprocess
import urllib.error
import urllib.request

import pytest

from bench.common import PYTHON, ROOT, free_port, start_varnish, wait_for_port

from ...conftest import require

pytestmark = pytest.mark.varnish


def has_xkey():
    vmods = ["/usr/lib/x86_64-linux-gnu/varnish/vmods", "/usr/lib/varnish/vmods"]
    return any(os.path.exists(os.path.join(d, "libvmod_xkey.so")) for d in vmods)


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    require(shutil.which("varnishd") and has_xkey(), "needs varnishd and varnish-modules (xkey)")
    if os.environ.get("CI_DATABASE") == "postgresql":
        pytest.skip("runs in CI's SQLite pass (its database is its own SQLite file)")
    tmp = tmp_path_factory.mktemp("varnish")
    app_port, cache_port = free_port(), free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "WAGTAILADMIN_BASE_URL": f"http://127.0.0.1:{cache_port}",
        "WEBAUTHN_ALLOWED_ORIGINS": "https://localhost",
        "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}",
        "STATIC_ROOT": str(tmp / "static"),
        "MEDIA_ROOT": str(tmp / "media"),
        "CACHE_URL": "",
        "REDIS_URL": "",
        "VARNISH_URLS": f"http://127.0.0.1:{cache_port}",
        "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "SYNDICATION_URL": "",
        "PYTHONWARNINGS": "ignore",
    }
    env.pop("DATABASE_URL_TEST", None)

    def manage(*args):
        subprocess.run(
            [PYTHON, "manage.py", *args], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL
        )

    manage("migrate", "--noinput")
    manage("collectstatic", "--noinput")
    manage("load_demo_content", "--force")
    gunicorn = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "portal.wsgi", "--workers", "2"]
        + ["--bind", f"127.0.0.1:{app_port}", "--log-level", "warning"],
        env=env,
        cwd=ROOT,
    )
    varnish = None
    try:
        assert wait_for_port(app_port, 60, gunicorn), "gunicorn did not start"
        varnish = start_varnish(tmp / "varnish", cache_port, app_port)

        def probe(*args):
            out = subprocess.run(
                [PYTHON, "-m", "bench.probe", *args],
                env=env,
                cwd=ROOT,
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            return out.strip().splitlines()[-1] if out.strip() else ""

        yield {"port": cache_port, "probe": probe}
    finally:
        for proc in (varnish, gunicorn):
            if proc is not None:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    proc.kill()


def get(stack, path, method="GET", headers=None):
    request = urllib.request.Request(
        f"http://127.0.0.1:{stack['port']}{path}", method=method, headers=headers or {}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def cached(stack, path):
    """Fill the cache for `path`; True when the next request is a HIT."""
    get(stack, path)
    return get(stack, path)[1]["X-Cache"] == "HIT"


def test_a_publish_is_visible_at_once_and_other_stories_stay_cached(stack):
    story, *others = json.loads(stack["probe"]("stories", "6"))
    for path in [story, *others, "/", "/dien-hinh-tien-tien/"]:
        assert cached(stack, path), path
    status, headers, _ = get(stack, story)
    assert "xkey" not in headers and "Surrogate-Control" not in headers  # kept inside

    title = f"Tiêu đề mới {secrets.token_hex(3)}"
    stack["probe"]("publish", story, title)
    status, headers, body = get(stack, story)
    assert status == 200 and title in body and headers["X-Cache"] == "MISS"
    assert title in get(stack, "/dien-hinh-tien-tien/")[2]
    assert title in get(stack, "/")[2]
    assert title in get(stack, "/dien-hinh-tien-tien/feed/atom/")[2]
    hits = [get(stack, path)[1]["X-Cache"] for path in others]
    assert hits.count("HIT") >= len(others) - 1, hits  # at most the one that shows it as related

    stack["probe"]("unpublish", story)
    assert get(stack, story)[0] == 404
    assert title not in get(stack, "/dien-hinh-tien-tien/")[2]
    stack["probe"]("republish", story)
    assert get(stack, story)[0] == 200


def test_logged_in_readers_and_the_admin_bypass_the_cache(stack):
    story = json.loads(stack["probe"]("stories", "1"))[0]
    assert cached(stack, story)
    headers = {"Cookie": "sessionid=whatever"}
    assert get(stack, story, headers=headers)[1]["X-Cache"] == "PASS"
    assert get(stack, "/admin/login/")[1]["X-Cache"] == "PASS"
    assert get(stack, "/admin/login/")[1]["X-Cache"] == "PASS"


def purge_from(stack, source, path, headers):
    """A PURGE sent from the local address `source` (127.0.0.2 is loopback too, but not in
    the VCL's `purgers` ACL)."""
    connection = http.client.HTTPConnection(
        "127.0.0.1", stack["port"], timeout=10, source_address=(source, 0)
    )
    try:
        connection.request("PURGE", path, headers=headers)
        return connection.getresponse().status
    finally:
        connection.close()


def test_only_the_app_hosts_may_purge(stack):
    story = json.loads(stack["probe"]("stories", "1"))[0]
    assert cached(stack, story)
    forged = {"X-Forwarded-For": "127.0.0.1"}
    assert purge_from(stack, "127.0.0.2", story, forged) == 405
    assert purge_from(stack, "127.0.0.2", "/", {"xkey-purge": "all", **forged}) == 405
    assert get(stack, story)[1]["X-Cache"] == "HIT"  # still cached
    assert purge_from(stack, "127.0.0.1", story, {}) == 200  # the app host: allowed
    assert get(stack, story)[1]["X-Cache"] == "MISS"
