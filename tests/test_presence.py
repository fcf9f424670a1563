"""Presence: the edit page says who else opened the story lately, before anyone types."""
import datetime

import pytest

from articles import presence
from tests import factories

pytestmark = pytest.mark.django_db
START = datetime.datetime(2025, 5, 6, 9, 0, tzinfo=datetime.UTC)


def test_the_second_person_to_open_a_story_is_told_who_else_has_it(client, editor, time_machine):
    time_machine.move_to(START, tick=False)
    story = factories.article("Busy story")
    olga = factories.editor("olga", "Olga", "Other")
    url = f"/admin/articles/article/{story.pk}/change/"
    client.force_login(olga)
    first = client.get(url).content.decode()
    assert "Also working on this story" in first and "opened this story" not in first

    time_machine.move_to(START + datetime.timedelta(minutes=2, seconds=10), tick=False)
    client.force_login(editor)
    assert "Olga Other opened this story 2 minutes ago" in client.get(url).content.decode()
    # Olga's page asks again while she works: now she sees Edith.
    client.force_login(olga)
    assert client.get(url.replace("change/", "presence/")).json() == {"others": ["Edith Editor opened this story just now"]}


def test_presence_fades_after_the_window_and_is_per_story(editor, time_machine):
    time_machine.move_to(START, tick=False)
    olga = factories.editor("olga", "Olga", "Other")
    presence.record_open(1, olga)
    assert [v.sentence() for v in presence.others(1, editor)] == ["Olga Other opened this story just now"]
    assert presence.others(2, editor) == [] and presence.others(1, olga) == []
    time_machine.move_to(START + datetime.timedelta(seconds=presence.WINDOW + 1), tick=False)
    assert presence.others(1, editor) == []


def test_several_visitors_most_recent_first(editor, time_machine):
    time_machine.move_to(START, tick=False)
    olga, reza = factories.editor("olga", "Olga", "Other"), factories.reporter()
    presence.record_open(7, olga)
    time_machine.move_to(START + datetime.timedelta(minutes=1), tick=False)
    presence.record_open(7, reza)
    presence.record_open(7, olga)  # opened again: one line, the latest time
    time_machine.move_to(START + datetime.timedelta(minutes=3), tick=False)
    assert [v.sentence() for v in presence.others(7, editor)] == [
        "Olga Other opened this story 2 minutes ago", "Reza Reporter opened this story 2 minutes ago"]


def test_someone_with_the_page_still_open_stays_listed(client, editor, time_machine):
    time_machine.move_to(START, tick=False)
    story = factories.article("Long edit")
    olga = factories.editor("olga", "Olga", "Other")
    client.force_login(olga)
    client.get(f"/admin/articles/article/{story.pk}/change/")
    for minutes in range(1, 16):  # her page asks every half minute; once a minute is enough here
        time_machine.move_to(START + datetime.timedelta(minutes=minutes), tick=False)
        client.get(f"/admin/articles/article/{story.pk}/presence/")
    assert [v.sentence() for v in presence.others(story.pk, editor)] == ["Olga Other opened this story 15 minutes ago"]
