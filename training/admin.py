"""The curriculum is configuration: administrators maintain modules here. Enrolments and
completions are read-only: they change only through the services (audited)."""

from django.contrib import admin

from sponsorship.admin import ReadOnlyAdmin
from training.models import Completion, Enrolment, TrainingModule, TrainingSession


@admin.register(TrainingModule)
class TrainingModuleAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name_nl",
        "programme",
        "kind",
        "required",
        "scope",
        "min_members",
        "validity_months",
        "order",
    ]
    list_filter = ["programme", "kind", "required"]
    search_fields = ["code", "name_nl", "name_en"]


@admin.register(TrainingSession)
class TrainingSessionAdmin(admin.ModelAdmin):
    list_display = ["module", "starts_at", "municipality", "language", "capacity"]
    list_filter = ["module__programme", "language", "municipality"]
    # Capacity changes go through training.enrolment.change_capacity (waiting list).
    readonly_fields = ["capacity"]

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj else []


@admin.register(Enrolment)
class EnrolmentAdmin(ReadOnlyAdmin):
    list_display = ["member", "session", "status", "created_at"]
    list_filter = ["status"]


@admin.register(Completion)
class CompletionAdmin(ReadOnlyAdmin):
    list_display = ["member", "module", "completed_on", "source", "confirmed_at"]
    list_filter = ["source", "module__programme"]
