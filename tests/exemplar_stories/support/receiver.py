"""A real HTTP receiver for syndication tests: pytest-httpserver on 127.0.0.1 that verifies every
request with the Standard Webhooks reference library and answers from a script."""

import json
import threading
import time
from pathlib import Path

import jsonschema
import pytest
from standardwebhooks.webhooks import Webhook, WebhookVerificationError
from werkzeug.wrappers import Response

import exemplar_stories

SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"  # the spec's example secret
SCHEMA = json.loads(
    (Path(exemplar_stories.__file__).parent / "syndication/schema/story-v2.json").read_text()
)


def validate_payload(payload):
    jsonschema.validate(payload, SCHEMA, format_checker=jsonschema.FormatChecker())


class Receiver:
    """Records what arrives; `script` is a list of answers: a status code, a (code, headers)
    pair, ("sleep", seconds) to hang, or ("drip", seconds) to send a 200 one byte a second;
    then `default` (200: set it to 503 for an outage, 410 for a gone address)."""

    def __init__(self, server):
        self.server = server
        self.url = server.url_for("/hooks/stories")
        self.received = []
        self.script = []
        self.default = 200
        self.lock = threading.Lock()
        server.expect_request("/hooks/stories", method="POST").respond_with_handler(self.handle)

    def handle(self, request):
        body = request.get_data()
        try:
            payload = Webhook(SECRET).verify(body, dict(request.headers))
        except WebhookVerificationError as error:
            payload = None
            verified = str(error)
        else:
            verified = True
        with self.lock:
            answer = self.script.pop(0) if self.script else self.default
            code = 200 if isinstance(answer, tuple) and answer[0] in ("sleep", "drip") else answer
            code = code[0] if isinstance(code, tuple) else code
            record = {
                "headers": dict(request.headers),
                "payload": payload,
                "verified": verified,
                "answer": code,
                "at": time.monotonic(),
            }
            self.received.append(record)
        if isinstance(answer, tuple) and answer[0] == "sleep":
            time.sleep(answer[1])
            record["answered_at"] = time.monotonic()
            return Response("late", status=200)
        if isinstance(answer, tuple) and answer[0] == "drip":
            seconds = answer[1]

            def drip():
                for _ in range(seconds):
                    yield b"."
                    time.sleep(1)

            return Response(drip(), status=200)
        code, headers = answer if isinstance(answer, tuple) else (answer, {})
        return Response(f"answer {code}", status=code, headers=headers)

    def accepted(self):
        """The events the receiver accepted (2xx), in arrival order: (story id, event, msg id)."""
        return [
            (r["payload"]["id"], r["payload"]["event"], r["headers"]["Webhook-Id"])
            for r in self.received
            if r["payload"] and 200 <= r["answer"] < 300
        ]

    def state(self):
        """What the receiver holds after applying the accepted events: story id → last event."""
        return {story: event for story, event, _ in self.accepted()}

    @property
    def ids(self):
        return [r["headers"]["Webhook-Id"] for r in self.received]

    @property
    def events(self):
        return [r["payload"]["event"] for r in self.received]


def _configure(settings, rec):
    settings.EXEMPLAR_STORIES = {**settings.EXEMPLAR_STORIES, "SYNDICATION_URL": rec.url}
    return rec


@pytest.fixture
def threaded_receiver(settings):
    """A Receiver on its own server that answers several requests at once (two workers)."""
    from pytest_httpserver import HTTPServer

    server = HTTPServer(threaded=True)
    server.start()
    settings.EXEMPLAR_STORIES = {
        **settings.EXEMPLAR_STORIES,
        "SYNDICATION_SECRET": SECRET,
        "SYNDICATION_CONNECT_TIMEOUT": 0.5,
        "SYNDICATION_TIMEOUT": 2,
    }
    yield _configure(settings, Receiver(server))
    server.clear()
    if server.is_running():
        server.stop()


@pytest.fixture
def receiver(httpserver, settings):
    settings.EXEMPLAR_STORIES = {
        **settings.EXEMPLAR_STORIES,
        "SYNDICATION_URL": "",  # set below
        "SYNDICATION_SECRET": SECRET,
        "SYNDICATION_CONNECT_TIMEOUT": 0.5,
        "SYNDICATION_TIMEOUT": 0.5,
    }
    rec = Receiver(httpserver)
    settings.EXEMPLAR_STORIES = {**settings.EXEMPLAR_STORIES, "SYNDICATION_URL": rec.url}
    return rec
