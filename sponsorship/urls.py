from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from sponsorship import csp_views, search_views, views

handler403 = "sponsorship.views.permission_denied"

# The admin has no login of its own: signing in goes through allauth (MFA, rate limits).
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    # Where browsers report Content Security Policy violations (settings.SECURE_CSP).
    path("csp-report", csp_views.csp_report, name="csp_report"),
    path("audit/", views.audit_list, name="audit_list"),
    path("search/", search_views.search_page, name="search"),
    path("invitations/", views.invitation_list, name="invitation_list"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("accounts/", include("allauth.urls")),
    # The language switch is public: the login page has it too.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("groups/", include("groups.urls")),
    path("groups/", include("sponsorships.urls")),
    path("newcomers/", include("newcomers.urls")),
    path("housing/", include("housing.urls")),
    path("training/", include("training.urls")),
    path("matching/", include("matching.urls")),
    path("notifications/", include("sponsorship.notification_urls")),
]
