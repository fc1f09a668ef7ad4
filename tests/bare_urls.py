"""The project's URLs plus a bare signed-in page: the base template and nothing else, so
a request to it costs only what every request costs (middleware, session, context)."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.urls import include, path


@login_not_required
def bare(request):
    return render(request, "base.html")


urlpatterns = [path("__bare__/", bare), path("", include("sponsorship.urls"))]
