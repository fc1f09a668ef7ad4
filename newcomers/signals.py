"""Cross-app hooks of the household (docs/architecture.md, "Propagation").

Higher apps own what follows from a household's withdrawal (proposals, allocations, the
sponsorship); newcomers may not import them, so it sends these and they receive. Both are
sent inside the withdrawal's transaction: receivers run in it, and a receiver that raises
rolls the whole withdrawal back.
"""

import django.dispatch

# Before the household row is locked: (household_id). Receivers lock the rows that come
# before the household in the lock order (offers), so no withdrawal inverts it.
household_withdrawing = django.dispatch.Signal()
# After the household moved to "withdrawn": (household, withdrawal, actor).
household_withdrawn = django.dispatch.Signal()
