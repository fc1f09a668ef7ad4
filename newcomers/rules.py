"""Permissions of the newcomers app (role level; object scope is visible_to)."""

import rules

from sponsorship.rules import is_administrator, is_coordinator

rules.add_perm("newcomers.manage_household", is_administrator | is_coordinator)
