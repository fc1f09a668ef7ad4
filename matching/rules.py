"""Who may do what in matching; which run or proposal is a matter of visible_to."""

import rules

from sponsorship.rules import is_administrator, is_coordinator, is_municipal_staff

# Start, cancel and replay runs; review, edit, send and withdraw proposals; meetings.
rules.add_perm("matching.run", is_coordinator | is_administrator)
rules.add_perm("matching.review", is_coordinator | is_administrator)
# DOMAIN: the municipality gives the final approval of a match, nobody else.
rules.add_perm("matching.decide", is_municipal_staff)
rules.add_perm("matching.view_dossier", is_coordinator | is_administrator | is_municipal_staff)
