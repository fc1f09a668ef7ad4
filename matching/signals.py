"""What matching tells the apps above it (docs/architecture.md, the app map).

Sent inside the service's transaction and synchronously: a receiver that fails undoes
the confirmation, so the consequence and its cause commit together.
"""

from django.dispatch import Signal

# Both sides confirmed a match (``proposal``, ``actor``): the sponsorship starts
# (sponsorships/apps.py connects it).
proposal_confirmed = Signal()
