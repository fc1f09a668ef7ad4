# The group fixtures (applied, approved, matched groups and their members) serve the
# sponsorship tests too: a sponsorship always starts from a matched group.
from tests.groups.conftest import *  # noqa: F403
