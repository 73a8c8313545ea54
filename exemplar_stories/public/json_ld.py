"""A story as schema.org JSON-LD, for the <script type="application/ld+json"> of its page."""

import json

from django.utils.html import _json_script_escapes

from ..core.quarters import local_iso as _iso
from ..core.text import strip_control_chars


def story_json_ld(story, request=None):
    """schema.org Article as a string safe to place inside <script type="application/ld+json">."""
    url = story.get_full_url(request)
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": strip_control_chars(story.title)[:110],
        "description": strip_control_chars(story.summary),
        "url": url,
        "mainEntityOfPage": url,
        "inLanguage": "vi",
        "datePublished": _iso(story.first_published_at),
        "dateModified": _iso(story.last_published_at or story.first_published_at),
        "articleSection": str(story.kind_label),
        "about": {
            "@type": "Person" if story.subject_kind == "individual" else "Organization",
            "name": story.subject_name,
        },
        "author": {"@type": "Organization", "name": story.unit.name},
        "publisher": {"@type": "GovernmentOrganization", "name": "Sở Tư pháp"},
    }
    return json.dumps(data, ensure_ascii=False).translate(_json_script_escapes)
