"""The demo's consents: every published demo story has one, one story waits for its consent,
one was withdrawn (off the portal, with its audit entry)."""

import pytest
from django.core.management import call_command

from exemplar_stories.access.consent import missing_scopes
from exemplar_stories.demo.loader import WITHDRAWN_DEMO_REASON
from exemplar_stories.models import ConsentWithdrawal, StoryPage

pytestmark = [pytest.mark.django_db, pytest.mark.without_consent]


def test_the_demo_has_consents_a_story_waiting_for_one_and_a_withdrawal(settings):
    settings.DEBUG = True
    call_command("load_demo_content", verbosity=0)
    live = StoryPage.objects.live().specific()
    assert live and all(not missing_scopes(story) for story in live)
    waiting = [s for s in StoryPage.objects.specific() if s.workflow_in_progress]
    assert any(missing_scopes(s) for s in waiting)  # in review, no consent form yet
    withdrawal = ConsentWithdrawal.objects.get()
    assert withdrawal.reason == WITHDRAWN_DEMO_REASON
    assert not StoryPage.objects.get(pk=withdrawal.consent.story_id).live
    call_command("load_demo_content", verbosity=0)  # idempotent
    assert ConsentWithdrawal.objects.count() == 1
