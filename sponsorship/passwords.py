"""Password rules with messages in the reader's language.

Django 6.1 changed the too-short message to a ``%d`` msgid its own Dutch catalogue does not
have yet, so Dutch pages showed it in English. This validator keeps Django's rule and says
it with the ``%(min_length)d`` msgid the catalogues translate.
"""

from django.contrib.auth.password_validation import MinimumLengthValidator as _Django
from django.utils.translation import ngettext


class MinimumLengthValidator(_Django):
    def get_error_message(self):
        return ngettext(
            "This password is too short. It must contain at least %(min_length)d character.",
            "This password is too short. It must contain at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}
