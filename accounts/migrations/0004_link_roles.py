"""The agenda themes and the intervention links to factors and solution directions (issue 7) in the roles.

National editors maintain all of it; coordinators look up the agenda themes and edit the links of the
interventions of their own region(s), on the intervention form (the admin enforces the region).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CRUD = ["view", "add", "change", "delete"]
NEW_MODELS = ["agendatheme", "factorlink", "directionlink"]
COORDINATOR = {"agendatheme": ["view"], "factorlink": CRUD, "directionlink": CRUD}


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    new = Permission.objects.filter(content_type__app_label="knowledge", content_type__model__in=NEW_MODELS)
    Group.objects.get(name="Beheerder").permissions.add(*new)
    Group.objects.get(name="Redacteur").permissions.add(*new)
    Group.objects.get(name="Regiocoördinator").permissions.add(
        *[
            Permission.objects.get(content_type__app_label="knowledge", codename=f"{action}_{model}")
            for model, actions in COORDINATOR.items()
            for action in actions
        ]
    )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_knowledge_roles"), ("knowledge", "0002_agenda_themes_and_links")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
