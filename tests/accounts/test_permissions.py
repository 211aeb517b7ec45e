"""Who may do what in the admin: every role against every model in it, and the region rules behind that.

The matrix below is the specification. The test walks the admin's own registry, so a model that is
added to the admin later without rows here fails until someone decides who may do what with it.
"""

from urllib.parse import urlsplit

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import NoReverseMatch, reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from reversion.models import Version

from accounts.roles import COORDINATOR
from contact.models import ContactRequest, Proposal
from interventions.models import Intervention, Publication, TargetGroup, Theme
from knowledge.models import AgendaTheme, Factor, Insight, MeetupTheme, PracticeTopic, SolutionDirection
from lessons.models import Lesson
from municipalities.models import Municipality, Province, Region
from taskqueue.models import QueuedTask
from tests.helpers.admin import REFERENCE_MODELS, admin_url, change_form_data, form_errors, untouched_form
from tests.helpers.personas import make_staff

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "coordinator_west", "coordinator_zuid", "redacteur", "beheerder"]
ACTIONS = ["changelist", "view", "add", "change", "delete", "history", "publish", "import"]

OK = "allowed"
NO = "403"
LOGIN = "login"
NA = "n/a"  # the admin has no such feature for this model; the test checks it really is absent

G_TOWN = "g-town"  # Gorinchem, West-Nederland
PARKSTAD = "een-soepele-en-succesvolle-overstap-van-po-naar-vo"  # Heerlen and three more, Zuid-Nederland

# The bundle's stories and the 2020 report's entries with a place in the region; the two communities are in both.
COMMUNITIES = ["community-armoede", "community-urban-education"]
WEST = ["g-town", "samen-van-start-en-startpunt", "social-worker-in-het-primair-onderwijs", "wegwijs-in-gedrag"]
WEST = sorted([*WEST, *COMMUNITIES, "betekenisvol-door-samenwerking", "lesgeven-in-grootstedelijke-context"])
WEST = sorted([*WEST, "rotterdams-goud", "stagemakelaar"])
ZUID = ["community-aanpak-gelijke-kansen", "de-kracht-van-de-moedertaal", PARKSTAD, *COMMUNITIES]
ZUID = sorted([*ZUID, "de-flexibele-tutor", "de-mobiele-brigade", "taalonderzoek-meierijstad"])
ZUID = sorted([*ZUID, "het-bevorderen-van-non-cognitieve-vaardigheden"])

# The actions as the roles get them. Only interventions are published and imported: for every other model
# the test checks that the admin really has no such feature.
READ = ["changelist", "view", "history"]
WRITE = ["add", "change", "delete"]
ABSENT = {"publish": (NA,) * len(ROLES), "import": (NA,) * len(ROLES)}
OBJECT_ACTIONS = {"view", "change", "delete", "history", "publish"}
INTERVENTION = "interventions.intervention"

# Each outcome is a row for anonymous, West, Zuid, Redacteur and Beheerder, the order of ROLES.
# Places, sources and lessons: coordinators look them up, the national editors maintain them.
REFERENCE = {
    **dict.fromkeys(READ, (LOGIN, OK, OK, OK, OK)),
    **dict.fromkeys(WRITE, (LOGIN, NO, NO, OK, OK)),
    **ABSENT,
}
# Accounts, roles and two-factor devices: the Beheerder's alone.
ACCOUNTS = {**dict.fromkeys(READ + WRITE, (LOGIN, NO, NO, NO, OK)), **ABSENT}
# The login lockout's records: the Beheerder reads and clears them; nobody writes them by hand.
LOCKOUT_RECORDS = {**ACCOUNTS, "add": (LOGIN, NO, NO, NO, NO)}
# Messages from the public (the sample is West's): the region's coordinators and the editors read and
# handle them; nobody adds one by hand; only the Beheerder deletes (they are deleted after 12 months anyway).
VISITOR_MESSAGES = {
    "changelist": (LOGIN, OK, OK, OK, OK),
    **dict.fromkeys(["view", "change", "history"], (LOGIN, OK, NO, OK, OK)),
    "add": (LOGIN, NO, NO, NO, NO),
    "delete": (LOGIN, NO, NO, NO, OK),
    **ABSENT,
}
# The mail queue's tasks: the Beheerder reads them (a mail that failed) and deletes them; the site makes them.
QUEUED_TASKS = {
    **dict.fromkeys(READ + ["delete"], (LOGIN, NO, NO, NO, OK)),
    **dict.fromkeys(["add", "change"], (LOGIN, NO, NO, NO, NO)),
    **ABSENT,
}
# Interventions: coordinators work in their own region only.
INTERVENTIONS = {
    **{(INTERVENTION, action, None): (LOGIN, OK, OK, OK, OK) for action in ["changelist", "add", "import"]},
    **{(INTERVENTION, action, G_TOWN): (LOGIN, OK, NO, OK, OK) for action in OBJECT_ACTIONS},
    **{(INTERVENTION, action, PARKSTAD): (LOGIN, NO, OK, OK, OK) for action in OBJECT_ACTIONS},
}
KNOWLEDGE_MODELS = [
    "knowledge.insight",
    "knowledge.factor",
    "knowledge.meetuptheme",
    "knowledge.solutiondirection",
    "knowledge.practicetopic",
    "knowledge.agendatheme",
]


def rows(labels, table):
    return {(label, action, None): row for label in labels for action, row in table.items()}


# (model, action, intervention slug or None): expected outcome per role, in the order of ROLES.
MATRIX = {
    **rows(["auth.group", "auth.user", "otp_totp.totpdevice"], ACCOUNTS),
    **rows(["axes.accessattempt", "axes.accesslog", "axes.accessfailurelog"], LOCKOUT_RECORDS),
    **rows([*REFERENCE_MODELS, *KNOWLEDGE_MODELS], REFERENCE),
    **rows(["contact.contactrequest", "contact.proposal"], VISITOR_MESSAGES),
    **rows(["taskqueue.queuedtask"], QUEUED_TASKS),
    **INTERVENTIONS,
}


def registry_cases():
    """Every (model, action, object) the matrix must answer for, read from the admin itself."""
    for model in admin.site._registry:
        label = model._meta.label_lower
        for action in ACTIONS:
            if label == INTERVENTION and action in OBJECT_ACTIONS:
                yield from [(label, action, G_TOWN), (label, action, PARKSTAD)]
            else:
                yield (label, action, None)


def sample(label, slug, django_user_model):
    """An existing object of the model to open, change and delete."""
    lockout = {"username": "iemand", "ip_address": "192.0.2.7", "user_agent": "test", "http_accept": "*/*"}
    lockout["path_info"] = "/beheer/login/"
    make = {
        "auth.group": lambda: Group.objects.get(name=COORDINATOR),
        "auth.user": lambda: django_user_model.objects.create_user(username="oud-account", email="oud@example.nl"),
        "otp_totp.totpdevice": lambda: TOTPDevice.objects.create(
            user=django_user_model.objects.create_user(username="met-app"), name="Telefoon"
        ),
        "axes.accessattempt": lambda: AccessAttempt.objects.create(
            **lockout, get_data="", post_data="", failures_since_start=1
        ),
        "axes.accesslog": lambda: AccessLog.objects.create(**lockout),
        "axes.accessfailurelog": lambda: AccessFailureLog.objects.create(**lockout),
        "municipalities.region": lambda: Region.objects.get(slug="west-nederland"),
        "municipalities.province": lambda: Province.objects.get(slug="zuid-holland"),
        "municipalities.municipality": lambda: Municipality.objects.get(slug="gorinchem"),
        "interventions.publication": lambda: Publication.objects.get(slug="land-vol-kansen"),
        "interventions.theme": lambda: Theme.objects.get(slug="talentontwikkeling"),
        "interventions.targetgroup": lambda: TargetGroup.objects.first(),
        "lessons.lesson": lambda: Lesson.objects.get(number=7),
        "knowledge.insight": lambda: Insight.objects.order_by("number").first(),
        "knowledge.factor": lambda: Factor.objects.first(),
        "knowledge.meetuptheme": lambda: MeetupTheme.objects.first(),
        "knowledge.solutiondirection": lambda: SolutionDirection.objects.first(),
        "knowledge.practicetopic": lambda: PracticeTopic.objects.first(),
        # The report's agenda table, or a row like it while the fixture does not hold it.
        "knowledge.agendatheme": lambda: (
            AgendaTheme.objects.first()
            or AgendaTheme.objects.create(position=1, name="Taal", source=Publication.objects.first())
        ),
        INTERVENTION: lambda: Intervention.objects.get(slug=slug or G_TOWN),
        "contact.contactrequest": lambda: ContactRequest.objects.create(
            intervention=Intervention.objects.get(slug=G_TOWN),
            name="Bezoeker",
            email="bezoeker@example.nl",
            message="Een vraag.",
            consent=True,
        ),
        "contact.proposal": lambda: Proposal.objects.create(
            title="Taalhuis",
            region=Region.objects.get(slug="west-nederland"),
            other_place="Zaltbommel",
            name="Inzender",
            email="inzender@example.nl",
            consent=True,
        ),
        "taskqueue.queuedtask": lambda: QueuedTask.objects.create(
            backend_name="default", task_path="contact.tasks.send_message_mail"
        ),
    }
    assert label in make, f"{label} is in the admin but the matrix test has no sample object for it"
    return make[label]()


def outcome(response, *, saves=False):
    if response.status_code == 302 and urlsplit(response["Location"]).path == reverse("admin:login"):
        return LOGIN
    if response.status_code == 403:
        return NO
    if saves:
        return OK if response.status_code == 302 else f"{response.status_code}: not saved {form_errors(response)}"
    return OK if response.status_code == 200 else f"{response.status_code} {response.get('Location', '')}"


def attempt(client, label, action, obj):
    """Try `action` as the user of `client` would, and say what came of it."""
    if action in {"changelist", "add", "import"}:
        return outcome(client.get(admin_url(label, action)))
    if action in {"history", "delete"}:
        return outcome(client.get(admin_url(label, action, obj.pk)))
    url = admin_url(label, "change", obj.pk)
    if action == "view":
        return outcome(client.get(url))
    if action == "change":
        page = client.get(url)
        data = untouched_form(page, obj._meta.model_name) if page.status_code == 200 else {}
        return outcome(client.post(url, data), saves=True)
    # Publishing is a bulk action on the list; a refused one leaves the entry as it was.
    Intervention.objects.filter(pk=obj.pk).update(publication_status=Intervention.PublicationStatus.REVIEW)
    response = client.post(admin_url(label, "changelist"), {"action": "publish", "_selected_action": [obj.pk]})
    if outcome(response) == LOGIN:
        return LOGIN
    return OK if Intervention.objects.get(pk=obj.pk).is_published else NO


@pytest.fixture
def everyone(client, coordinator_west, coordinator_zuid, redacteur, beheerder):
    return dict(zip(ROLES, [client, coordinator_west, coordinator_zuid, redacteur, beheerder], strict=True))


def test_the_matrix_has_rows_for_exactly_the_models_in_the_admin():
    assert set(MATRIX) == set(registry_cases())


@pytest.mark.parametrize(
    ("label", "action", "slug"), [pytest.param(*case, id="-".join(filter(None, case))) for case in registry_cases()]
)
def test_each_role_may_do_exactly_what_the_matrix_says(everyone, django_user_model, label, action, slug):
    key = (label, action, slug)
    assert key in MATRIX, f"{label} is in the admin without a row for {action!r} in the permission matrix"
    expected = MATRIX[key]
    model_admin = admin.site._registry[next(m for m in admin.site._registry if m._meta.label_lower == label)]

    if expected == (NA,) * len(ROLES):
        if action == "publish":
            assert "publish" not in model_admin.actions
        else:
            with pytest.raises(NoReverseMatch):
                admin_url(label, action)
        return

    obj = sample(label, slug, django_user_model) if action in OBJECT_ACTIONS else None
    actual = tuple(attempt(everyone[role], label, action, obj) for role in ROLES)
    assert dict(zip(ROLES, actual, strict=True)) == dict(zip(ROLES, expected, strict=True))


# The region rules behind the matrix: the querysets, the form, the place picker and the bulk actions.


def listed_slugs(response):
    return sorted(intervention.slug for intervention in response.context["cl"].result_list)


def test_coordinator_list_shows_exactly_the_interventions_of_their_region(coordinator_west, coordinator_zuid):
    west = coordinator_west.get(admin_url(INTERVENTION, "changelist"))
    zuid = coordinator_zuid.get(admin_url(INTERVENTION, "changelist"))

    assert listed_slugs(west) == WEST
    assert listed_slugs(zuid) == ZUID
    assert "10 interventies" in west.content.decode()


def test_national_editor_list_shows_every_intervention(redacteur):
    response = redacteur.get(admin_url(INTERVENTION, "changelist"))

    assert listed_slugs(response) == sorted(Intervention.objects.values_list("slug", flat=True))
    assert len(listed_slugs(response)) == 25


def test_coordinator_searching_the_list_does_not_find_another_regions_entry(coordinator_west):
    response = coordinator_west.get(admin_url(INTERVENTION, "changelist"), {"q": "Horsch"})

    assert listed_slugs(response) == []


@pytest.mark.parametrize("view", ["change", "delete", "history"])
def test_coordinator_opening_another_regions_entry_by_url_is_refused(coordinator_west, view):
    parkstad = Intervention.objects.get(slug=PARKSTAD)

    response = coordinator_west.get(admin_url(INTERVENTION, view, parkstad.pk))

    assert response.status_code == 403
    assert "Parkstad" not in response.content.decode()


def test_coordinator_posting_to_another_regions_entry_changes_nothing(coordinator_west, coordinator_zuid):
    parkstad = Intervention.objects.get(slug=PARKSTAD)
    url = admin_url(INTERVENTION, "change", parkstad.pk)
    data = change_form_data(coordinator_zuid.get(url))
    data["results"] = "Overschreven door West."

    response = coordinator_west.post(url, data)

    assert response.status_code == 403
    assert Intervention.objects.get(pk=parkstad.pk).results == parkstad.results
    assert not Version.objects.get_for_object(parkstad).exists()


def test_coordinator_who_adds_a_place_outside_their_region_gets_a_dutch_error(coordinator_west):
    g_town = Intervention.objects.get(slug=G_TOWN)
    url = admin_url(INTERVENTION, "change", g_town.pk)
    data = change_form_data(coordinator_west.get(url))
    heerlen = Municipality.objects.get(slug="heerlen")
    data["municipalities"] = [*data["municipalities"], heerlen.pk]

    response = coordinator_west.post(url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["municipalities"] == [
        "Heerlen ligt buiten uw regio('s). U kunt alleen gemeenten in uw eigen regio kiezen."
    ]
    assert list(g_town.municipalities.values_list("slug", flat=True)) == ["gorinchem"]


def test_coordinator_cannot_add_an_intervention_in_another_region(coordinator_west):
    add = admin_url(INTERVENTION, "add")
    data = change_form_data(coordinator_west.get(add))
    data.update(
        {
            "title": "Taalhuis Heerlen",
            "slug": "taalhuis-heerlen",
            "municipalities": [Municipality.objects.get(slug="heerlen").pk],
            "themes": [Theme.objects.get(slug="meertaligheid").pk],
            "context": "Context.",
            "approach": "Aanpak.",
            "results": "Opbrengsten.",
            "source": Publication.objects.get(slug="land-vol-kansen").pk,
            "publication_status": "draft",
        }
    )

    response = coordinator_west.post(add, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "municipalities": ["Heerlen ligt buiten uw regio('s). U kunt alleen gemeenten in uw eigen regio kiezen."]
    }
    assert "Heerlen ligt buiten uw regio(&#x27;s)." in response.content.decode()
    assert not Intervention.objects.filter(slug="taalhuis-heerlen").exists()


def place_picker(client, term):
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "interventions", "model_name": "intervention", "field_name": "municipalities", "term": term},
    )
    assert response.status_code == 200
    return [result["text"] for result in response.json()["results"]]


def test_place_picker_only_offers_places_in_the_coordinators_regions(coordinator_west, coordinator_zuid, redacteur):
    assert place_picker(coordinator_west, "Heer") == []
    assert place_picker(coordinator_zuid, "Heer") == ["Heerlen"]
    assert place_picker(redacteur, "Heer") == ["Heerenveen", "Heerlen"]
    assert place_picker(coordinator_west, "Gor") == ["Gorinchem"]


def test_place_picker_page_for_a_coordinator_holds_only_their_region(coordinator_west):
    response = coordinator_west.get(
        reverse("admin:autocomplete"),
        {"app_label": "interventions", "model_name": "intervention", "field_name": "municipalities", "term": ""},
    )

    names = [result["text"] for result in response.json()["results"]]
    assert names
    assert set(Municipality.objects.filter(name__in=names).values_list("province__region__slug", flat=True)) == {
        "west-nederland"
    }


def test_intervention_picker_on_a_lesson_only_offers_the_coordinators_interventions(coordinator_zuid):
    response = coordinator_zuid.get(
        reverse("admin:autocomplete"),
        {"app_label": "lessons", "model_name": "lessonillustration", "field_name": "intervention", "term": ""},
    )

    assert response.status_code == 200
    titles = [result["text"] for result in response.json()["results"]]
    assert sorted(titles) == sorted(Intervention.objects.filter(slug__in=ZUID).values_list("title", flat=True))


@pytest.mark.parametrize("action", ["submit_for_review", "publish", "archive", "delete_selected"])
def test_bulk_action_on_another_regions_ids_does_nothing_to_them(coordinator_west, action):
    parkstad = Intervention.objects.get(slug=PARKSTAD)
    Intervention.objects.filter(pk=parkstad.pk).update(publication_status=Intervention.PublicationStatus.DRAFT)
    g_town = Intervention.objects.get(slug=G_TOWN)

    response = coordinator_west.post(
        admin_url(INTERVENTION, "changelist"),
        {"action": action, "_selected_action": [parkstad.pk, g_town.pk], "post": "yes"},
    )

    assert response.status_code == 302
    assert Intervention.objects.get(pk=parkstad.pk).publication_status == Intervention.PublicationStatus.DRAFT
    assert not Version.objects.get_for_object(parkstad).exists()
    assert Version.objects.get_for_object(g_town).count() == 1


def test_coordinator_cannot_reach_user_management(coordinator_west, beheerder):
    users = admin_url("auth.user", "changelist")

    assert coordinator_west.get(users).status_code == 403
    assert coordinator_west.get(admin_url("auth.user", "change", beheerder.user.pk)).status_code == 403
    index = coordinator_west.get(reverse("admin:index"))
    models = {model["object_name"] for app in index.context["app_list"] for model in app["models"]}
    assert models == {
        "AgendaTheme",
        "ContactRequest",
        "Proposal",
        "Factor",
        "Insight",
        "Intervention",
        "Lesson",
        "MeetupTheme",
        "PracticeTopic",
        "SolutionDirection",
        "Municipality",
        "Province",
        "Publication",
        "Region",
        "TargetGroup",
        "Theme",
    }


def test_coordinator_cannot_make_themselves_beheerder(coordinator_west):
    user = coordinator_west.user
    response = coordinator_west.post(
        admin_url("auth.user", "change", user.pk), {"username": user.username, "groups": [1, 2, 3]}
    )

    assert response.status_code == 403
    assert list(user.groups.values_list("name", flat=True)) == [COORDINATOR]


@pytest.mark.parametrize("persona", ["coordinator_west", "redacteur"])
def test_deleting_an_intervention_archives_it_for_everyone_but_the_beheerder(request, persona):
    client = request.getfixturevalue(persona)
    g_town = Intervention.objects.get(slug=G_TOWN)
    url = admin_url(INTERVENTION, "delete", g_town.pk)

    confirm = client.get(url)
    response = client.post(url, {"post": "yes"})

    assert "Ja, archiveren" in confirm.content.decode()
    assert response.status_code == 302
    archived = Intervention.objects.get(pk=g_town.pk)
    assert archived.publication_status == Intervention.PublicationStatus.ARCHIVED
    assert archived.people.count() == 1
    assert Version.objects.get_for_object(archived).get().revision.user == client.user


def test_bulk_delete_by_a_coordinator_archives_too(coordinator_zuid):
    ids = list(Intervention.objects.filter(slug__in=ZUID).values_list("pk", flat=True))

    response = coordinator_zuid.post(
        admin_url(INTERVENTION, "changelist"), {"action": "delete_selected", "_selected_action": ids, "post": "yes"}
    )

    assert response.status_code == 302
    assert set(Intervention.objects.filter(pk__in=ids).values_list("publication_status", flat=True)) == {"archived"}


def test_only_the_beheerder_purges_an_intervention(beheerder):
    g_town = Intervention.objects.get(slug=G_TOWN)
    url = admin_url(INTERVENTION, "delete", g_town.pk)

    confirm = beheerder.get(url)
    response = beheerder.post(url, {"post": "yes"})

    assert "Ja, archiveren" not in confirm.content.decode()
    assert response.status_code == 302
    assert not Intervention.objects.filter(pk=g_town.pk).exists()


def two_versions_of_parkstad(coordinator_zuid):
    parkstad = Intervention.objects.get(slug=PARKSTAD)
    url = admin_url(INTERVENTION, "change", parkstad.pk)
    for results in ["Eerste versie van de opbrengsten.", "Tweede versie van de opbrengsten."]:
        data = change_form_data(coordinator_zuid.get(url))
        data["results"] = results
        assert coordinator_zuid.post(url, data).status_code == 302
    newer, older = Version.objects.get_for_object(parkstad)
    return parkstad, {"version_id1": older.pk, "version_id2": newer.pk}


def test_coordinator_cannot_read_the_diff_of_another_regions_entry(coordinator_west, coordinator_zuid):
    parkstad, versions = two_versions_of_parkstad(coordinator_zuid)

    response = coordinator_west.get(admin_url(INTERVENTION, "compare", parkstad.pk), versions)

    assert response.status_code == 403
    assert "Tweede versie van de opbrengsten." not in response.content.decode()


def test_staff_without_any_permission_cannot_read_a_diff(coordinator_zuid):
    parkstad, versions = two_versions_of_parkstad(coordinator_zuid)
    nobody = make_staff("alleen-staf")

    response = nobody.get(admin_url(INTERVENTION, "compare", parkstad.pk), versions)

    assert response.status_code == 403


@pytest.mark.parametrize("view", ["revision", "recover"])
def test_coordinator_cannot_restore_another_regions_version(coordinator_west, coordinator_zuid, view):
    parkstad, versions = two_versions_of_parkstad(coordinator_zuid)
    args = [parkstad.pk, versions["version_id1"]] if view == "revision" else [versions["version_id1"]]
    url = admin_url(INTERVENTION, view, *args)

    page = coordinator_west.get(url)
    restore = coordinator_west.post(url, {"results": "Overschreven."})

    assert (page.status_code, restore.status_code) == (403, 403)
    assert Intervention.objects.get(pk=parkstad.pk).results == "Tweede versie van de opbrengsten."
