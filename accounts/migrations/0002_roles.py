"""The three roles as groups, each with exactly the permissions it needs."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CONTENT_APPS = ["municipalities", "interventions", "lessons"]
CRUD = ["view", "add", "change", "delete"]

COORDINATOR = {
    # Their region's interventions and everything on the intervention form. "delete"
    # archives; only a Beheerder can purge.
    "interventions": {
        "intervention": [*CRUD, "publish"],
        "person": CRUD,
        "quote": CRUD,
        "readingtip": CRUD,
        "theme": ["view"],
        "targetgroup": ["view"],
        "publication": ["view"],
    },
    "lessons": {"lessonillustration": CRUD, "lesson": ["view"]},
    "municipalities": {"municipality": ["view"], "province": ["view"], "region": ["view"]},
}


def codenames(spec):
    return [(app, f"{action}_{model}") for app, models in spec.items() for model, actions in models.items()
            for action in actions]


def sync_roles(apps, schema_editor):
    # Permissions are normally made after all migrations ran; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    content = Permission.objects.filter(content_type__app_label__in=CONTENT_APPS)
    administrator, _ = Group.objects.get_or_create(name="Beheerder")
    administrator.permissions.set(Permission.objects.all())
    editor, _ = Group.objects.get_or_create(name="Redacteur")
    editor.permissions.set(content.exclude(codename="purge_intervention"))
    coordinator, _ = Group.objects.get_or_create(name="Regiocoördinator")
    coordinator.permissions.set(
        [Permission.objects.get(content_type__app_label=app, codename=codename) for app, codename in
         codenames(COORDINATOR)]
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("interventions", "0003_publish_existing"),
        ("lessons", "0001_initial"),
        ("municipalities", "0001_initial"),
        ("otp_totp", "__latest__"),
        ("axes", "__latest__"),
        ("reversion", "__latest__"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
