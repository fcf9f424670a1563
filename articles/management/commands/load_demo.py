import datetime

from django.contrib.auth.models import Group, User
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from articles import demo_content as demo
from articles import demo_pictures
from articles.editing import record_revision, set_bylines
from articles.models import Agency, Article, Image, Person, Section
from articles.workflow import transition


class Command(BaseCommand):
    help = "Load the demo newsroom (sections, people, stories, users editor/reporter). Safe to run twice."

    @transaction.atomic
    def handle(self, *args, **options):
        for username, password, group, first, last in demo.DEMO_USERS:
            user, created = User.objects.get_or_create(
                username=username, defaults={"is_staff": True, "first_name": first, "last_name": last})
            if created:
                user.set_password(password)
                user.save()
            user.groups.add(Group.objects.get(name=group))
        if Article.objects.exists():
            self.stdout.write("Demo stories already loaded.")
            return self._print_logins()
        sections = {}
        for name, slug, position in demo.SECTIONS:
            sections[slug], _ = Section.objects.get_or_create(slug=slug, defaults={"name": name, "position": position})
        people = {}
        for name, slug, bio, agency_slug in demo.PEOPLE:
            people[slug], _ = Person.objects.get_or_create(slug=slug, defaults={
                "name": name, "bio": bio, "agency": Agency.objects.filter(slug=agency_slug).first()})
        people["ines-vasquez"].user = User.objects.get(username="reporter")
        people["ines-vasquez"].save()
        editor = User.objects.get(username="editor")
        now = timezone.now()
        for index, (headline, standfirst, section, bylines, agencies, (place, _), hours, tags, body) in enumerate(demo.STORIES):
            story = self._story(headline, standfirst, sections[section], body, place,
                                demo.dateline_date(hours, now), editor)
            story.lead_image = Image.objects.create(
                file=ContentFile(demo_pictures.landscape(index), name=f"demo-{index + 1}.jpg"),
                caption=f"{place}: an illustration for this demo story.", credit="Illustration: Newsroom demo",
                alt_text="A drawn landscape of hills under a low sun.")
            story.save(update_fields=["lead_image"])
            set_bylines(story, [(people[slug], role) for slug, role in bylines])
            story.agencies.set(Agency.objects.filter(slug__in=agencies))
            story.tags.set(tags)
            record_revision(story, user=editor, note="Demo content")
            # Backdated like an archive import, so the demo does not show every story as "Updated".
            transition(story, "import_published", user=None, at=now - datetime.timedelta(hours=hours),
                       note="Demo content")
        headline, note = demo.CORRECTION
        transition(Article.objects.get(headline=headline), "correct", user=editor, note=note)

        headline, section, hours = demo.SCHEDULED
        story = self._story(headline, "", sections[section], "Results will be announced by the electoral commission.",
                            "Lisbon", now.date(), editor)
        set_bylines(story, [(people["ines-vasquez"], "")])
        transition(story, "schedule", user=editor, at=now + datetime.timedelta(hours=hours))
        headline, section = demo.DRAFT
        story = self._story(headline, "", sections[section], "Not ready yet.", "", None, editor)
        story.created_by = User.objects.get(username="reporter")
        story.save()
        headline, section, hours = demo.EMBARGOED
        story = self._story(headline, "", sections[section], "Embargoed study text.", "London", now.date(), editor)
        story.embargo_until = now + datetime.timedelta(hours=hours)
        story.save()
        set_bylines(story, [(people["amara-okafor"], "")])
        transition(story, "schedule", user=editor, at=story.embargo_until)
        self.stdout.write(self.style.SUCCESS(f"Loaded {Article.objects.count()} demo stories."))
        self._print_logins()

    def _story(self, headline, standfirst, section, body, place, date, user):
        return Article.objects.create(headline=headline, standfirst=standfirst, section=section, body=body,
                                      dateline_place=place, dateline_date=date, created_by=user, updated_by=user)

    def _print_logins(self):
        self.stdout.write("Demo logins for http://127.0.0.1:8000/admin/ :")
        for username, password, group, *_ in demo.DEMO_USERS:
            self.stdout.write(f"  {username} / {password}  ({group})")
