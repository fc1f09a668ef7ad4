"""Admin for the programme's plan template (tasks, reminder thresholds, check-in cadence).

Plans, versions and sponsorships are not registered: they change only through services.
"""

from django.contrib import admin

from sponsorships.plan_models import PlanTemplate, PlanTemplateTask


class PlanTemplateTaskInline(admin.TabularInline):
    model = PlanTemplateTask
    extra = 1
    fields = ["order", "domain", "title", "responsible", "offset_days"]


@admin.register(PlanTemplate)
class PlanTemplateAdmin(admin.ModelAdmin):
    list_display = [
        "programme",
        "plan_due_weeks",
        "checklist_due_days",
        "intensive_interval_days",
        "later_interval_days",
    ]
    inlines = [PlanTemplateTaskInline]
