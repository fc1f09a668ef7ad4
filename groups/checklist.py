"""What a group still has to do, as the members' workspace shows it."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from groups import extensions
from groups.models import SponsorGroup

Status = SponsorGroup.Status


@dataclass(frozen=True)
class Item:
    label: str
    done: bool
    detail: str = ""


def _members_item(members, attribute: str, label: str) -> Item:
    missing = [m.name for m in members if not getattr(m, attribute)]
    detail = _("Still missing: %(names)s") % {"names": ", ".join(missing)} if missing else ""
    return Item(label, not missing, detail)


def checklist(group: SponsorGroup) -> list[Item]:
    """The steps from application to matching, then what the apps above add (the plan:
    groups/extensions.py)."""
    members = list(group.members.active())
    past_intake = group.status not in (Status.APPLIED, Status.INTAKE_PLANNED)
    approved = group.status in SponsorGroup.APPROVED_STATES
    trained = group.status in SponsorGroup.TRAINED_STATES
    items = [
        Item(_("Application received"), True),
        Item(_("Intake interview"), past_intake),
        _members_item(
            members, "has_declaration", _("Participant declaration signed by every member")
        ),
        _members_item(
            members, "has_vog", _("Certificate of conduct (VOG) received for every member")
        ),
        Item(_("Group approved"), approved),
    ]
    readiness = None if trained or not approved else extensions.readiness(group)
    items.append(
        Item(_("Training completed"), trained, "; ".join(readiness.missing) if readiness else "")
    )
    items.append(
        Item(
            _("Matched with a newcomer"),
            group.status in (Status.MATCHED, Status.ACTIVE, Status.COMPLETED),
        )
    )
    items.extend(extensions.checklist_items(group))
    return items
