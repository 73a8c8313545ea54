"""System checks of the syndication settings (run by `manage.py check` and at startup)."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

from ..core.conf import get_setting
from . import config, signing


@register(Tags.security, deploy=False)
def check_syndication_settings(app_configs=None, **kwargs):
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
                    hint="Use an https:// address (set SYNDICATION_URL in the environment).",
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
    deadline = float(get_setting("SYNDICATION_TIMEOUT"))
    lease = float(get_setting("SYNDICATION_LEASE"))
    if url and deadline >= lease:
        errors.append(
            Error(
                f"SYNDICATION_TIMEOUT ({deadline:g} s) must be shorter than SYNDICATION_LEASE "
                f"({lease:g} s): a request that outlives its worker's lease is sent twice.",
                hint="Keep the default 30 s deadline and 120 s lease, or shorten the deadline.",
                id="exemplar_stories.E004",
            )
        )
    return errors
