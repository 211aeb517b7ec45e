"""The public's messages in the roles: coordinators and editors read and handle them, only a Beheerder deletes.

Coordinators see only their own regions' messages; the admin (contact/admin.py) enforces that per object.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = {
    "Beheerder": ["view", "change", "delete"],
    "Redacteur": ["view", "change"],
    "Regiocoördinator": ["view", "change"],
}
MODELS = ["contactrequest", "proposal"]


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, actions in CODENAMES.items():
        codenames = [f"{action}_{model}" for action in actions for model in MODELS]
        Group.objects.get(name=role).permissions.add(
            *Permission.objects.filter(content_type__app_label="contact", codename__in=codenames)
        )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=CODENAMES):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="contact"))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_roles"), ("contact", "0001_initial")]

    operations = [migrations.RunPython(grant, revoke)]
