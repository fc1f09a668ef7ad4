"""Cross-app hooks of the sponsor group (docs/architecture.md, "Propagation").

Sent inside the owning operation's transaction; receivers in higher apps (matching, the
sponsorship) run in it, and one that raises rolls the operation back.
"""

import django.dispatch

# Before the group row is locked: (group_id). Receivers lock the rows that come before
# the group in the lock order (offers, households).
group_withdrawing = django.dispatch.Signal()
# After the group moved to "withdrawn": (group, actor).
group_withdrawn = django.dispatch.Signal()
