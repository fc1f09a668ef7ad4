from django.urls import path

from matching import proposal_views, review_views, run_views

app_name = "matching"

urlpatterns = [
    path("runs/", run_views.run_list, name="run_list"),
    path("runs/new/", run_views.run_start, name="run_start"),
    path("runs/<int:pk>/", run_views.run_detail, name="run_detail"),
    path("runs/<int:pk>/progress/", run_views.run_progress, name="run_progress"),
    path("runs/<int:pk>/cancel/", run_views.run_cancel, name="run_cancel"),
    path("runs/<int:pk>/replay/", run_views.run_replay, name="run_replay"),
    path("preselection/", run_views.preselection, name="preselection"),
    path("proposals/", proposal_views.proposal_list, name="proposal_list"),
    path("proposals/new/", proposal_views.proposal_create, name="proposal_create"),
    path("proposals/<int:pk>/", proposal_views.proposal_detail, name="proposal_detail"),
    path("proposals/<int:pk>/accept/", proposal_views.proposal_accept, name="proposal_accept"),
    path("proposals/<int:pk>/edit/", proposal_views.proposal_edit, name="proposal_edit"),
    path("proposals/<int:pk>/send/", proposal_views.proposal_send, name="proposal_send"),
    path(
        "proposals/<int:pk>/withdraw/", proposal_views.proposal_withdraw, name="proposal_withdraw"
    ),
    path(
        "proposals/<int:pk>/household-confirms/",
        proposal_views.proposal_confirm_household,
        name="proposal_confirm_household",
    ),
    path(
        "proposals/<int:pk>/household-declines/",
        proposal_views.proposal_decline_household,
        name="proposal_decline_household",
    ),
    path("proposals/<int:pk>/meetings/new/", proposal_views.meeting_plan, name="meeting_plan"),
    path("meetings/<int:pk>/outcome/", proposal_views.meeting_record, name="meeting_record"),
    path("proposals/<int:pk>/dossier/", review_views.dossier_view, name="dossier"),
    path("proposals/<int:pk>/dossier.pdf", review_views.dossier_pdf, name="dossier_pdf"),
    path("proposals/<int:pk>/approve/", review_views.proposal_approve, name="proposal_approve"),
    path("proposals/<int:pk>/reject/", review_views.proposal_reject, name="proposal_reject"),
    path("my-match/", review_views.my_matches, name="my_matches"),
    path("my-match/<int:pk>/", review_views.my_match, name="my_match"),
    path("my-match/<int:pk>/confirm/", review_views.my_match_confirm, name="my_match_confirm"),
    path("my-match/<int:pk>/decline/", review_views.my_match_decline, name="my_match_decline"),
]
