"""The Office's reports share one URL namespace, `exemplar_stories_reports`, under
/admin/exemplar-reports/: the quarterly duty (duty/urls.py) and the yearly review
(yearly_review/urls.py). Mounted by wagtail_hooks.py."""

from .duty import urls as duty_urls
from .yearly_review import urls as yearly_review_urls

app_name = "exemplar_stories_reports"
urlpatterns = [*duty_urls.urlpatterns, *yearly_review_urls.urlpatterns]
