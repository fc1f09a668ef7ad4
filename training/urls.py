from django.urls import path

from training import attendance_views, bulk_views, member_views, views

app_name = "training"

urlpatterns = [
    path("sessions/", views.session_list, name="session_list"),
    path("sessions/calendar/", views.session_calendar, name="session_calendar"),
    path("sessions/new/", views.session_create, name="session_create"),
    path("sessions/<int:pk>/", views.session_detail, name="session_detail"),
    path("sessions/<int:pk>/edit/", views.session_edit, name="session_edit"),
    path("sessions/<int:pk>/enrol/", views.enrol, name="enrol"),
    path("sessions/<int:pk>/enrol-group/", bulk_views.enrol_group, name="enrol_group"),
    path("sessions/<int:pk>/calendar.ics", views.session_calendar_file, name="session_ics"),
    path("enrolments/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("sessions/<int:pk>/attendance/", attendance_views.attendance, name="attendance"),
    path(
        "sessions/<int:pk>/attendance.pdf", attendance_views.attendance_pdf, name="attendance_pdf"
    ),
    path("sessions/<int:pk>/certificates/", attendance_views.bundle_start, name="bundle_start"),
    path("bundles/<int:pk>/", attendance_views.bundle_status, name="bundle_status"),
    path("bundles/<int:pk>/download/", attendance_views.bundle_download, name="bundle_download"),
    path("reports/", attendance_views.reports, name="reports"),
    path("reports/<int:pk>/<slug:decision>/", attendance_views.decide_report, name="decide_report"),
    path("groups/<int:pk>/", member_views.group_progress, name="group_progress"),
    path("groups/<int:pk>/ready/", member_views.mark_ready, name="mark_ready"),
    # Members.
    path("mine/", member_views.mine, name="mine"),
    path("modules/<int:pk>/report/", member_views.report_e_learning, name="report"),
    path("certificates/<int:pk>.pdf", member_views.certificate, name="certificate"),
    # Public.
    path("verify/", member_views.verify_form, name="verify_form"),
    path("verify/<str:code>/", member_views.verify, name="verify"),
]
