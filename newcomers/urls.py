from django.urls import path

from newcomers import profile_views, reveal_views, views, workflow_views

app_name = "newcomers"

urlpatterns = [
    path("", views.household_list, name="household_list"),
    path("new/", views.household_create, name="household_create"),
    path("import/", views.household_import, name="household_import"),
    path("<int:pk>/", views.household_detail, name="household_detail"),
    path("<int:pk>/reveal/", reveal_views.household_reveal, name="household_reveal"),
    path("<int:pk>/edit/", views.household_edit, name="household_edit"),
    path("<int:pk>/identity/", views.household_identity, name="household_identity"),
    path("<int:pk>/pre-select/", workflow_views.household_preselect, name="household_preselect"),
    path(
        "<int:pk>/information/", workflow_views.household_information, name="household_information"
    ),
    path("<int:pk>/intake/", workflow_views.household_intake, name="household_intake"),
    path("<int:pk>/consent/", workflow_views.household_consent, name="household_consent"),
    path("<int:pk>/withdraw/", workflow_views.household_withdraw, name="household_withdraw"),
    path(
        "<int:pk>/support-arranged/",
        workflow_views.household_support_arranged,
        name="household_support_arranged",
    ),
    path("<int:pk>/access/", workflow_views.case_access_grant, name="case_access_grant"),
    path(
        "<int:pk>/access/<int:access_pk>/revoke/",
        workflow_views.case_access_revoke,
        name="case_access_revoke",
    ),
    path("<int:pk>/profile/", profile_views.profile_review, name="profile_review"),
    path("<int:pk>/profile/publish/", profile_views.profile_publish, name="profile_publish"),
    path(
        "<int:pk>/interests/<int:interest_pk>/preference/",
        profile_views.interest_preference,
        name="interest_preference",
    ),
    path("<int:pk>/profile/unpublish/", profile_views.profile_unpublish, name="profile_unpublish"),
    path("profiles/", profile_views.profile_list, name="profile_list"),
    path("profiles/<str:code>/", profile_views.profile_detail, name="profile_detail"),
    path("profiles/<str:code>/interest/", profile_views.profile_interest, name="profile_interest"),
]
