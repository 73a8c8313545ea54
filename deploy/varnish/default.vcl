# Varnish in front of gunicorn for the portal's anonymous readers (README, "Production").
#
# Debian: apt-get install varnish varnish-modules (xkey). Install as /etc/varnish/default.vcl,
# or run: varnishd -a :6081 -f /srv/portal/deploy/varnish/default.vcl -s malloc,256m
# and set VARNISH_URLS=http://127.0.0.1:6081 for the app (it purges through it).
#
# - Caches only what the app marks cacheable (`Surrogate-Control: max-age=N`, sent for anonymous
#   GET/HEAD responses of public pages that set no cookie; exemplar_stories/public/http_cache.py)
#   and the hashed static files; everything else is passed or kept as hit-for-miss.
# - Passes the admin (and so previews), documents, Wagtail's login/password views, any request
#   with a session or messages cookie (logged-in users) or an Authorization header.
# - Purges (from the PURGE ACL only): `PURGE` with `xkey-purge: key key …` removes every object
#   tagged with one of the keys (the app's `xkey` header: exemplar_stories/public/surrogate_keys.py);
#   `PURGE <url>` (wagtail.contrib.frontend_cache's HTTPBackend) removes that URL on its host.

vcl 4.1;

import std;
import xkey;

# The app (gunicorn). bench/run.py and the integration test write a copy with another port.
backend default {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 5s;
    .first_byte_timeout = 60s;
    .between_bytes_timeout = 30s;
}

# Who may purge: the app hosts. Everybody else gets 405.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "Purging is not allowed from " + client.ip));
        }
        if (req.http.xkey-purge) {
            set req.http.x-purged = xkey.purge(req.http.xkey-purge);
            return (synth(200, "Purged " + req.http.x-purged + " objects"));
        }
        ban("obj.http.x-host == " + req.http.host + " && obj.http.x-url == " + std.querysort(req.url));
        return (synth(200, "Purged " + req.url));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/(admin|documents|_util)/") {
        return (pass);
    }
    if (req.http.Authorization || req.http.Cookie ~ "(^|;\s*)(sessionid|messages)=") {
        return (pass);
    }
    # Nothing an anonymous public page depends on comes in a cookie (analytics, csrftoken).
    unset req.http.Cookie;
    set req.url = std.querysort(req.url);
    return (hash);
}

sub vcl_hash {
    # Pages name their own absolute URLs (canonical, og:url, feeds): http and https differ.
    hash_data(req.http.X-Forwarded-Proto);
}

sub vcl_backend_response {
    # For URL purges (bans the ban lurker can test without the request).
    set beresp.http.x-url = bereq.url;
    set beresp.http.x-host = bereq.http.host;
    if (beresp.http.Set-Cookie) {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    if (beresp.http.Surrogate-Control ~ "max-age=[0-9]+") {
        set beresp.ttl = std.duration(
            regsub(beresp.http.Surrogate-Control, ".*max-age=([0-9]+).*", "\1") + "s", 0s);
        set beresp.grace = 30s;
        unset beresp.http.Surrogate-Control;
        return (deliver);
    }
    if (bereq.url ~ "^/static/" && beresp.status == 200) {
        return (deliver);  # WhiteNoise's hashed files: their own far-future Cache-Control
    }
    # Not marked cacheable by the app (a logged-in page, an error, a redirect, a form): never
    # kept; remembered as hit-for-miss for 2 minutes, so the next request goes straight through.
    set beresp.uncacheable = true;
    set beresp.ttl = 120s;
    return (deliver);
}

sub vcl_deliver {
    if (obj.uncacheable) {
        set resp.http.X-Cache = "PASS";
    } elsif (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    unset resp.http.x-url;
    unset resp.http.x-host;
    unset resp.http.xkey;
    unset resp.http.Surrogate-Key;
    unset resp.http.Via;
}
