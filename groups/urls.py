from django.urls import path

from groups import (
    apply_views,
    document_views,
    imports,
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
]
