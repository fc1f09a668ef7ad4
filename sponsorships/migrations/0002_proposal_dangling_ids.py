"""Before the proposal id becomes a foreign key: ids that name no proposal are cleared.

The column is nullable and the code treats a missing proposal as "started by hand"
(``start_sponsorship(proposal=None)``), so null is the honest value; each cleared row is
printed (ids only) for the operator. Nothing to restore backwards.
"""

from django.db import migrations


def clear_dangling(apps, schema_editor):
    Sponsorship = apps.get_model("sponsorships", "Sponsorship")
    MatchProposal = apps.get_model("matching", "MatchProposal")
    dangling = Sponsorship.objects.filter(proposal_id__isnull=False).exclude(
        proposal_id__in=MatchProposal.objects.values("pk")
    )
    for pk, proposal_id in dangling.values_list("pk", "proposal_id").order_by("pk"):
        print(f"\n  sponsorship #{pk}: proposal #{proposal_id} does not exist; cleared")
    dangling.update(proposal_id=None)


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0004_backfill_proposal_transitions"),
        ("sponsorships", "0001_initial"),
    ]

    operations = [migrations.RunPython(clear_dangling, migrations.RunPython.noop)]
