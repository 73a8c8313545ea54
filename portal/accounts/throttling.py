"""The client's address for django-axes (AXES_CLIENT_IP_CALLABLE), through django-ipware.

Behind N proxies that each append the address they saw to X-Forwarded-For (nginx:
`proxy_add_x_forwarded_for`), the last N entries were written by our proxies, the outermost
one writing the client's address; everything to its left was written by the client and may be
forged. So the client is the N-th entry from the right. python-ipware counts the proxies
*listed* in the header (the one connecting to us appears as REMOTE_ADDR only), hence N - 1,
and `strict=False` so that extra forged entries on the left are ignored rather than
invalidating the header. Without a proxy (N = 0), only REMOTE_ADDR is used.
"""

from django.conf import settings
from ipware import get_client_ip


def client_ip_address(request):
    proxies = int(getattr(settings, "ACCOUNTS_PROXY_COUNT", 0) or 0)
    if proxies > 0:
        address, _routable = get_client_ip(
            request,
            proxy_count=proxies - 1,
            request_header_order=["HTTP_X_FORWARDED_FOR"],
            strict=False,
        )
        if address:
            return address
    return request.META.get("REMOTE_ADDR")
