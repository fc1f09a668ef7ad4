from django.contrib import admin

from housing.models import Allocation, HousingOffer, HousingProvider


@admin.register(HousingProvider)
class HousingProviderAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "municipality", "contact_name"]
    list_filter = ["kind", "municipality"]
    search_fields = ["name", "contact_name"]


@admin.register(HousingOffer)
class HousingOfferAdmin(admin.ModelAdmin):
    list_display = [
        "pk",
        "municipality",
        "kind",
        "status",
        "neighbourhood",
        "bedrooms",
        "max_occupants",
        "rent",
        "available_from",
    ]
    list_filter = ["status", "kind", "municipality"]
    search_fields = ["neighbourhood"]
    # States change through housing.services only (locks, checks, audit).
    readonly_fields = ["status", "status_changed_at", "reserved_by", "reserved_at"]


@admin.register(Allocation)
class AllocationAdmin(admin.ModelAdmin):
    list_display = ["pk", "offer", "household", "period", "status"]
    list_filter = ["status"]
    # Allocations are made and ended through housing.services only.
    readonly_fields = ["offer", "household", "period", "status", "moved_from"]

    def has_add_permission(self, request):
        return False
