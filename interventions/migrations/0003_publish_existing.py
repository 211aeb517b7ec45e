from django.db import migrations
from django.utils import timezone


def publish_existing(apps, schema_editor):
    """Interventions from before the workflow were public: they stay published."""
    Intervention = apps.get_model("interventions", "Intervention")
    now = timezone.now()
    Intervention.objects.update(publication_status="published", published_at=now, checked_at=now)


class Migration(migrations.Migration):
    dependencies = [("interventions", "0002_publication_workflow")]

    operations = [migrations.RunPython(publish_existing, migrations.RunPython.noop)]
