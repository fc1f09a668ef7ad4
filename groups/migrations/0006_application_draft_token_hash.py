import hashlib

from django.db import migrations


def hash_tokens(apps, schema_editor):
    # Resume links already e-mailed keep working: their token hashes to the stored value.
    ApplicationDraft = apps.get_model("groups", "ApplicationDraft")
    for draft in ApplicationDraft.objects.only("pk", "token_hash"):
        digest = hashlib.sha256(draft.token_hash.encode()).hexdigest()
        ApplicationDraft.objects.filter(pk=draft.pk).update(token_hash=digest)


class Migration(migrations.Migration):
    dependencies = [("groups", "0005_backfill_group_transitions")]

    operations = [
        migrations.RenameField("applicationdraft", "token", "token_hash"),
        # Backwards the digests stay (a digest cannot become its token again): the schema
        # goes back, the links sent before stop working.
        migrations.RunPython(hash_tokens, migrations.RunPython.noop, elidable=False),
    ]
