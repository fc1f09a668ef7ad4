from django.contrib import admin

from matching.models import MatchingRun, MatchingWeights, MatchProposal, NamedPairing
from sponsorship.admin import ReadOnlyAdmin


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


@admin.register(MatchingRun)
class MatchingRunAdmin(ReadOnlyAdmin):
    list_display = ["pk", "programme", "status", "created_at", "finished_at"]
    list_filter = ["status", "programme"]
    exclude = ["snapshot"]


@admin.register(MatchProposal)
class MatchProposalAdmin(ReadOnlyAdmin):
    list_display = ["pk", "household", "group", "offer", "status", "score"]
    list_filter = ["status", "programme"]
