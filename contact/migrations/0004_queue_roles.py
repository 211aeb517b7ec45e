"""The mail queue's tasks in the roles: only a Beheerder looks at them (a failed password-reset mail, a contact
message's mail that kept failing) and deletes them; the worker makes and changes them, nobody by hand."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = ["view_queuedtask", "delete_queuedtask"]


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    apps.get_model("auth", "Group").objects.get(name="Beheerder").permissions.add(
        *Permission.objects.filter(content_type__app_label="taskqueue", codename__in=CODENAMES)
    )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name="Beheerder"):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="taskqueue"))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_roles"), ("contact", "0003_mail_status"), ("taskqueue", "0001_initial")]

    operations = [migrations.RunPython(grant, revoke)]
