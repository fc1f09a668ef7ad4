"""Admin screens. Only administrators reach the admin, but they too see sensitive fields
only with case access (declared once, see sensitivity.py), and every view is audited."""

from django.contrib import admin

from newcomers.models import (
    AnonymousProfile,
    CaseAccess,
    Household,
    HouseholdIdentity,
    HouseholdMember,
    Withdrawal,
)
from newcomers.sensitivity import (
    can_see_sensitive,
    case_household_ids,
    is_sensitive,
    reveal,
    sensitive_field_names,
)
from sponsorship.admin import ReadOnlyAdmin


class SensitiveFieldsAdmin(admin.ModelAdmin):
    """Drops sensitive fields unless the user holds case access to the object's household."""

    def household_of(self, obj):
        return obj.household

    def _hidden(self, request, obj) -> set[str]:
        if obj is not None and can_see_sensitive(request.user, self.household_of(obj)):
            return set()
        return set(sensitive_field_names(self.model))

    def get_fields(self, request, obj=None):
        hidden = self._hidden(request, obj)
        return [f for f in super().get_fields(request, obj) if f not in hidden]

    def get_readonly_fields(self, request, obj=None):
        hidden = self._hidden(request, obj)
        return [f for f in super().get_readonly_fields(request, obj) if f not in hidden]

    def get_list_display(self, request):
        # A list mixes households; never show sensitive columns there.
        return [f for f in super().get_list_display(request) if not self._is_sensitive(f)]

    def get_search_fields(self, request):
        return [f for f in super().get_search_fields(request) if not self._is_sensitive(f)]

    def _is_sensitive(self, name) -> bool:
        try:
            return is_sensitive(self.model._meta.get_field(name))
        except Exception:  # noqa: BLE001 - callables and methods are not fields
            return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is not None:
            reveal(
                request.user,
                self.household_of(obj),
                [
                    f"{'' if self.model is Household else self.model._meta.model_name + '.'}{n}"
                    for n in sensitive_field_names(self.model)
                ],
                summary="admin",
            )
        return super().change_view(request, object_id, form_url, extra_context)


class MemberInline(admin.TabularInline):
    model = HouseholdMember
    extra = 0


@admin.register(Household)
class HouseholdAdmin(SensitiveFieldsAdmin):
    list_display = [
        "reference",
        "pseudonym",
        "status",
        "programme",
        "municipality",
        "expected_arrival",
    ]
    list_filter = ["status", "programme", "needs_step_free", "needs_ground_floor"]
    search_fields = ["reference", "pseudonym"]
    filter_horizontal = ["acceptable_municipalities"]
    readonly_fields = [
        "reference",
        "status",
        "intake_held_on",
        "arrival_date",
        "needs_alternative_support",
        "created_by",
    ]
    inlines = [MemberInline]

    def household_of(self, obj):
        return obj

    def has_delete_permission(self, request, obj=None):
        # Consent history is append-only; households end as completed or withdrawn.
        return False


@admin.register(HouseholdIdentity)
class HouseholdIdentityAdmin(SensitiveFieldsAdmin):
    list_display = ["household"]

    def get_queryset(self, request):
        return (
            super().get_queryset(request).filter(household_id__in=case_household_ids(request.user))
        )


@admin.register(Withdrawal)
class WithdrawalAdmin(ReadOnlyAdmin, SensitiveFieldsAdmin):
    """Withdrawals are recorded through the workflow (services.withdraw)."""

    list_display = ["household", "withdrawn_on", "from_status", "recorded_by"]


@admin.register(CaseAccess)
class CaseAccessAdmin(ReadOnlyAdmin):
    """Granted through caseaccess.grant, which checks scope and audits."""

    list_display = ["household", "user", "granted_by", "granted_at", "revoked_at"]
    list_filter = ["revoked_at"]


@admin.register(AnonymousProfile)
class AnonymousProfileAdmin(admin.ModelAdmin):
    list_display = ["code", "household", "published", "published_at"]
    list_filter = ["published"]
    readonly_fields = ["code", "household", "content", "published", "published_at", "published_by"]

    def has_add_permission(self, request):
        # A profile is made by publishing a household's (newcomers.services), never here:
        # every field is read-only, so the add form could only fail in the database.
        return False
