from django.urls import path

from groups import (
    apply_views,
    document_views,
    imports,
    plan_views,
    sponsorship_views,
    views,
    workspace_views,
)

app_name = "groups"

urlpatterns = [
    path("", views.group_list, name="list"),
    path("import/", imports.import_groups, name="import"),
    path("<int:pk>/", views.group_detail, name="detail"),
    path("<int:pk>/intake/plan/", views.plan_intake, name="plan_intake"),
    path("<int:pk>/intake/record/", views.record_intake, name="record_intake"),
    path("<int:pk>/step/<slug:step>/", views.transition, name="transition"),
    path("<int:pk>/close/<slug:kind>/", views.close_group, name="close"),
    path("<int:pk>/documents/", document_views.group_documents, name="group_documents"),
    path("members/<int:pk>/documents/", views.member_documents, name="member_documents"),
    path("members/<int:pk>/profile/", views.member_profile, name="member_profile"),
    path("changes/<int:pk>/<slug:decision>/", views.decide_change, name="decide_change"),
    # Members' workspace.
    path("mine/", workspace_views.workspace, name="workspace"),
    path("<int:pk>/workspace/", workspace_views.workspace_detail, name="workspace_detail"),
    path("<int:pk>/members/propose/", workspace_views.propose_addition, name="propose_addition"),
    path(
        "members/<int:pk>/propose-removal/", workspace_views.propose_removal, name="propose_removal"
    ),
    # The public application.
    path("apply/", apply_views.apply_index, name="apply"),
    path("apply/thanks/", apply_views.apply_done, name="apply_done"),
    path("apply/<slug:slug>/<int:town>/", apply_views.apply_start, name="apply_start"),
    path("apply/d/<str:token>/", apply_views.apply_resume, name="apply_resume"),
    path("apply/d/<str:token>/<slug:step>/", apply_views.apply_step, name="apply_step"),
    # Sponsorships, resettlement plans and monitoring (docs/plans.md).
    path("sponsorships/", sponsorship_views.sponsorship_list, name="sponsorships"),
    path("sponsorships/<int:pk>/", sponsorship_views.sponsorship_detail, name="sponsorship"),
    path(
        "sponsorships/<int:pk>/checklist/", sponsorship_views.checklist_tick, name="checklist_tick"
    ),
    path(
        "sponsorships/<int:pk>/arrival/",
        sponsorship_views.register_arrival,
        name="register_arrival",
    ),
    path("sponsorships/<int:pk>/checkin/", sponsorship_views.checkin_add, name="checkin_add"),
    path(
        "sponsorships/<int:pk>/evaluation/<slug:kind>/",
        sponsorship_views.evaluation_add,
        name="evaluation_add",
    ),
    path(
        "sponsorships/<int:pk>/complete/",
        sponsorship_views.sponsorship_complete,
        name="sponsorship_complete",
    ),
    path(
        "sponsorships/<int:pk>/end-early/",
        sponsorship_views.sponsorship_end_early,
        name="sponsorship_end_early",
    ),
    path(
        "sponsorships/<int:pk>/feedback-link/",
        sponsorship_views.feedback_link_create,
        name="feedback_link_create",
    ),
    path("signals/<int:pk>/resolve/", sponsorship_views.signal_resolve, name="signal_resolve"),
    path("feedback/<str:token>/", sponsorship_views.household_feedback, name="household_feedback"),
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
