"""Cross-app hooks (signals only for those, never for workflow)."""

import django.dispatch

# Sent after an invitation was accepted and its user created: (invitation, user).
invitation_accepted = django.dispatch.Signal()
