"""Fixtures shared by the story tests."""

from .support.receiver import receiver, threaded_receiver  # noqa: F401 (a real Standard Webhooks receiver on 127.0.0.1)
