"""The label of the empty choice in every select ("- Select an option -", new in Django 6.1).

Django's own Dutch catalogue does not have it yet, so Dutch pages showed it in English. The
same msgid, marked here, lands in the project's catalogue (makemessages), which takes
precedence over Django's; ``install()`` (from SponsorshipConfig.ready) makes this lazy
string the label Django uses, the one place Django lets a project set it.
"""

from django.db.models import fields
from django.utils.translation import gettext_lazy as _

LABEL = _("- Select an option -")


def install() -> None:
    fields.BLANK_CHOICE_LABEL = LABEL
