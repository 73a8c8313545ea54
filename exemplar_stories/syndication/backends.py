"""Transports for syndication, chosen by EXEMPLAR_STORIES["SYNDICATION_BACKEND"].

`HTTPBackend` posts with urllib3 (no redirects, no automatic retries: the outbox retries);
`RecordingBackend` keeps what it would have sent, for tests.
"""

from dataclasses import dataclass, field

from django.utils.module_loading import import_string

from ..core.conf import get_setting

RESPONSE_EXCERPT = 2000  # characters of the receiver's answer kept on the delivery


@dataclass
class SendResult:
    status_code: int | None = None  # None: no HTTP answer (network error, timeout)
    body: str = ""
    headers: dict = field(default_factory=dict)
    error: str = ""

    @property
    def ok(self):
        return self.status_code is not None and 200 <= self.status_code < 300


class BaseSyndicationBackend:
    def send(self, *, url, headers, body):  # pragma: no cover - interface
        """POST `body` (bytes) with `headers` to `url`; return a SendResult, never raise."""
        raise NotImplementedError


class HTTPBackend(BaseSyndicationBackend):
    def __init__(self, *, connect_timeout=None, timeout=None):
        import urllib3

        self.timeout = urllib3.Timeout(
            connect=connect_timeout or get_setting("SYNDICATION_CONNECT_TIMEOUT"),
            total=timeout or get_setting("SYNDICATION_TIMEOUT"),
        )
        self.pool = urllib3.PoolManager(retries=False, timeout=self.timeout)

    def send(self, *, url, headers, body):
        import urllib3

        try:
            response = self.pool.request(
                "POST",
                url,
                body=body,
                headers=headers,
                redirect=False,
                retries=False,
                preload_content=False,
            )
        except urllib3.exceptions.HTTPError as error:
            return SendResult(error=f"{type(error).__name__}: {error}"[:500])
        try:
            excerpt = response.read(RESPONSE_EXCERPT * 4, decode_content=True)
        except urllib3.exceptions.HTTPError as error:
            excerpt = f"({type(error).__name__} reading the answer)".encode()
        finally:
            # The answer may be longer than what we read: never put the connection back.
            response.close()
            response.release_conn()
        return SendResult(
            status_code=response.status,
            body=excerpt.decode("utf-8", "replace")[:RESPONSE_EXCERPT],
            headers={k.lower(): v for k, v in response.headers.items()},
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
