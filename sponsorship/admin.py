from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from sponsorship.mail import OutgoingMail
from sponsorship.models import (
    AuditEvent,
    CspReport,
    Invitation,
    Municipality,
    Organisation,
    Programme,
    Taakstelling,
    User,
)
from sponsorship.outbox import OutboxTask


class ReadOnlyAdmin(admin.ModelAdmin):
    """For records that change only through their services (or never): no add, change or
    delete in the admin, only reading. Mix in first: ``class X(ReadOnlyAdmin, Other)``."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class TaakstellingInline(admin.TabularInline):
    model = Taakstelling
    extra = 0


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "country", "province", "takes_resettled_refugees"]
    list_filter = ["country", "takes_resettled_refugees", "province"]
    search_fields = ["name", "code"]
    inlines = [TaakstellingInline]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "contact_name"]
    list_filter = ["kind"]
    search_fields = ["name"]
    filter_horizontal = ["municipalities"]


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "variant",
        "country",
        "commitment_months",
        "min_group_size",
        "groups_have_financial_duties",
        "groups_may_name_newcomer",
        "active",
    ]
    list_filter = ["variant", "country", "active"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = [
        "email",
        "first_name",
        "last_name",
        "role",
        "organisation",
        "municipality",
        "is_active",
    ]
    list_filter = ["role", "is_active", "organisation"]
    search_fields = ["email", "first_name", "last_name"]
    filter_horizontal = ["scope_municipalities", "scope_programmes", "groups", "user_permissions"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["first_name", "last_name", "language"]}),
        (
            _("Role and scope"),
            {
                "fields": [
                    "role",
                    "organisation",
                    "municipality",
                    "scope_municipalities",
                    "scope_programmes",
                ]
            },
        ),
        (
            _("Status"),
            {"fields": ["is_active", "is_staff", "is_superuser", "last_login", "date_joined"]},
        ),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "role", "password1", "password2"]})
    ]
    readonly_fields = ["last_login", "date_joined"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "role", "created_at", "expires_at", "accepted_at"]
    list_filter = ["role"]
    exclude = ["token_hash"]


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """Read-only: the database refuses changes anyway."""

    list_display = ["created_at", "actor", "action", "object_type", "object_id", "summary"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_id", "summary", "request_id"]


@admin.register(CspReport)
class CspReportAdmin(ReadOnlyAdmin):
    """Read-only: browsers write these, nobody edits them; purged after 30 days."""

    list_display = ["created_at", "violated_directive", "document_uri", "blocked_uri", "user_agent"]
    list_filter = ["violated_directive"]
    date_hierarchy = "created_at"


@admin.register(OutboxTask)
class OutboxTaskAdmin(ReadOnlyAdmin):
    """Read-only: operators see what waits for the broker; the sweeper does the rest."""

    list_display = [
        "task",
        "created_at",
        "dispatched_at",
        "started_at",
        "done_at",
        "attempts",
        "last_error",
    ]
    list_filter = ["task", ("done_at", admin.EmptyFieldListFilter)]
    date_hierarchy = "created_at"


@admin.register(OutgoingMail)
class OutgoingMailAdmin(ReadOnlyAdmin):
    """Read-only: operators see what waits for the mail server. Never the secret (a link
    with its token, a code), which is wiped once sent anyway."""

    list_display = ["kind", "created_at", "sent_at", "gave_up_at", "attempts", "last_error"]
    list_filter = ["kind", ("sent_at", admin.EmptyFieldListFilter)]
    date_hierarchy = "created_at"
    exclude = ["secret"]
