from django.contrib import admin

from matching.models import MatchingRun, MatchingWeights, MatchProposal, NamedPairing


@admin.register(MatchingWeights)
class MatchingWeightsAdmin(admin.ModelAdmin):
    """Per-programme weights: {"languages": 3, "distance_zero_km": 40, ...}; fields not
    given keep the engine's defaults (matching/engine/model.py, Weights)."""

    list_display = ["programme", "updated_at", "updated_by"]
    readonly_fields = ["updated_by"]

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(NamedPairing)
class NamedPairingAdmin(admin.ModelAdmin):
    list_display = ["household", "group", "created_at"]
    raw_id_fields = ["household", "group"]


class ReadOnly(admin.ModelAdmin):
    """Runs and proposals change through matching.runs and matching.services only."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(MatchingRun)
class MatchingRunAdmin(ReadOnly):
    list_display = ["pk", "programme", "status", "created_at", "finished_at"]
    list_filter = ["status", "programme"]
    exclude = ["snapshot"]


@admin.register(MatchProposal)
class MatchProposalAdmin(ReadOnly):
    list_display = ["pk", "household", "group", "offer", "status", "score"]
    list_filter = ["status", "programme"]
