from django.contrib import admin

from groups.models import GroupMember, SponsorGroup


class GroupMemberInline(admin.TabularInline):
    model = GroupMember
    extra = 0
    fields = [
        "name",
        "email",
        "is_contact",
        "active",
        "declaration_signed_on",
        "vog_received_on",
        "user",
    ]
    raw_id_fields = ["user"]


@admin.register(SponsorGroup)
class SponsorGroupAdmin(admin.ModelAdmin):
    # Status is read-only here: it changes only through groups.services (audited).
    list_display = ["name", "municipality", "programme", "status", "created_at"]
    list_filter = ["status", "programme", "municipality"]
    search_fields = ["name", "neighbourhood"]
    readonly_fields = ["status", "status_changed_at", "languages", "created_at"]
    inlines = [GroupMemberInline]
    # Intake notes are deliberately not registered: coordinators only (groups/rules.py).
