import hashlib

from django.db import migrations


def hash_tokens(apps, schema_editor):
    # Links already e-mailed keep working: their token hashes to the stored value.
    Invitation = apps.get_model("sponsorship", "Invitation")
    for invitation in Invitation.objects.only("pk", "token_hash"):
        digest = hashlib.sha256(invitation.token_hash.encode()).hexdigest()
        Invitation.objects.filter(pk=invitation.pk).update(token_hash=digest)


class Migration(migrations.Migration):
    dependencies = [("sponsorship", "0007_outgoing_mail")]

    operations = [
        migrations.RenameField("invitation", "token", "token_hash"),
        # Backwards the digests stay (a digest cannot become its token again): the schema
        # goes back, the links sent before stop working.
        migrations.RunPython(hash_tokens, migrations.RunPython.noop, elidable=False),
    ]
