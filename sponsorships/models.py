"""The sponsorship app's models: one sponsorship, its resettlement plan and monitoring.

They live in topic modules (see their docstrings); this module gathers them so Django
finds them and callers can import from ``sponsorships.models``.
"""

from sponsorships.monitoring_models import CheckIn, Evaluation, FeedbackLink, Signal
from sponsorships.plan_models import (
    ChecklistTick,
    PlanSection,
    PlanTask,
    PlanTemplate,
    PlanTemplateTask,
    PlanVersion,
    ResettlementPlan,
    SectionComment,
)
from sponsorships.sponsorship_models import Sponsorship

__all__ = [
    "CheckIn",
    "ChecklistTick",
    "Evaluation",
    "FeedbackLink",
    "PlanSection",
    "PlanTask",
    "PlanTemplate",
    "PlanTemplateTask",
    "PlanVersion",
    "ResettlementPlan",
    "SectionComment",
    "Signal",
    "Sponsorship",
]
