"""System checks of the syndication settings (run by `manage.py check` and at startup)."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

from ..core.conf import get_setting
from . import config, signing


def _check_email_settings():
    """The email backend (SYNDICATION_BACKEND = …email_backend.EmailBackend) needs the Board's
    mailbox, a valid one, and a mail backend that really sends."""
    address = config.mailbox()
    if not address:
        return [
            Error(
                "SYNDICATION_BACKEND is the email backend but SYNDICATION_MAILBOX is empty: "
                "no story can be sent.",
                hint="Set EXEMPLAR_STORIES['SYNDICATION_MAILBOX'] (the environment's "
                "SYNDICATION_MAILBOX) to the Board's editorial mailbox.",
                id="exemplar_stories.E014",
            )
        ]
    errors = []
    problem = config.mailbox_problem(address)
    if problem:
        errors.append(
            Error(
                f"SYNDICATION_MAILBOX {address!r} is refused: {problem}.",
                hint="Use the Board's editorial mailbox, e.g. bientap@sonoivu.example.gov.vn.",
                id="exemplar_stories.E015",
            )
        )
    if settings.EMAIL_BACKEND == "django.core.mail.backends.dummy.EmailBackend":
        errors.append(
            Warning(
                "SYNDICATION_BACKEND is the email backend but EMAIL_BACKEND is the dummy "
                "backend: the stories are marked delivered and go nowhere.",
                hint="Configure SMTP (EMAIL_BACKEND, EMAIL_HOST, EMAIL_PORT…).",
                id="exemplar_stories.W014",
            )
        )
    return errors


@register(Tags.security, deploy=False)
def check_syndication_settings(app_configs=None, **kwargs):
    if config.uses_email():
        return _check_email_settings() + _check_deadline()
    url = config.target_url()
    secret = get_setting("SYNDICATION_SECRET")
    if not url and not secret:
        return []  # syndication off
    errors = []
    if not url:
        errors.append(
            Warning(
                "EXEMPLAR_STORIES['SYNDICATION_SECRET'] is set but SYNDICATION_URL is empty: "
                "nothing will be syndicated.",
                id="exemplar_stories.W001",
            )
        )
    else:
        problem = config.url_problem(url)
        if problem:
            # DEBUG on a laptop may point at any http receiver, with a warning.
            level = Warning if settings.DEBUG else Error
            errors.append(
                level(
                    f"SYNDICATION_URL {url!r} is refused: {problem}.",
                    hint=(
                        "Use an https:// address of at most 500 characters "
                        "(set SYNDICATION_URL in the environment)."
                    ),
                    id="exemplar_stories.E001",
                )
            )
    if url:
        try:
            signing.secret_key(secret)
        except signing.InvalidSecret as error:
            errors.append(
                Error(
                    f"SYNDICATION_SECRET is invalid: {error}",
                    hint="Use the whsec_… secret agreed with the receiver (Standard Webhooks).",
                    id="exemplar_stories.E002",
                )
            )
    if url:
        errors += _check_deadline()
    return errors


def _check_deadline():
    errors = []
    deadline = float(get_setting("SYNDICATION_TIMEOUT"))
    lease = float(get_setting("SYNDICATION_LEASE"))
    if deadline >= lease:
        errors.append(
            Error(
                f"SYNDICATION_TIMEOUT ({deadline:g} s) must be shorter than SYNDICATION_LEASE "
                f"({lease:g} s): a request that outlives its worker's lease is sent twice.",
                hint="Keep the default 30 s deadline and 120 s lease, or shorten the deadline.",
                id="exemplar_stories.E004",
            )
        )
    return errors
