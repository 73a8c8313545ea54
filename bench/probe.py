"""In-process helpers of the benchmark, run with the same environment as the server.

python -m bench.probe urls                 # JSON: the URLs to load (a demo story's URL…)
python -m bench.probe stories N            # JSON: the URLs of N live stories, newest first
python -m bench.probe queries URL…         # JSON: SQL queries per URL, page cache off and on
python -m bench.probe publish URL TITLE    # publish a new revision of that story
python -m bench.probe unpublish URL
python -m bench.probe republish URL        # publish its latest revision again
python -m bench.probe drafts N PREFIX       # JSON: N new draft stories (never published)
python -m bench.probe in_review N PREFIX    # JSON: N new stories an editor submitted for review
python -m bench.probe superuser NAME PASSWORD
python -m bench.probe reviewer NAME PASSWORD  # an Office member; JSON: their TOTP key (hex)
python -m bench.probe outbox               # JSON: syndication deliveries and task results
"""

import json
import sys

from bench.common import setup_django

setup_django()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from wagtail.models import Page  # noqa: E402

from exemplar_stories.models import StoryPage  # noqa: E402


def story_for(url):
    return Page.objects.get(url_path__endswith=url.rstrip("/").rsplit("/", 1)[-1] + "/").specific


def urls():
    # A demo story: it has an image, awards and related stories, like a real one.
    story = StoryPage.objects.live().filter(hero_image__isnull=False).order_by("pk").first()
    story = story or StoryPage.objects.live().order_by("pk").first()
    return {"story": story.url}


def count_queries(paths):
    setup_test_environment()  # the Client needs it; it changes nothing the counts depend on
    client = Client(SERVER_NAME="127.0.0.1")
    counts = {}
    for label, seconds in [("cache_off", 0), ("cache_on", 600)]:
        stories = {**settings.EXEMPLAR_STORIES, "PAGE_CACHE_SECONDS": seconds}
        with override_settings(EXEMPLAR_STORIES=stories):
            for path in paths:
                client.get(path)  # warm: fills Wagtail's site root paths, the page cache…
                with CaptureQueriesContext(connection) as ctx:
                    response = client.get(path)
                counts.setdefault(path, {})[label] = len(ctx.captured_queries)
                counts[path]["status"] = response.status_code
    return counts


def drafts(count, prefix):
    from exemplar_stories.models import ExemplarIndexPage, ExemplarPage, Field, Unit

    index = ExemplarIndexPage.objects.live().order_by("pk").first()
    unit, field = Unit.objects.order_by("pk").first(), Field.objects.order_by("pk").first()
    made = []
    for number in range(count):
        page = ExemplarPage(
            title=f"{prefix} {number:03d}",
            slug=f"{prefix.lower()}-{number:03d}",
            subject_kind="individual",
            subject_name="Nguyễn Văn A",
            unit=unit,
            field=field,
            summary="Bài nháp của phép thử scale-out.",
            live=False,
        )
        index.add_child(instance=page)
        page.save_revision()
        made.append({"pk": page.pk, "title": page.title, "url": page.url})
    return made


def in_review(count, prefix):
    """`drafts`, each submitted to the Office review by an editor of its unit (`bench.bientap`),
    as the admin's "Submit" does: the Office's approval is what publishes it (four-eyes)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from exemplar_stories.core.conf import get_setting
    from exemplar_stories.models import ExemplarPage, Unit, UnitMembership

    unit = Unit.objects.order_by("pk").first()
    editor, _ = get_user_model().objects.get_or_create(
        username="bench.bientap", defaults={"email": "bench.bientap@example.org"}
    )
    editor.groups.add(Group.objects.get(name=get_setting("EDITOR_GROUP")))
    UnitMembership.objects.update_or_create(user=editor, defaults={"unit": unit})
    made = drafts(count, prefix)
    for story in made:
        page = ExemplarPage.objects.get(pk=story["pk"])
        page.save_revision(user=editor)
        workflow_state = page.get_workflow().start(page, editor)
        story["task_state"] = workflow_state.current_task_state.pk
    return made


def reviewer(username, password):
    """An Office member (the REVIEWER_GROUP) with a confirmed authenticator (TOTP) device: the
    second factor production requires of the Office. Returns the device's key, from which the
    bench computes the codes an authenticator app would show."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from exemplar_stories.core.conf import get_setting

    user = get_user_model().objects.create_user(username, f"{username}@example.org", password)
    user.groups.add(Group.objects.get(name=get_setting("REVIEWER_GROUP")))
    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    return {"key": device.key, "step": device.step, "digits": device.digits}


def outbox():
    from django.db.models import Count
    from django_tasks_db.models import DBTaskResult

    from exemplar_stories.models import SyndicationDelivery

    deliveries = SyndicationDelivery.objects.all()
    tasks = {}
    for result in DBTaskResult.objects.filter(task_path__endswith="deliver_syndication"):
        worker = ",".join(result.worker_ids) or "-"
        key = f"{worker}:{result.status}:{result.return_value}"
        tasks[key] = tasks.get(key, 0) + 1
    return {
        "deliveries": {
            row["status"]: row["n"]
            for row in deliveries.values("status").annotate(n=Count("pk")).order_by()
        },
        "max_attempts": max((d.attempts for d in deliveries), default=0),
        "tasks": tasks,
    }


def main():
    command, *args = sys.argv[1:]
    if command == "urls":
        print(json.dumps(urls()))
    elif command == "stories":
        rows = StoryPage.objects.live().order_by("-first_published_at", "-pk")[: int(args[0])]
        print(json.dumps([story.url for story in rows]))
    elif command == "queries":
        print(json.dumps(count_queries(args)))
    elif command == "publish":
        story = story_for(args[0])
        story.title = args[1]
        story.save_revision().publish(skip_permission_checks=True)
    elif command == "unpublish":
        story_for(args[0]).unpublish()
    elif command == "republish":
        story = story_for(args[0])
        (story.get_latest_revision() or story.save_revision()).publish(skip_permission_checks=True)
    elif command == "drafts":
        print(json.dumps(drafts(int(args[0]), args[1])))
    elif command == "in_review":
        print(json.dumps(in_review(int(args[0]), args[1])))
    elif command == "reviewer":
        print(json.dumps(reviewer(args[0], args[1])))
    elif command == "superuser":
        from django.contrib.auth import get_user_model

        get_user_model().objects.create_superuser(args[0], f"{args[0]}@example.org", args[1])
    elif command == "outbox":
        print(json.dumps(outbox()))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
