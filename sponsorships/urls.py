"""Included under ``groups/`` (sponsorship/urls.py): the paths stayed when the screens
moved out of the groups app, so links and bookmarks keep working."""

from django.urls import path

from sponsorships import plan_views, views

app_name = "sponsorships"

urlpatterns = [
    # Sponsorships, resettlement plans and monitoring (docs/plans.md).
    path("sponsorships/", views.sponsorship_list, name="sponsorships"),
    path("sponsorships/<int:pk>/", views.sponsorship_detail, name="sponsorship"),
    path("sponsorships/<int:pk>/checklist/", views.checklist_tick, name="checklist_tick"),
    path(
        "sponsorships/<int:pk>/arrival/",
        views.register_arrival,
        name="register_arrival",
    ),
    path("sponsorships/<int:pk>/checkin/", views.checkin_add, name="checkin_add"),
    path(
        "sponsorships/<int:pk>/evaluation/<slug:kind>/",
        views.evaluation_add,
        name="evaluation_add",
    ),
    path(
        "sponsorships/<int:pk>/complete/",
        views.sponsorship_complete,
        name="sponsorship_complete",
    ),
    path(
        "sponsorships/<int:pk>/end-early/",
        views.sponsorship_end_early,
        name="sponsorship_end_early",
    ),
    path(
        "sponsorships/<int:pk>/feedback-link/",
        views.feedback_link_create,
        name="feedback_link_create",
    ),
    path("signals/<int:pk>/resolve/", views.signal_resolve, name="signal_resolve"),
    path("feedback/<str:token>/", views.household_feedback, name="household_feedback"),
    path("plans/<int:pk>/", plan_views.plan_detail, name="plan"),
    path("plans/<int:pk>/submit/", plan_views.plan_submit, name="plan_submit"),
    path("plans/<int:pk>/review/", plan_views.plan_review, name="plan_review"),
    path("plans/<int:pk>/versions/<int:number>/", plan_views.plan_version, name="plan_version"),
    path("plans/<int:pk>/household/", plan_views.plan_household, name="plan_household"),
    path("plans/<int:pk>/pdf/", plan_views.plan_pdf, name="plan_pdf"),
    path("plans/sections/<int:pk>/", plan_views.section_edit, name="plan_section"),
    path("plans/sections/<int:pk>/tasks/add/", plan_views.task_add, name="plan_task_add"),
    path("plans/tasks/<int:pk>/", plan_views.task_edit, name="plan_task"),
    path("plans/tasks/<int:pk>/delete/", plan_views.task_delete, name="plan_task_delete"),
    path("plans/tasks/<int:pk>/status/", plan_views.task_status, name="plan_task_status"),
]
