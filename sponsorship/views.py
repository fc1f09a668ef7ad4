"""Shared pages: home per role, health, audit trail, invitations."""

from __future__ import annotations

import redis
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from sponsorship import audit, services, worker_health
from sponsorship import home as home_panels
from sponsorship.errors import add_form_errors
from sponsorship.filters import AuditEventFilter
from sponsorship.forms import AcceptInvitationForm, InvitationForm
from sponsorship.lists import FilteredListView
from sponsorship.models import AuditEvent, Invitation, Role


@login_not_required
def home(request):
    # Anonymous visitors get the public landing page (what the programme is, how a group
    # applies); signed-in users their role's home.
    if not request.user.is_authenticated:
        return render(request, "sponsorship/landing.html")
    return render(request, "sponsorship/home.html", {"panels": home_panels.panels_for(request)})


def _check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return "ok"


def _check_redis(client: redis.Redis) -> str:
    client.ping()
    return "ok"


def _check_worker(client: redis.Redis) -> str:
    # From the heartbeat each worker stamps in Redis, not a control ping: a ping waits for
    # the slowest reply on every call (sponsorship/worker_health.py).
    fresh = worker_health.fresh_workers(client)
    if not fresh:
        raise RuntimeError("no worker heartbeat")
    return f"ok ({fresh} worker{'s' if fresh != 1 else ''})"


@login_not_required
@require_GET
def healthz(request):
    # One connection serves the Redis check and the workers' heartbeats.
    client = redis.Redis.from_url(
        settings.REDIS_URL,
        socket_timeout=settings.HEALTHZ_TIMEOUT_SECONDS,
        socket_connect_timeout=settings.HEALTHZ_TIMEOUT_SECONDS,
    )
    checks = {
        "database": _check_database,
        "redis": lambda: _check_redis(client),
        "worker": lambda: _check_worker(client),
    }
    report, healthy = {}, True
    try:
        for name, check in checks.items():
            if name == "worker" and report.get("redis") != "ok":
                report[name] = "unknown: redis is down"
                healthy = False
                continue
            try:
                report[name] = check()
            except Exception as exc:  # noqa: BLE001 - any failure means unhealthy
                report[name] = f"down: {type(exc).__name__}"
                healthy = False
    finally:
        client.close()
    return JsonResponse(
        {"status": "ok" if healthy else "unhealthy", "checks": report},
        status=200 if healthy else 503,
    )


class AuditEventList(FilteredListView):
    model = AuditEvent
    filterset_class = AuditEventFilter
    template_name = "sponsorship/audit_list.html"
    paginate_by = 50
    orderings = {
        "when": "created_at",
        "action": "action",
        "actor": "actor__email",
        "object": ("object_type", "object_id"),
    }
    default_ordering = "-when"
    csv_filename = "audit"
    csv_columns = {
        "when": lambda e: e.created_at.isoformat(),
        "actor": lambda e: e.actor.email if e.actor else "",
        "action": lambda e: e.get_action_display(),
        "object_type": lambda e: e.object_type,
        "object_id": lambda e: e.object_id,
        "fields": lambda e: e.fields,
        "summary": lambda e: e.summary,
        "ip": lambda e: e.ip,
        "request_id": lambda e: e.request_id,
    }

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("sponsorship.view_audit"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def base_queryset(self):
        return super().base_queryset().select_related("actor")


audit_list = AuditEventList.as_view()


@permission_required("sponsorship.invite_staff", raise_exception=True)
def invitation_list(request):
    user = request.user
    if user.is_coordinator:
        invitations = Invitation.objects.filter(invited_by__organisation=user.organisation)
    elif user.is_municipal_staff:
        invitations = Invitation.objects.filter(
            role=Role.MUNICIPAL_STAFF, municipality=user.municipality_id
        )
    else:
        invitations = Invitation.objects.all()
    invitations = invitations.select_related("organisation", "municipality", "invited_by")
    form = InvitationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        scope = data.pop("scope_municipalities", ())
        try:
            services.create_invitation(actor=request.user, scope_municipalities=scope, **data)
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % data)
            return redirect("invitation_list")
    return render(
        request,
        "sponsorship/invitation_list.html",
        {"form": form, "invitations": invitations[:100]},
    )


@login_not_required
def invitation_accept(request, token):
    invitation = services.open_invitation(token)
    if invitation is None:
        return render(request, "sponsorship/invitation_invalid.html", status=404)
    if request.user.is_authenticated:
        messages.info(request, _("You are already logged in."))
        return redirect("home")
    form = AcceptInvitationForm(
        request.POST or None,
        invitation=invitation,
        initial={"first_name": invitation.first_name, "last_name": invitation.last_name},
    )
    if request.method == "POST" and form.is_valid():
        try:
            user = services.accept_invitation(
                invitation,
                password=form.cleaned_data["password1"],
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome! Your account is ready."))
            return redirect("home")
    return render(
        request, "sponsorship/invitation_accept.html", {"form": form, "invitation": invitation}
    )


@login_not_required
def permission_denied(request, exception=None):
    user = getattr(request, "user", None)
    audit.record(
        audit.Action.PERMISSION_DENIED,
        actor=user,
        object_type="url",
        object_id=request.path[:64],
        summary=f"{request.method} {request.path}",
    )
    return render(request, "403.html", status=403)
