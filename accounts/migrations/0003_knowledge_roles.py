"""The knowledge content (issue 7) in the roles: national editors maintain it, coordinators look it up."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    knowledge = Permission.objects.filter(content_type__app_label="knowledge")
    Group.objects.get(name="Beheerder").permissions.add(*knowledge)
    Group.objects.get(name="Redacteur").permissions.add(*knowledge)
    Group.objects.get(name="Regiocoördinator").permissions.add(*knowledge.filter(codename__startswith="view_"))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_roles"), ("knowledge", "0001_initial")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
