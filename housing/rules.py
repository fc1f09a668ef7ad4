"""Who may do what with housing. Object scope is decided by ``visible_to``; these
predicates add the role (and, for municipal staff, their own municipality)."""

import rules

from sponsorship.rules import is_administrator, is_coordinator, is_municipal_staff


@rules.predicate
def offer_in_own_municipality(user, offer):
    # Without an object (list pages, create forms) the role alone decides.
    return offer is None or offer.municipality_id == user.municipality_id


manages_offer = is_administrator | (is_municipal_staff & offer_in_own_municipality)

# Municipal staff register and edit their municipality's offers and allocate them.
rules.add_perm("housing.manage_offer", manages_offer)
# Coordinators reserve an offer for a match; the municipality may also do it.
rules.add_perm("housing.reserve_offer", is_coordinator | manages_offer)
rules.add_perm("housing.view_offers", is_administrator | is_coordinator | is_municipal_staff)
rules.add_perm("housing.export_offers", is_administrator | is_coordinator | is_municipal_staff)
rules.add_perm("housing.import_offers", is_administrator | is_municipal_staff)
rules.add_perm("housing.view_register", is_administrator | is_municipal_staff)
rules.add_perm("housing.manage_provider", is_administrator | is_municipal_staff)
