"""``proposal_id`` (a plain integer) becomes the foreign key ``proposal``, same column.

State: the integer field goes and the key comes under the name ``proposal`` (column
``proposal_id`` either way); database: the column's type and the constraint, in place.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0004_backfill_proposal_transitions"),
        ("sponsorships", "0002_proposal_dangling_ids"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField("sponsorship", "proposal_id"),
                migrations.AddField(
                    "sponsorship",
                    "proposal",
                    models.PositiveBigIntegerField(
                        null=True, blank=True, db_column="proposal_id", verbose_name="match proposal"
                    ),
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterField(
            model_name="sponsorship",
            name="proposal",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="sponsorships",
                to="matching.matchproposal",
                verbose_name="match proposal",
            ),
        ),
    ]
