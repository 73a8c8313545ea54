"""Scale-out proof (`make scaleout`): two app instances, two delivery workers, one database.

Starts, all on 127.0.0.1 and all stopped on exit (also on failure, Ctrl-C or the deadline):

- one throwaway PostgreSQL cluster (port 55470) and one Redis (port 6395), the shared cache;
- two gunicorn instances of the site, A and B, on two free loopback ports, with the production
  settings, the same SECRET_KEY, DATABASE_URL and REDIS_URL, page cache on,
  SECURE_SSL_REDIRECT=false, ALLOWED_HOSTS=127.0.0.1;
- two delivery workers: `manage.py db_worker` (django-tasks' DatabaseBackend, the production
  path), with worker ids `scaleout-w1` and `scaleout-w2`;
- a webhook receiver (a threaded HTTPS server in this process) that verifies every Standard
  Webhooks signature with the `standardwebhooks` library and counts deliveries by webhook-id
  and by story id. It serves a self-signed certificate made here with `openssl`; the site's
  processes trust it through SSL_CERT_FILE, so SYNDICATION_URL is an ordinary https:// URL and
  the production settings need no loopback exception.

Publishing goes through the Wagtail admin over HTTP, as the product requires (four-eyes and the
Office's second factor): the stories are written and submitted for review beforehand by an
editor, through the ORM in a subprocess with the production settings (`bench/probe.py
in_review`); an Office member who wrote none of them (`bench/probe.py reviewer`, with an
authenticator device whose codes this script computes) signs in on instance A with password
and code (the session lives in the database, so the same cookie works on B), and each
approval in the Office review task (`/admin/pages/workflow/action/<id>/approve/<task>/`)
publishes its story; unpublishing is the unpublish view (`/admin/pages/<id>/unpublish/`).

It then shows, with assertions:
1. a publish through A shows on the very next request to B (index lists it, the story answers
   200), and an unpublish through A is gone on the very next request to B (index, 404);
2. N publishes (default 100, alternating between A and B) give exactly N deliveries at the
   receiver, every signature valid, no webhook-id twice, every story once, within a timeout;
   how many each worker delivered comes from django-tasks' result rows (`worker_ids`).

Prints a markdown summary and writes bench/results/scaleout-<time>.{md,json} (gitignored).
Exits non-zero if any check fails. Needs PostgreSQL binaries, redis-server and openssl.
"""

import argparse
import base64
import datetime
import hashlib
import hmac
import http.cookies
import json
import os
import secrets
import shutil
import signal
import ssl
import struct
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from bench import common as bench
from bench.common import PYTHON, RESULTS, ROOT, free_port

PG_PORT = 55470
REDIS_PORT = 6395
INDEX = "/dien-hinh-tien-tien/"
HOOK_PATH = "/hooks/stories"


def log(message):
    bench.log(message, name="scaleout")


class Deadline(Exception):
    pass


# ---------------------------------------------------------------- the receiver


class Receiver(ThreadingHTTPServer):
    """HTTPS on 127.0.0.1; verifies each request and counts it; answers 200 to valid ones."""

    daemon_threads = True

    def __init__(self, secret, certfile, keyfile):
        super().__init__(("127.0.0.1", 0), ReceiverHandler)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(certfile, keyfile)
        # The handshake happens in the handler's thread, not in the accept loop.
        self.socket = context.wrap_socket(
            self.socket, server_side=True, do_handshake_on_connect=False
        )
        self.webhook = Webhook(secret)
        self.lock = threading.Lock()
        self.by_webhook_id = Counter()
        self.by_story = Counter()
        self.by_event = Counter()
        self.invalid = []
        self.titles = {}
        self.url = f"https://127.0.0.1:{self.server_address[1]}{HOOK_PATH}"

    def record(self, headers, body):
        try:
            payload = self.webhook.verify(body, headers)
        except WebhookVerificationError as error:
            with self.lock:
                self.invalid.append(str(error))
            return 400
        with self.lock:
            self.by_webhook_id[headers.get("webhook-id")] += 1
            self.by_story[payload["id"]] += 1
            self.by_event[payload["event"]] += 1
            self.titles[payload["id"]] = payload["title"]
        return 200

    def total(self):
        with self.lock:
            return sum(self.by_webhook_id.values())


class ReceiverHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):  # noqa: N802
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        headers = {k.lower(): v for k, v in self.headers.items()}
        status = self.server.record(headers, body) if self.path == HOOK_PATH else 404
        answer = b"ok" if status == 200 else b"refused"
        self.send_response(status)
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


def self_signed_certificate(folder):
    cert, key = folder / "receiver.crt", folder / "receiver.key"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1"]
        + ["-addext", "subjectAltName=IP:127.0.0.1"],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return cert, key


# ---------------------------------------------------------------- HTTP clients


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def fetch(base, path, *, data=None, cookies=None, timeout=30):
    """(status, headers, body) without following redirects; cookies sent by hand, because the
    production cookies are Secure and the loopback is plain http."""
    request = urllib.request.Request(
        base + path, data=urllib.parse.urlencode(data).encode() if data is not None else None
    )
    if cookies:
        request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in cookies.items()))
    try:
        response = OPENER.open(request, timeout=timeout)
    except urllib.error.HTTPError as error:
        response = error
    with response:
        return response.status, response.headers, response.read().decode("utf-8", "replace")


def totp(key_hex, *, step=30, digits=6, at=None):
    """The code an authenticator app shows now for a django-otp TOTP device (RFC 6238)."""
    counter = int((time.time() if at is None else at) // step)
    digest = hmac.new(bytes.fromhex(key_hex), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(number % 10**digits).zfill(digits)


class AdminSession:
    """An Office member's browser, reduced to cookies: logs in on one instance, posts to any."""

    def __init__(self):
        self.cookies = {}

    def _keep(self, headers):
        for header in headers.get_all("Set-Cookie") or []:
            jar = http.cookies.SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                self.cookies[name] = morsel.value

    def get(self, base, path):
        status, headers, body = fetch(base, path, cookies=self.cookies)
        self._keep(headers)
        return status, headers, body

    def post(self, base, path, data):
        data = {**data, "csrfmiddlewaretoken": self.cookies["csrftoken"]}
        status, headers, body = fetch(base, path, data=data, cookies=self.cookies)
        self._keep(headers)
        return status, headers, body

    def login(self, base, username, password, device):
        """Password, then the second step with the authenticator's current code."""
        self.get(base, "/admin/login/")
        status, headers, _ = self.post(
            base, "/admin/login/", {"username": username, "password": password, "next": "/admin/"}
        )
        assert status == 302 and "sessionid" in self.cookies, f"admin login failed: {status}"
        location = headers["Location"]
        for _ in range(3):  # the login goes to /admin/, which sends the user to the second step
            if "second-factor" in location:
                break
            status, headers, _ = self.get(base, location)
            location = headers.get("Location", "")
        second_step = urllib.parse.urlsplit(location)
        assert "second-factor" in second_step.path, f"no second step: HTTP {status} {location}"
        path = second_step.path + (f"?{second_step.query}" if second_step.query else "")
        self.get(base, path)
        code = totp(device["key"], step=device["step"], digits=device["digits"])
        status, headers, _ = self.post(base, path, {"token": code})
        assert status == 302 and "second-factor" not in headers["Location"], (
            f"second step failed: HTTP {status} → {headers.get('Location')}"
        )

    def approve(self, base, story):
        """The Office review task's "approve": the workflow publishes the story."""
        path = f"/admin/pages/workflow/action/{story['pk']}/approve/{story['task_state']}/"
        status, headers, _ = self.post(base, path, {})
        assert status == 302 and headers["Location"] != "/admin/", (
            f"approve {story['pk']} on {base}: HTTP {status} → {headers.get('Location')}"
        )

    def unpublish(self, base, pk):
        status, _, _ = self.post(base, f"/admin/pages/{pk}/unpublish/", {})
        assert status == 302, f"unpublish {pk} on {base}: HTTP {status}"


# ---------------------------------------------------------------- processes


class Processes:
    """Every long-running child; `stop_all` terminates them in reverse order, then kills."""

    def __init__(self):
        self.procs = []

    def start(self, name, cmd, env, log_to):
        proc = subprocess.Popen(
            cmd, env=env, cwd=ROOT, stdout=log_to.open("w"), stderr=subprocess.STDOUT
        )
        self.procs.append((name, proc, log_to))
        return proc

    def check_alive(self):
        for name, proc, log_to in self.procs:
            if proc.poll() is not None:
                tail = log_to.read_text()[-3000:]
                raise RuntimeError(f"{name} exited with {proc.returncode}:\n{tail}")

    def stop_all(self):
        for _, proc, _ in reversed(self.procs):
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for _, proc, _ in reversed(self.procs):
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def wait_until_up(base, processes, seconds=90):
    deadline = time.time() + seconds
    while time.time() < deadline:
        processes.check_alive()
        try:
            status, _, _ = fetch(base, "/", timeout=30)
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{base} did not answer within {seconds} s")


# ---------------------------------------------------------------- the checks


def prove_visibility(admin, a, b, story):
    """Publish and unpublish through A; the very next request to B must show it."""
    title, url = story["title"], story["url"]
    checks, timings = {}, {}
    fetch(b, INDEX)
    status, headers, body = fetch(b, INDEX)
    checks["b_index_cached_before"] = headers.get("X-Page-Cache") == "hit"
    checks["b_index_without_draft_before"] = title not in body
    checks["b_story_404_before"] = fetch(b, url)[0] == 404

    started = time.monotonic()
    admin.approve(a, story)
    timings["publish_request_ms"] = round(1000 * (time.monotonic() - started), 1)
    status, headers, body = fetch(b, INDEX)
    timings["publish_to_b_index_ms"] = round(1000 * (time.monotonic() - started), 1)
    checks["b_index_lists_it_on_next_request"] = status == 200 and title in body
    status, _, body = fetch(b, url)
    checks["b_story_200_on_next_request"] = status == 200 and title in body
    fetch(b, url)
    checks["b_story_cached_after"] = fetch(b, url)[1].get("X-Page-Cache") == "hit"

    started = time.monotonic()
    admin.unpublish(a, story["pk"])
    timings["unpublish_request_ms"] = round(1000 * (time.monotonic() - started), 1)
    status, _, body = fetch(b, INDEX)
    timings["unpublish_to_b_index_ms"] = round(1000 * (time.monotonic() - started), 1)
    checks["b_index_drops_it_on_next_request"] = status == 200 and title not in body
    checks["b_story_404_on_next_request"] = fetch(b, url)[0] == 404
    return checks, timings


def prove_deliveries(admin, instances, stories, receiver, timeout):
    """Approve (so publish) every story through the admin, alternating instances; wait for the
    receiver."""
    before = receiver.total()
    started = time.monotonic()
    for number, story in enumerate(stories):
        admin.approve(instances[number % len(instances)], story)
    publish_seconds = time.monotonic() - started
    titles = {s["title"] for s in stories}

    def arrived():
        with receiver.lock:
            return sum(
                n for story, n in receiver.by_story.items() if receiver.titles[story] in titles
            )

    deadline = time.monotonic() + timeout
    while arrived() < len(stories) and time.monotonic() < deadline:
        time.sleep(0.1)
    all_seconds = time.monotonic() - started
    time.sleep(2)  # anything arriving late would be a duplicate
    return {
        "publish_requests": len(stories),
        "publish_seconds": round(publish_seconds, 1),
        "until_all_delivered_seconds": round(all_seconds, 1),
        "received_after": receiver.total() - before,
    }


# ---------------------------------------------------------------- main


def markdown(result):
    meta, one, two = result["meta"], result["visibility"], result["deliveries"]
    lines = [
        f"Measured {meta['date']} on {meta['machine']}. Instances A and B: gunicorn "
        f"{meta['gunicorn_workers']} sync workers each, production settings, shared PostgreSQL "
        f"{meta['postgres']} and Redis {meta['redis']}; two `db_worker` processes; publishing "
        "through the Wagtail admin over HTTP: an Office member (password and authenticator code) "
        "approves stories an editor submitted.",
        "",
        "### 1. Publish through A, read through B",
        "",
        "| check | result |",
        "|---|---|",
    ]
    lines += [f"| {k} | {'yes' if v else '**no**'} |" for k, v in one["checks"].items()]
    lines += [
        "",
        "Timings (ms): "
        + ", ".join(
            f"{k.removesuffix('_ms').replace('_', ' ')} {v}" for k, v in one["timings"].items()
        ),
        "",
        f"### 2. {two['stories']} publishes → deliveries",
        "",
        "| measure | value |",
        "|---|---|",
        f"| admin approvals, each publishing one story (alternating A/B) "
        f"| {two['publish_requests']} in {two['publish_seconds']} s |",
        f"| deliveries of these stories at the receiver | {two['received_for_batch']} "
        f"(expected {two['stories']}) |",
        f"| distinct stories / duplicates / missing | {two['distinct_stories']} / "
        f"{two['duplicate_stories']} / {two['missing_stories']} |",
        f"| webhook-ids seen twice | {two['duplicate_webhook_ids']} |",
        f"| invalid signatures | {two['invalid_signatures']} |",
        f"| first publish → last delivery | {two['until_all_delivered_seconds']} s |",
        f"| all receiver deliveries (incl. check 1) | {two['received_total']} "
        f"({', '.join(f'{k}: {v}' for k, v in two['events'].items())}) |",
        f"| outbox rows by status | {two['outbox']['deliveries']} (max attempts "
        f"{two['outbox']['max_attempts']}) |",
        f"| delivered per worker | {two['per_worker']} |",
        "",
        f"**All checks passed: {'yes' if result['ok'] else 'NO'}**"
        + (f" — failures: {result['failures']}" if result["failures"] else ""),
        "",
    ]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description="Scale-out proof (see the module docstring).")
    parser.add_argument("--stories", type=int, default=100, help="publishes for check 2")
    parser.add_argument("--gunicorn-workers", type=int, default=2, help="per instance")
    parser.add_argument("--delivery-timeout", type=int, default=90, help="seconds")
    parser.add_argument("--deadline", type=int, default=300, help="seconds for everything")
    args = parser.parse_args()
    for tool in ("redis-server", "openssl"):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} is needed")

    def on_signal(signum, frame):
        raise Deadline(f"signal {signum}: deadline of {args.deadline} s or SIGTERM")

    signal.signal(signal.SIGALRM, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    signal.alarm(args.deadline)

    started = time.monotonic()
    tmp = Path(tempfile.mkdtemp(prefix="portal-scaleout-"))
    tmp.chmod(0o755)  # the postgres user must reach its data directory
    processes, pg_data, redis, receiver = Processes(), None, None, None
    result = {}
    try:
        pg_data = bench.start_postgres(tmp, port=PG_PORT)
        redis = bench.start_redis(port=REDIS_PORT)
        secret = "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()
        cert, key = self_signed_certificate(tmp)
        receiver = Receiver(secret, cert, key)
        threading.Thread(target=receiver.serve_forever, daemon=True).start()

        port_a, port_b = free_port(), free_port()
        a, b = f"http://127.0.0.1:{port_a}", f"http://127.0.0.1:{port_b}"
        base_env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "WAGTAILADMIN_BASE_URL": a,
            # Passkeys need an https origin (otp_webauthn's system check); the bench signs in
            # with an authenticator code and never uses one.
            "WEBAUTHN_ALLOWED_ORIGINS": "https://127.0.0.1",
            "STATIC_ROOT": str(tmp / "static"),
            "MEDIA_ROOT": str(tmp / "media"),
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{PG_PORT}/portal",
            "REDIS_URL": f"redis://127.0.0.1:{REDIS_PORT}/0",
            "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
            "LOG_LEVEL": "WARNING",
            "PYTHONWARNINGS": "ignore",
        }
        base_env.pop("CACHE_URL", None)
        # Setup without syndication: the demo stories are not sent anywhere.
        log("migrate, collectstatic, demo content, drafts, an admin account")
        bench.manage(base_env, "migrate", "--noinput")
        bench.manage(base_env, "collectstatic", "--noinput")
        bench.manage(base_env, "load_demo_content", "--force")
        drafts = json.loads(
            bench.script(base_env, "bench.probe", "in_review", str(args.stories + 1), "Scaleout")
        )
        password = secrets.token_urlsafe(16)
        device = json.loads(
            bench.script(base_env, "bench.probe", "reviewer", "scaleout.vanphong", password)
        )
        setup_seconds = time.monotonic() - started

        env = {
            **base_env,
            "SYNDICATION_URL": receiver.url,
            "SYNDICATION_SECRET": secret,
            "SSL_CERT_FILE": str(cert),  # trust the receiver's self-signed certificate
        }
        log(f"starting A on {port_a}, B on {port_b}, workers w1 and w2; receiver {receiver.url}")
        for name, port in (("A", port_a), ("B", port_b)):
            processes.start(
                f"instance {name}",
                [PYTHON, "-m", "gunicorn", "portal.wsgi", "--workers", str(args.gunicorn_workers)]
                + ["--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
                env,
                tmp / f"gunicorn-{name}.log",
            )
        for number in (1, 2):
            processes.start(
                f"worker w{number}",
                [PYTHON, "manage.py", "db_worker", "--worker-id", f"scaleout-w{number}"]
                + ["--interval", "0.2", "--no-startup-delay", "--no-reload"],
                env,
                tmp / f"worker-{number}.log",
            )
        wait_until_up(a, processes)
        wait_until_up(b, processes)
        processes.check_alive()

        admin = AdminSession()
        admin.login(a, "scaleout.vanphong", password, device)

        log("check 1: publish and unpublish through A, read through B")
        checks, timings = prove_visibility(admin, a, b, drafts[0])

        log(f"check 2: {args.stories} publishes through the admin, alternating A and B")
        batch = drafts[1:]
        delivery = prove_deliveries(admin, [a, b], batch, receiver, args.delivery_timeout)
        processes.check_alive()
        outbox = json.loads(bench.script(env, "bench.probe", "outbox"))
        batch_titles = {s["title"] for s in batch}
        batch_counts = [
            n for story, n in receiver.by_story.items() if receiver.titles[story] in batch_titles
        ]
        per_worker = Counter()
        for key, count in outbox["tasks"].items():
            worker, status, value = key.split(":", 2)
            if value == "delivered":
                per_worker[worker] += count
        delivery.update(
            {
                "stories": len(batch),
                "received_for_batch": sum(batch_counts),
                "distinct_stories": len(batch_counts),
                "duplicate_stories": sum(1 for n in batch_counts if n > 1),
                "missing_stories": len(batch) - len(batch_counts),
                "duplicate_webhook_ids": sum(1 for n in receiver.by_webhook_id.values() if n > 1),
                "invalid_signatures": len(receiver.invalid),
                "received_total": receiver.total(),
                "events": dict(receiver.by_event),
                "outbox": outbox,
                "per_worker": dict(sorted(per_worker.items())),
            }
        )
        expected_total = len(batch) + 2  # check 1 sent story.published and story.withdrawn
        failures = [k for k, v in checks.items() if not v]
        conditions = {
            "exactly N deliveries for N publishes": delivery["received_for_batch"] == len(batch),
            "every story once": delivery["distinct_stories"] == len(batch)
            and delivery["duplicate_stories"] == 0,
            "no webhook-id twice": delivery["duplicate_webhook_ids"] == 0,
            "every signature valid": delivery["invalid_signatures"] == 0,
            "check 1 sent published + withdrawn": receiver.total() == expected_total,
            "outbox: all delivered": outbox["deliveries"] == {"delivered": expected_total},
            "both workers delivered": len(per_worker) == 2 and all(per_worker.values()),
        }
        failures += [k for k, v in conditions.items() if not v]
        result = {
            "meta": {
                "date": datetime.datetime.now().strftime("%Y-%m-%d %H:%M"),
                "machine": f"{os.cpu_count()} cores, {os.uname().machine}",
                "gunicorn_workers": args.gunicorn_workers,
                "postgres": f"127.0.0.1:{PG_PORT}",
                "redis": f"127.0.0.1:{REDIS_PORT}",
                "setup_seconds": round(setup_seconds, 1),
            },
            "visibility": {"checks": checks, "timings": timings},
            "deliveries": delivery,
            "conditions": conditions,
            "failures": failures,
            "ok": not failures,
        }
    finally:
        signal.alarm(0)
        log("stopping everything")
        processes.stop_all()
        if receiver:
            receiver.shutdown()
            receiver.server_close()
        if redis:
            redis.terminate()
            redis.wait()
        if pg_data:
            bench.stop_postgres(pg_data)
        shutil.rmtree(tmp, ignore_errors=True)

    result["meta"]["total_seconds"] = round(time.monotonic() - started, 1)
    table = (
        markdown(result)
        + f"\nSetup {result['meta']['setup_seconds']} s, whole run "
        + (f"{result['meta']['total_seconds']} s.\n")
    )
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    (RESULTS / f"scaleout-{stamp}.md").write_text(table)
    (RESULTS / f"scaleout-{stamp}.json").write_text(
        json.dumps(result, indent=2, ensure_ascii=False) + "\n"
    )
    print(table)
    log(f"written bench/results/scaleout-{stamp}.md and .json")
    if not result["ok"]:
        raise SystemExit(f"scale-out checks failed: {result['failures']}")


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        raise SystemExit("interrupted; everything stopped") from None
    except Deadline as error:
        raise SystemExit(f"stopped: {error}; everything stopped") from None
