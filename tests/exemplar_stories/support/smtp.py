"""A real SMTP server for the email syndication tests: aiosmtpd on 127.0.0.1 (a free port),
standing in for the Board's mail server. It answers the Board's mailbox from a script and
records every message it accepted, parsed."""

import asyncio
import email
import email.policy
import socket
import time

import pytest
from aiosmtpd.controller import Controller

BOARD_MAILBOX = "bientap@sonoivu.example.vn"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class MailServer:
    """`script`: answers to the Board's mailbox, one per attempt (at RCPT TO, as real servers
    refuse a mailbox): an SMTP reply ("451 4.3.0 Try later", "550 5.1.1 No such mailbox") or
    ("sleep", seconds) to hang before answering; then `default` ("250 OK"). `stop()` and
    `start()` take the server down and bring it back on the same port."""

    def __init__(self):
        self.port = free_port()
        self.script = []
        self.default = "250 OK"
        self.attempts = []  # (monotonic time, answer) for each RCPT TO of the Board's mailbox
        self.messages = []  # email.message.EmailMessage, in the order they were accepted
        self.controller = None

    # aiosmtpd handler hooks
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() == BOARD_MAILBOX:
            answer = self.script.pop(0) if self.script else self.default
            self.attempts.append((time.monotonic(), answer))
            if isinstance(answer, tuple) and answer[0] == "sleep":
                await asyncio.sleep(answer[1])
                answer = "250 OK"
            if not answer.startswith("2"):
                return answer
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        message.envelope_to = list(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 Message accepted for delivery"

    def start(self):
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def to_board(self):
        return [m for m in self.messages if BOARD_MAILBOX in m.envelope_to]


@pytest.fixture
def mail_server(settings):
    """The Board's mail server, and the portal configured to syndicate by email through it."""
    server = MailServer()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.DEFAULT_FROM_EMAIL = "Cổng TTĐT Sở Tư pháp <no-reply@tuphap.example.vn>"
    settings.EXEMPLAR_STORIES = {
        **settings.EXEMPLAR_STORIES,
        "SYNDICATION_BACKEND": "exemplar_stories.syndication.email_backend.EmailBackend",
        "SYNDICATION_MAILBOX": BOARD_MAILBOX,
        "SYNDICATION_URL": "",
        "SYNDICATION_SECRET": "",
        "SYNDICATION_TIMEOUT": 2,
    }
    yield server
    server.stop()
