"""Who may do what in training; which records is a matter of visible_to (querysets.py)."""

import rules

from sponsorship.rules import is_administrator, is_coordinator, is_group_member

# Sessions, enrolling others, attendance, confirming e-learning, certificates of a session.
rules.add_perm("training.manage_training", is_coordinator | is_administrator)
# Enrolling oneself, reporting an e-learning.
rules.add_perm("training.take_training", is_group_member)
