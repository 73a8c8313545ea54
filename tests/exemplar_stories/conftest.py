"""Fixtures shared by the story tests."""

from .support.receiver import receiver, threaded_receiver  # noqa: F401 (a real Standard Webhooks receiver on 127.0.0.1)
from .support.smtp import mail_server  # noqa: F401 (the Board's SMTP server on 127.0.0.1, aiosmtpd)
