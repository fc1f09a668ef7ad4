from django.urls import reverse

from sponsorship import navigation


def portal(request):
    user = getattr(request, "user", None)
    items = []
    if user is not None:
        path = request.path
        for item in navigation.items_for(user):
            url = reverse(item.url_name)
            items.append({"label": item.label, "url": url,
                          "current": path == url or (url != "/" and path.startswith(url))})
    return {"nav_items": items}
