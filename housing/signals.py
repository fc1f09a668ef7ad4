"""Cross-app hooks of the housing offer (docs/architecture.md, "Propagation").

Sent inside the owning operation's transaction; a receiver that raises rolls it back.
"""

import django.dispatch

# After the offer moved to "withdrawn": (offer, actor). Matching flags the open proposals
# that use the home.
offer_withdrawn = django.dispatch.Signal()
