"""Who may do what with sponsor groups; which group is a matter of visible_to (access.py)."""

import rules

from sponsorship.rules import is_administrator, is_coordinator, is_group_member


@rules.predicate
def is_contact_member_of(user, group):
    from groups.membership import is_contact_member

    return group is not None and is_group_member(user) and is_contact_member(user, group)


# Workflow steps, intake, documents, member changes, import and export.
rules.add_perm("groups.manage_group", is_coordinator | is_administrator)
# DOMAIN: intake notes are read by coordinators only (not even administrators).
rules.add_perm("groups.view_intake_notes", is_coordinator)
rules.add_perm("groups.propose_member_change", is_contact_member_of)
