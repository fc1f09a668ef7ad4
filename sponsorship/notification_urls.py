from django.urls import path

from sponsorship import notification_views

app_name = "notifications"

urlpatterns = [
    path("", notification_views.notification_list, name="list"),
    path("read/", notification_views.mark_read, name="mark_read"),
    path("preferences/", notification_views.preferences, name="preferences"),
]
