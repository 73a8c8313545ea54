"""Transports for syndication, chosen by EXEMPLAR_STORIES["SYNDICATION_BACKEND"].

`HTTPBackend` posts under one wall-clock deadline (no redirects, no automatic retries: the
outbox retries);
`email_backend.EmailBackend` mails the story to the Board's editorial mailbox instead (SMTP);
`RecordingBackend` keeps what it would have sent, for tests.

Every backend answers with a `SendResult`, which says in the protocol's own terms whether the
receiver took the delivery, refused it for good, or should be tried again: the outbox (services)
decides the rest the same way for every transport.
"""

import http.client
import ssl
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext, ngettext

from ..core.conf import get_setting

RESPONSE_EXCERPT = 2000  # characters of the receiver's answer kept on the delivery
# HTTP 4xx answers worth retrying (timeout, conflict, too early, too many requests); others are
# final.
RETRYABLE_4XX = {408, 409, 425, 429}


def office_text(message, plural=None, **values):
    """A text the outbox stores for the Office (the syndication log, the failure email): in the
    site language, whoever's request or task wrote it. Kept to the log's 500 characters. With
    a plural, the form follows values["count"]."""
    with translation.override(settings.LANGUAGE_CODE):
        text = gettext(message) if plural is None else ngettext(message, plural, values["count"])
        return (text % values)[:500]


def timeout_text(seconds):
    return office_text(
        "Timeout: no complete answer within %(seconds)s seconds.", seconds=f"{seconds:g}"
    )


def failure_text(error):
    """A network error or a broken answer, with the technical detail kept for the deployer."""
    return office_text("Sending failed (%(detail)s).", detail=f"{type(error).__name__}: {error}")


@dataclass
class SendResult:
    status_code: int | None = None  # None: no answer (network error, timeout)
    body: str = ""
    headers: dict = field(default_factory=dict)
    error: str = ""
    # "http": status_code is an HTTP status; "smtp": an SMTP reply code (250, 451, 550…).
    protocol: str = "http"

    @property
    def ok(self):
        return self.status_code is not None and 200 <= self.status_code < 300

    @property
    def gone(self):
        """The address itself is gone (HTTP 410): the target is disabled, nothing more sent."""
        return self.protocol == "http" and self.status_code == 410

    @property
    def refused(self):
        """The receiver refused this delivery for good: it is not retried (HTTP 4xx but the
        retryable ones and 410; SMTP 5xx, a permanent negative reply). Everything else that is
        not `ok` (no answer, HTTP 5xx, SMTP 4xx) is temporary and retried."""
        code = self.status_code
        if code is None:
            return False
        if self.protocol == "smtp":
            return 500 <= code < 600
        return 400 <= code < 500 and code not in RETRYABLE_4XX and code != 410


class BaseSyndicationBackend:
    # "webhook": `send` gets the signed JSON request; "email": `deliver` gets the delivery.
    transport = "webhook"

    def send(self, *, url, headers, body):  # pragma: no cover - interface
        """POST `body` (bytes) with `headers` to `url`; return a SendResult, never raise."""
        raise NotImplementedError


class DeadlineExceeded(Exception):
    pass


class HTTPBackend(BaseSyndicationBackend):
    """POSTs with the standard library's http.client under one wall-clock deadline for the whole
    request (connect, send, status line, headers and body): a receiver that drips its answer a
    byte at a time is cut when the deadline passes. A watchdog closes the socket at the deadline,
    so no single read can outlive it (per-read timeouts alone would not: urllib3's are per read).
    No redirects are followed and nothing is retried here: the outbox retries."""

    def __init__(self, *, connect_timeout=None, timeout=None):
        self.connect_timeout = float(connect_timeout or get_setting("SYNDICATION_CONNECT_TIMEOUT"))
        self.timeout = float(timeout or get_setting("SYNDICATION_TIMEOUT"))

    def _connection(self, url):
        parts = urlsplit(url)
        timeout = min(self.connect_timeout, self.timeout)
        if parts.scheme == "https":
            conn = http.client.HTTPSConnection(
                parts.hostname, parts.port, timeout=timeout, context=ssl.create_default_context()
            )
        else:
            conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        return conn, path

    def send(self, *, url, headers, body):
        deadline = time.monotonic() + self.timeout
        conn, path = self._connection(url)
        expired = threading.Event()
        opened = []  # the socket, kept: http.client forgets it once an answer says "close"

        def cut():
            expired.set()
            for sock in opened:
                try:
                    sock.shutdown(2)  # SHUT_RDWR: any blocked read returns at once
                except OSError:
                    pass

        watchdog = threading.Timer(self.timeout, cut)
        watchdog.daemon = True
        watchdog.start()

        def remaining():
            left = deadline - time.monotonic()
            if left <= 0 or expired.is_set():
                raise DeadlineExceeded
            return left

        try:
            conn.connect()
            opened.append(conn.sock)
            if expired.is_set():
                cut()
            conn.sock.settimeout(remaining())
            conn.request("POST", path, body=body, headers={**headers, "connection": "close"})
            response = conn.getresponse()
            chunks, size = [], 0
            while size < RESPONSE_EXCERPT * 4:
                opened[0].settimeout(remaining())
                chunk = response.read1(RESPONSE_EXCERPT * 4 - size)
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
            remaining()
        except Exception as error:  # never raise: network errors, broken answers, the deadline
            if expired.is_set() or isinstance(error, (DeadlineExceeded, TimeoutError)):
                return SendResult(error=timeout_text(self.timeout))
            return SendResult(error=failure_text(error))
        finally:
            watchdog.cancel()
            conn.close()
            for sock in opened:
                sock.close()
        return SendResult(
            status_code=response.status,
            body=b"".join(chunks).decode("utf-8", "replace")[:RESPONSE_EXCERPT],
            headers={k.lower(): v for k, v in response.getheaders()},
        )


class RecordingBackend(BaseSyndicationBackend):
    """Keeps every request in `RecordingBackend.sent`; answers from `responses` (FIFO), else 200."""

    sent = []
    responses = []

    def send(self, *, url, headers, body):
        type(self).sent.append({"url": url, "headers": dict(headers), "body": body})
        if type(self).responses:
            return type(self).responses.pop(0)
        return SendResult(status_code=200, body="ok")

    @classmethod
    def reset(cls):
        cls.sent.clear()
        cls.responses.clear()


def get_backend():
    return import_string(get_setting("SYNDICATION_BACKEND"))()
