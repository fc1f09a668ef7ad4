from django.urls import reverse

from sponsorship import navigation, notifications

# The navigation entry that carries the unread count.
NOTIFICATIONS_URL_NAME = "notifications:list"


def portal(request):
    user = getattr(request, "user", None)
    if user is None:
        return {"nav_items": []}
    items = [
        {
            "label": item.label,
            "url": reverse(item.url_name),
            "current": False,
            "badge": _unread(request) if item.url_name == NOTIFICATIONS_URL_NAME else 0,
        }
        for item in navigation.items_for(user)
    ]
    # The current entry is the one whose URL is the longest prefix of the path, so that
    # /housing/register/ marks "Register" and not also "Housing".
    path = request.path
    matches = [
        i for i in items if path == i["url"] or (i["url"] != "/" and path.startswith(i["url"]))
    ]
    if matches:
        max(matches, key=lambda i: len(i["url"]))["current"] = True
    return {"nav_items": items}


def _unread(request) -> int:
    """One COUNT on the user's own rows (index notification_user_idx), once per request
    however many templates render with it."""
    if not hasattr(request, "_unread_notifications"):
        request._unread_notifications = notifications.unread_count(request.user)
    return request._unread_notifications
