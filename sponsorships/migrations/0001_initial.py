"""The sponsorships app takes over the 13 tables groups held (groups 0007 let go of them).

In the database the tables are renamed, not copied (no row can be lost, ids stay), with
their sequences and the constraint and index names that embed the app label; the plan
version trigger is reinstalled under its new name; content types (and with them
transitions and permissions) and audit rows are relabelled. sponsorships/migrations/
_move.py holds the SQL and its reverse. A fresh database runs the same steps on empty
tables.
"""

import django.db.models.deletion
import django.db.models.functions.text
import django.db.models.lookups
import pgtrigger.compiler
import pgtrigger.migrations
from django.conf import settings
from django.db import migrations, models

from sponsorships.migrations import _move


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('groups', '0007_sponsorships_leave_groups'),
        ('newcomers', '0006_statuschange_to_transition'),
        ('sponsorship', '0008_invitation_token_hash'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='CheckIn',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('held_on', models.DateField(verbose_name='date')),
                        ('by', models.CharField(choices=[('member', 'A group member'), ('community_builder', 'The Community Builder'), ('household', 'The household (feedback link)')], default='member', max_length=20, verbose_name='by')),
                        ('household_wellbeing', models.CharField(choices=[('good', 'Good'), ('okay', 'Okay'), ('difficult', 'Difficult')], max_length=10, verbose_name='how the household is doing')),
                        ('group_wellbeing', models.CharField(blank=True, choices=[('good', 'Good'), ('okay', 'Okay'), ('difficult', 'Difficult')], max_length=10, verbose_name='how the group is doing')),
                        ('tasks_progress', models.TextField(blank=True, max_length=4000, verbose_name="progress on the plan's tasks")),
                        ('notes', models.TextField(blank=True, max_length=4000, verbose_name='notes')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('author', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'check-in',
                        'verbose_name_plural': 'check-ins',
                        'ordering': ['-held_on', '-pk'],
                    },
                ),
                migrations.CreateModel(
                    name='PlanTemplate',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('plan_due_weeks', models.PositiveSmallIntegerField(default=4, verbose_name='plan due (weeks before arrival)')),
                        ('checklist_due_days', models.PositiveSmallIntegerField(default=7, verbose_name='checklist complete (days before arrival)')),
                        ('intensive_months', models.PositiveSmallIntegerField(default=3, verbose_name='months of intensive check-ins after arrival')),
                        ('intensive_interval_days', models.PositiveSmallIntegerField(default=7, verbose_name='days between check-ins, intensive phase')),
                        ('later_interval_days', models.PositiveSmallIntegerField(default=30, verbose_name='days between check-ins, afterwards')),
                        ('programme', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='plan_template', to='sponsorship.programme', verbose_name='programme')),
                    ],
                    options={
                        'verbose_name': 'plan template',
                        'verbose_name_plural': 'plan templates',
                    },
                ),
                migrations.CreateModel(
                    name='PlanTemplateTask',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('domain', models.CharField(choices=[('housing', 'Housing'), ('income', 'Income'), ('language', 'Language and civic integration'), ('health', 'Health'), ('work_education', 'Work and education'), ('social_network', 'Social network'), ('equality', 'Equality and agency')], max_length=16, verbose_name='domain')),
                        ('title', models.CharField(max_length=200, verbose_name='task')),
                        ('responsible', models.CharField(choices=[('member', 'A group member'), ('coordinator', 'The coordinating organisation'), ('social_counselling', 'Social counselling'), ('municipality', 'The municipality'), ('household', 'The household itself')], default='member', max_length=20, verbose_name='responsible')),
                        ('offset_days', models.SmallIntegerField(blank=True, null=True, verbose_name='days after arrival')),
                        ('order', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
                        ('template', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='tasks', to='sponsorships.plantemplate')),
                    ],
                    options={
                        'verbose_name': 'template task',
                        'verbose_name_plural': 'template tasks',
                        'ordering': ['template', 'order', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='ResettlementPlan',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('status', models.CharField(choices=[('draft', 'Draft'), ('submitted', 'Submitted for review'), ('returned', 'Returned for changes'), ('approved', 'Approved')], db_index=True, default='draft', max_length=10, verbose_name='status')),
                        ('version_count', models.PositiveSmallIntegerField(default=0, verbose_name='versions submitted')),
                        ('submitted_at', models.DateTimeField(blank=True, null=True, verbose_name='submitted')),
                        ('decided_at', models.DateTimeField(blank=True, null=True, verbose_name='reviewed')),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'resettlement plan',
                        'verbose_name_plural': 'resettlement plans',
                    },
                ),
                migrations.CreateModel(
                    name='PlanVersion',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('number', models.PositiveSmallIntegerField(verbose_name='version')),
                        ('snapshot', models.JSONField(verbose_name='content')),
                        ('submitted_at', models.DateTimeField(auto_now_add=True, verbose_name='submitted')),
                        ('submitted_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('plan', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='versions', to='sponsorships.resettlementplan')),
                    ],
                    options={
                        'verbose_name': 'plan version',
                        'verbose_name_plural': 'plan versions',
                        'ordering': ['plan', 'number'],
                    },
                ),
                migrations.CreateModel(
                    name='PlanSection',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('domain', models.CharField(choices=[('housing', 'Housing'), ('income', 'Income'), ('language', 'Language and civic integration'), ('health', 'Health'), ('work_education', 'Work and education'), ('social_network', 'Social network'), ('equality', 'Equality and agency')], max_length=16, verbose_name='domain')),
                        ('notes', models.TextField(blank=True, max_length=8000, verbose_name='how the group will help')),
                        ('plan', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='sections', to='sponsorships.resettlementplan')),
                    ],
                    options={
                        'verbose_name': 'plan section',
                        'verbose_name_plural': 'plan sections',
                        'ordering': ['plan', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='SectionComment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('domain', models.CharField(choices=[('housing', 'Housing'), ('income', 'Income'), ('language', 'Language and civic integration'), ('health', 'Health'), ('work_education', 'Work and education'), ('social_network', 'Social network'), ('equality', 'Equality and agency')], max_length=16, verbose_name='section')),
                        ('body', models.TextField(max_length=4000, verbose_name='comment')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('author', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('version', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='comments', to='sponsorships.planversion')),
                    ],
                    options={
                        'verbose_name': 'review comment',
                        'verbose_name_plural': 'review comments',
                        'ordering': ['version', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='Sponsorship',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('proposal_id', models.PositiveBigIntegerField(blank=True, null=True, verbose_name='match proposal')),
                        ('status', models.CharField(choices=[('pre_arrival', 'Before arrival'), ('active', 'Active'), ('interim_done', 'Interim evaluation held'), ('transition', 'Transition to self-sufficiency'), ('completed', 'Completed'), ('ended_early', 'Ended early')], db_index=True, default='pre_arrival', max_length=16, verbose_name='status')),
                        ('expected_arrival', models.DateField(blank=True, null=True, verbose_name='expected arrival')),
                        ('arrival_date', models.DateField(blank=True, null=True, verbose_name='arrival date')),
                        ('ends_on', models.DateField(blank=True, null=True, verbose_name='sponsorship year ends')),
                        ('arrival_override_reason', models.TextField(blank=True, max_length=2000, verbose_name='reason for registering arrival with open checklist items')),
                        ('closing_reason', models.TextField(blank=True, max_length=2000, verbose_name='reason for ending early')),
                        ('closed_on', models.DateField(blank=True, null=True, verbose_name='closed on')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('group', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='sponsorships', to='groups.sponsorgroup', verbose_name='group')),
                        ('household', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='sponsorships', to='newcomers.household', verbose_name='household')),
                    ],
                    options={
                        'verbose_name': 'sponsorship',
                        'verbose_name_plural': 'sponsorships',
                        'ordering': ['-created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='Signal',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('category', models.CharField(choices=[('housing', 'Housing'), ('income', 'Income and benefits'), ('health', 'Health'), ('language', 'Language and civic integration'), ('work_education', 'Work and education'), ('social', 'Social contacts and wellbeing'), ('group', 'Cooperation with the group'), ('services', 'Public services'), ('other', 'Other')], max_length=16, verbose_name='category')),
                        ('severity', models.CharField(choices=[('low', 'Low'), ('medium', 'Medium'), ('urgent', 'Urgent')], max_length=8, verbose_name='severity')),
                        ('description', models.TextField(max_length=4000, verbose_name='description')),
                        ('raised_by_household', models.BooleanField(default=False, verbose_name='raised by the household itself')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('resolved_at', models.DateTimeField(blank=True, null=True, verbose_name='resolved')),
                        ('resolution', models.TextField(blank=True, max_length=2000, verbose_name='how it was resolved')),
                        ('checkin', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='signals', to='sponsorships.checkin')),
                        ('resolved_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('sponsorship', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='signals', to='sponsorships.sponsorship')),
                    ],
                    options={
                        'verbose_name': 'signal',
                        'verbose_name_plural': 'signals',
                        'ordering': ['resolved_at', '-created_at'],
                    },
                ),
                migrations.AddField(
                    model_name='resettlementplan',
                    name='sponsorship',
                    field=models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='plan', to='sponsorships.sponsorship', verbose_name='sponsorship'),
                ),
                migrations.CreateModel(
                    name='FeedbackLink',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('token', models.CharField(max_length=64, unique=True)),
                        ('language', models.CharField(default='en', max_length=8, verbose_name='language')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('revoked_at', models.DateTimeField(blank=True, null=True)),
                        ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('sponsorship', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='feedback_links', to='sponsorships.sponsorship')),
                    ],
                    options={
                        'verbose_name': 'feedback link',
                        'verbose_name_plural': 'feedback links',
                        'ordering': ['-created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='Evaluation',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('interim', 'Interim evaluation (three months)'), ('closing', 'Closing evaluation')], max_length=8, verbose_name='kind')),
                        ('held_on', models.DateField(verbose_name='held on')),
                        ('participants', models.CharField(max_length=300, verbose_name='who took part')),
                        ('went_well', models.TextField(blank=True, max_length=4000, verbose_name='what went well')),
                        ('to_improve', models.TextField(blank=True, max_length=4000, verbose_name='what to improve')),
                        ('transition_plan', models.TextField(blank=True, max_length=4000, verbose_name='transition to self-sufficiency')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('author', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('sponsorship', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='evaluations', to='sponsorships.sponsorship')),
                    ],
                    options={
                        'verbose_name': 'evaluation',
                        'verbose_name_plural': 'evaluations',
                        'ordering': ['held_on'],
                    },
                ),
                migrations.CreateModel(
                    name='ChecklistTick',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('item', models.CharField(max_length=32, verbose_name='item')),
                        ('ticked_at', models.DateTimeField(auto_now_add=True)),
                        ('ticked_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('sponsorship', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='checklist_ticks', to='sponsorships.sponsorship')),
                    ],
                    options={
                        'verbose_name': 'checklist tick',
                        'verbose_name_plural': 'checklist ticks',
                    },
                ),
                migrations.AddField(
                    model_name='checkin',
                    name='sponsorship',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='checkins', to='sponsorships.sponsorship'),
                ),
                migrations.CreateModel(
                    name='PlanTask',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(max_length=200, verbose_name='what')),
                        ('responsible', models.CharField(choices=[('member', 'A group member'), ('coordinator', 'The coordinating organisation'), ('social_counselling', 'Social counselling'), ('municipality', 'The municipality'), ('household', 'The household itself')], default='member', max_length=20, verbose_name='who')),
                        ('due_date', models.DateField(blank=True, null=True, verbose_name='when (date)')),
                        ('offset_days', models.SmallIntegerField(blank=True, null=True, verbose_name='when (days after arrival)')),
                        ('status', models.CharField(choices=[('open', 'To do'), ('in_progress', 'In progress'), ('done', 'Done'), ('dropped', 'No longer needed')], default='open', max_length=12, verbose_name='status')),
                        ('order', models.PositiveSmallIntegerField(default=0)),
                        ('member', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='plan_tasks', to='groups.groupmember', verbose_name='group member')),
                        ('section', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='tasks', to='sponsorships.plansection')),
                    ],
                    options={
                        'verbose_name': 'plan task',
                        'verbose_name_plural': 'plan tasks',
                        'ordering': ['section', 'order', 'pk'],
                        'constraints': [models.CheckConstraint(condition=models.Q(('due_date__isnull', True), ('offset_days__isnull', True), _connector='OR'), name='plan_task_one_kind_of_due', violation_error_code='plan_task_one_kind_of_due', violation_error_message='Give either a due date or a number of days from arrival, not both.'), models.CheckConstraint(condition=models.Q(models.Q(('responsible', 'member'), _negated=True), ('member__isnull', False), _connector='OR'), name='plan_task_member_named', violation_error_code='plan_task_member_named', violation_error_message='Choose the member responsible for this task.')],
                    },
                ),
                migrations.AddConstraint(
                    model_name='planversion',
                    constraint=models.UniqueConstraint(fields=('plan', 'number'), name='plan_version_number_once'),
                ),
                migrations.AddConstraint(
                    model_name='plansection',
                    constraint=models.UniqueConstraint(fields=('plan', 'domain'), name='plan_section_once_per_domain'),
                ),
                migrations.AddConstraint(
                    model_name='plansection',
                    constraint=models.CheckConstraint(condition=django.db.models.lookups.LessThanOrEqual(django.db.models.functions.text.Length('notes'), 8000), name='sponsorships_plansection_notes_len'),
                ),
                migrations.AddConstraint(
                    model_name='sectioncomment',
                    constraint=models.CheckConstraint(condition=django.db.models.lookups.LessThanOrEqual(django.db.models.functions.text.Length('body'), 4000), name='sponsorships_sectioncomment_body_len'),
                ),
                migrations.AddConstraint(
                    model_name='sponsorship',
                    constraint=models.UniqueConstraint(fields=('group', 'household'), name='sponsorship_once_per_group_household'),
                ),
                migrations.AddConstraint(
                    model_name='sponsorship',
                    constraint=models.UniqueConstraint(condition=models.Q(('status__in', ['completed', 'ended_early']), _negated=True), fields=('household',), name='sponsorship_one_open_per_household'),
                ),
                migrations.AddConstraint(
                    model_name='sponsorship',
                    constraint=models.CheckConstraint(condition=models.Q(('status', 'pre_arrival'), ('status', 'ended_early'), ('arrival_date__isnull', False), _connector='OR'), name='sponsorship_arrived_has_date', violation_error_code='sponsorship_arrived_has_date', violation_error_message='Give the arrival date.'),
                ),
                migrations.AddConstraint(
                    model_name='sponsorship',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'ended_early'), _negated=True), models.Q(('closing_reason', ''), _negated=True), _connector='OR'), name='sponsorship_ended_early_has_reason', violation_error_code='sponsorship_ended_early_has_reason', violation_error_message='Give a reason for ending the sponsorship early.'),
                ),
                migrations.AddConstraint(
                    model_name='sponsorship',
                    constraint=models.CheckConstraint(condition=django.db.models.lookups.LessThanOrEqual(django.db.models.functions.text.Length('arrival_override_reason'), 2000), name='sponsorships_sponsorship_arrival_override_reason_len'),
                ),
                migrations.AddConstraint(
                    model_name='sponsorship',
                    constraint=models.CheckConstraint(condition=django.db.models.lookups.LessThanOrEqual(django.db.models.functions.text.Length('closing_reason'), 2000), name='sponsorships_sponsorship_closing_reason_len'),
                ),
                migrations.AddIndex(
                    model_name='signal',
                    index=models.Index(condition=models.Q(('resolved_at__isnull', True)), fields=['sponsorship'], name='signal_open_idx'),
                ),
                migrations.AddConstraint(
                    model_name='signal',
                    constraint=models.CheckConstraint(condition=django.db.models.lookups.LessThanOrEqual(django.db.models.functions.text.Length('description'), 4000), name='sponsorships_signal_description_len'),
                ),
                migrations.AddConstraint(
                    model_name='signal',
                    constraint=models.CheckConstraint(condition=django.db.models.lookups.LessThanOrEqual(django.db.models.functions.text.Length('resolution'), 2000), name='sponsorships_signal_resolution_len'),
                ),
                migrations.AddConstraint(
                    model_name='evaluation',
                    constraint=models.UniqueConstraint(fields=('sponsorship', 'kind'), name='evaluation_once_per_kind'),
                ),
                migrations.AddConstraint(
                    model_name='evaluation',
                    constraint=models.CheckConstraint(condition=django.db.models.lookups.LessThanOrEqual(django.db.models.functions.text.Length('went_well'), 4000), name='sponsorships_evaluation_went_well_len'),
                ),
                migrations.AddConstraint(
                    model_name='evaluation',
                    constraint=models.CheckConstraint(condition=django.db.models.lookups.LessThanOrEqual(django.db.models.functions.text.Length('to_improve'), 4000), name='sponsorships_evaluation_to_improve_len'),
                ),
                migrations.AddConstraint(
                    model_name='evaluation',
                    constraint=models.CheckConstraint(condition=django.db.models.lookups.LessThanOrEqual(django.db.models.functions.text.Length('transition_plan'), 4000), name='sponsorships_evaluation_transition_plan_len'),
                ),
                migrations.AddConstraint(
                    model_name='checklisttick',
                    constraint=models.UniqueConstraint(fields=('sponsorship', 'item'), name='checklist_tick_once'),
                ),
                migrations.AddIndex(
                    model_name='checkin',
                    index=models.Index(fields=['sponsorship', '-held_on'], name='sponsorship_sponsor_9468e1_idx'),
                ),
                migrations.AddConstraint(
                    model_name='checkin',
                    constraint=models.CheckConstraint(condition=django.db.models.lookups.LessThanOrEqual(django.db.models.functions.text.Length('tasks_progress'), 4000), name='sponsorships_checkin_tasks_progress_len'),
                ),
                migrations.AddConstraint(
                    model_name='checkin',
                    constraint=models.CheckConstraint(condition=django.db.models.lookups.LessThanOrEqual(django.db.models.functions.text.Length('notes'), 4000), name='sponsorships_checkin_notes_len'),
                ),
            ],
            database_operations=[
                migrations.RunPython(_move.take_over_tables, _move.give_back_tables),
            ],
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='planversion',
            trigger=pgtrigger.compiler.Trigger(name='plan_version_frozen', sql=pgtrigger.compiler.UpsertTriggerSql(func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;", hash='e7cd7e0f9be5a0d8517075c9246fbd0d80adc26e', operation='UPDATE OR DELETE', pgid='pgtrigger_plan_version_frozen_19819', table='sponsorships_planversion', when='BEFORE')),
        ),
        migrations.RunPython(_move.relabel, _move.relabel_back),
    ]
