"""The public corrections page: corrections on public stories only, newest first, paginated."""
import datetime
import importlib

import pytest
from django.utils import timezone

from articles.workflow import transition
from tests import factories

pytestmark = pytest.mark.django_db
view = importlib.import_module("articles.views.corrections")  # the package re-exports the view by that name


def test_lists_corrections_of_public_stories_newest_first(client, editor, time_machine, monkeypatch):
    monkeypatch.setattr(view, "PAGE_SIZE", 2)
    story = factories.published("Corrected story")
    for n in range(3):
        time_machine.move_to(timezone.now() + datetime.timedelta(minutes=5))
        factories.correct(story, f"Correction number {n}.")
    withdrawn = factories.published("Withdrawn story")
    factories.correct(withdrawn, "Correction of a withdrawn story.")
    transition(withdrawn, "withdraw", user=editor, note="Gone.")
    first = client.get("/corrections/").content.decode()
    second = client.get("/corrections/?page=2").content.decode()
    assert first.index("Correction number 2.") < first.index("Correction number 1.")
    assert "Correction number 0." in second and '<link rel="next" href="/corrections/?page=2">' in first
    assert "Withdrawn story" not in first + second
    assert f'href="{story.get_absolute_url()}#correction-' in first


def test_no_corrections_says_so(client):
    assert "No corrections have been published." in client.get("/corrections/").content.decode()
