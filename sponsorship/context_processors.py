from django.urls import reverse

from sponsorship import navigation


def portal(request):
    user = getattr(request, "user", None)
    if user is None:
        return {"nav_items": []}
    items = [{"label": item.label, "url": reverse(item.url_name), "current": False}
             for item in navigation.items_for(user)]
    # The current entry is the one whose URL is the longest prefix of the path, so that
    # /housing/register/ marks "Register" and not also "Housing".
    path = request.path
    matches = [i for i in items if path == i["url"] or (i["url"] != "/" and
                                                        path.startswith(i["url"]))]
    if matches:
        max(matches, key=lambda i: len(i["url"]))["current"] = True
    return {"nav_items": items}
