"""A transport for development: posts to a URL served by this very Django project (the demo
receiver) by calling its view in-process, so that deliveries made while no server runs (e.g.
`manage.py load_demo_content` before `runserver`) still arrive, signed and verified."""

from urllib.parse import urlsplit

from django.test import RequestFactory
from django.urls import Resolver404, resolve

from .backends import BaseSyndicationBackend, SendResult


class InProcessBackend(BaseSyndicationBackend):
    def send(self, *, url, headers, body):
        path = urlsplit(url).path or "/"
        try:
            match = resolve(path)
        except Resolver404:
            return SendResult(status_code=404, body=f"{path} is not served by this site")
        request = RequestFactory().post(
            path,
            data=body,
            content_type=headers.get("content-type", "application/json"),
            headers={k: v for k, v in headers.items() if k.lower() != "content-type"},
        )
        response = match.func(request, *match.args, **match.kwargs)
        return SendResult(
            status_code=response.status_code,
            body=response.content.decode("utf-8", "replace")[:2000],
            headers={k.lower(): v for k, v in response.items()},
        )
