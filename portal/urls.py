from django.conf import settings
from django.urls import include, path
from django.views.generic import TemplateView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from exemplar_stories.public.surrogate_keys import tagged

urlpatterns = [
    # Passkeys (django-otp-webauthn's JSON endpoints), under /admin/ so that the second-factor
    # gate (portal.accounts.middleware) covers them too.
    path("admin/webauthn/", include("django_otp_webauthn.urls", namespace="otp_webauthn")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Purged by every publish and unpublish (the HTTP cache's key "sitemap").
    path("sitemap.xml", tagged(sitemap, "sitemap"), name="sitemap"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots_txt",
    ),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    from exemplar_stories.demo.receiver import demo_receiver

    # Stands in for Sở Nội vụ's portal in development (EXEMPLAR_STORIES in settings/dev.py).
    urlpatterns += [path("demo/so-noi-vu/", demo_receiver, name="demo_syndication_receiver")]

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
