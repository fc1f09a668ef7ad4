"""The engine's explanations in the viewer's language.

The engine stores every reason, what-if hint, criterion and alternative with a stable
``code`` (or criterion name) and ``params`` next to an English ``text``. Here those facts
become a translated sentence, with names instead of ids (towns, groups, household
pseudonyms). A row whose code is unknown or whose params are incomplete (e.g. stored by an
older engine) keeps the engine's English text.

Privacy is the same as in ``matching/dossier.py``: without case access a row naming a
household's recorded needs is replaced, decided on the params (the labels are translated
now, so the English word filter alone would miss them) and, for the English fallback, on
the words.
"""

from __future__ import annotations

from datetime import date, datetime

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from matching.dossier import SENSITIVE_CRITERIA, names_a_need
from newcomers.sensitivity import can_see_sensitive
from sponsorship import vocab

CRITERION_LABELS = {
    "distance": gettext_lazy("distance"),
    "languages": gettext_lazy("languages"),
    "interests": gettext_lazy("interests"),
    "goals": gettext_lazy("study and work goals"),
    "experience": gettext_lazy("experience"),
    "cultural": gettext_lazy("cultural familiarity"),
    "group_interest": gettext_lazy("group's interest"),
    "household_preference": gettext_lazy("household's preference"),
    "housing_fit": gettext_lazy("housing fit"),
}

# Reasons and hints whose "needs" param names the household's vulnerabilities.
NEEDS_CODES = frozenset(
    {"no_group_support", "no_group_support_combined", "extra_group", "extra_offer_and_group"}
)


def _hidden() -> str:
    return _("[mentions a recorded need, shown with case access]")


# The vocabularies an explanation's codes come from, in the order a shared code is read.
CODE_KINDS = ("vulnerability", "interest", "study_goal", "work_sector", "language")


def label(code: str) -> str:
    """The translated label of a vocabulary code (need, interest, goal, sector, language)."""
    for kind in CODE_KINDS:
        text = vocab.label(code, kind)
        if text != code:
            return text
    return code.replace("_", " ")


def _labels(codes) -> str:
    return ", ".join(label(c) for c in sorted(codes))


def _date(iso: str) -> str:
    return formats.date_format(date.fromisoformat(iso), "DATE_FORMAT")


class Names:
    """Names for the ids in stored explanations, loaded once per page and scoped to the viewer
    (a household or group the viewer may not see is not named)."""

    def __init__(self, user):
        self.user = user
        self.towns: dict = {}
        self.groups: dict = {}
        self.households: dict = {}

    def load(self, rows) -> Names:
        from groups.models import SponsorGroup
        from newcomers.models import Household
        from sponsorship.models import Municipality

        towns, groups, households = set(), set(), set()
        for row in rows:
            p = row.get("params") or {}
            towns.update(p.get("municipality_ids") or ())
            if p.get("municipality_id") is not None:
                towns.add(p["municipality_id"])
            for key in ("group_id",):
                if p.get(key) is not None:
                    groups.add(p[key])
            if row.get("group_id") is not None:
                groups.add(row["group_id"])
            households.update(p[k] for k in ("offer_holder", "group_holder") if k in p)
        towns -= set(self.towns)
        groups -= set(self.groups)
        households -= set(self.households)
        if towns:
            self.towns.update(Municipality.objects.in_bulk(towns))
        if groups:
            self.groups.update(SponsorGroup.objects.visible_to(self.user).in_bulk(groups))
        if households:
            self.households.update(Household.objects.visible_to(self.user).in_bulk(households))
        return self

    def town(self, pk) -> str:
        town = self.towns.get(pk)
        return town.name if town else _("municipality %(id)s") % {"id": pk}

    def town_list(self, ids) -> str:
        return ", ".join(self.town(pk) for pk in sorted(ids))

    def group(self, pk) -> str:
        group = self.groups.get(pk)
        return f"{group.name} (#{pk})" if group else _("group #%(id)s") % {"id": pk}

    def household(self, pk) -> str:
        household = self.households.get(pk)
        return household.pseudonym if household else _("another household")


def _home(p: dict) -> str:
    n = p["occupants"]
    words = ngettext("%(count)s occupant", "%(count)s occupants", n) % {"count": n}
    extra = [
        w
        for w, need in (
            (_("step-free"), p["step_free"]),
            (_("on the ground floor"), p["ground_floor"]),
        )
        if need
    ]
    if extra:
        return _("%(occupants)s (%(needs)s)") % {"occupants": words, "needs": ", ".join(extra)}
    return words


def _needs_or_household(p: dict) -> str:
    return _labels(p["needs"]) if p["needs"] else _("the household")


def _reason(code: str, p: dict, names: Names, household, row=None) -> str | None:
    if code == "no_consent":
        return _("informed consent is not recorded")
    if code == "no_intake":
        return _("the intake interview is not completed")
    if code == "offer_not_available":
        return _("offers for %(home)s in %(towns)s are not available on %(date)s") % {
            "home": _home(p),
            "towns": names.town_list(p["municipality_ids"]),
            "date": _date(p["arrival"]),
        }
    if code == "no_offer":
        return _("no offer for %(home)s in the acceptable municipalities (%(towns)s)") % {
            "home": _home(p),
            "towns": names.town_list(p["municipality_ids"]),
        }
    if code == "offers_declined":
        return _("every fitting offer was declined")
    if code == "named_group_unavailable":
        return _("the named group %(group)s cannot take this household") % {
            "group": names.group(p["group_id"])
        }
    if code == "groups_declined":
        return _("every group able to support was declined")
    if code == "no_ready_group":
        return _("no ready group with a free place works in %(towns)s") % {
            "towns": names.town_list(p["municipality_ids"])
        }
    if code == "no_group_support":
        return _("no ready group supports: %(needs)s") % {"needs": _labels(p["needs"])}
    if code == "no_group_support_combined":
        if "occupants" in p:
            return _("no ready group supports %(needs)s for a household of %(size)s") % {
                "needs": _labels(p["needs"]),
                "size": p["occupants"],
            }
        return _("no ready group supports all of: %(needs)s together") % {
            "needs": _labels(p["needs"])
        }
    if code == "no_group_size":
        return _("no ready group takes households of %(size)s") % {"size": p["occupants"]}
    if code == "no_group_near_offer":
        return _("no group able to support the household works within reach of a fitting offer")
    if code == "outcompeted":
        return _outcompeted(p, names)
    return None


def _outcompeted(p: dict, names: Names) -> str | None:
    examples = []
    if "offer_id" in p:
        examples.append(
            _("home #%(offer)s is proposed to %(household)s")
            % {"offer": p["offer_id"], "household": names.household(p["offer_holder"])}
        )
    if "group_id" in p:
        examples.append(
            _("group %(group)s is full (proposed to %(household)s)")
            % {"group": names.group(p["group_id"]), "household": names.household(p["group_holder"])}
        )
    if not examples:
        return None
    n = p["candidates"]
    return ngettext(
        "its %(count)s possible pairing went to other households; e.g. %(examples)s",
        "its %(count)s possible pairings went to other households; e.g. %(examples)s",
        n,
    ) % {"count": n, "examples": "; ".join(examples)}


def _hint(code: str, p: dict, names: Names, household, row=None) -> str | None:
    if code == "record_consent":
        return _("record the household's informed consent")
    if code == "complete_intake":
        return _("complete the intake interview")
    if code == "extra_offer" and "arrival" in p:
        return _(
            "one more offer for %(home)s in %(town)s, available on %(date)s, within reach "
            "of group %(group)s"
        ) % {
            "home": _home(p),
            "town": names.town(p["municipality_id"]),
            "date": _date(p["arrival"]),
            "group": names.group(p["group_id"]),
        }
    if code == "extra_offer" and p.get("near"):
        return _("one more offer for %(home)s in %(town)s near group %(group)s") % {
            "home": _home(p),
            "town": names.town(p["municipality_id"]),
            "group": names.group(p["group_id"]),
        }
    if code == "group_capacity":
        return _("one more place with group %(group)s, or one more ready group like it") % {
            "group": names.group(p["group_id"])
        }
    if code == "group_change":
        return _group_change(p, names, household)
    if code == "extra_group":
        return _(
            "one more ready group in %(town)s supporting %(needs)s for a household of %(size)s"
        ) % {
            "town": names.town(p["municipality_id"]),
            "needs": _needs_or_household(p),
            "size": p["occupants"],
        }
    if code == "extra_offer_and_group":
        return _(
            "one more offer for %(home)s and one more ready group supporting %(needs)s in %(town)s"
        ) % {
            "home": _home(p),
            "needs": _needs_or_household(p),
            "town": names.town(p["municipality_id"]),
        }
    return None


def _group_change(p: dict, names: Names, household) -> str | None:
    group = names.group(p["group_id"])
    change = p["change"]
    if change == "ready":
        return _("group %(group)s would fit if it were ready for matching") % {"group": group}
    if change == "capacity":
        return _("group %(group)s would fit if it had one more place") % {"group": group}
    if change == "size" and household is not None:
        return _("group %(group)s would fit if it took households of %(size)s") % {
            "group": group,
            "size": household.size,
        }
    obj = names.groups.get(p["group_id"])
    if change == "support" and household is not None and obj is not None:
        lacking = set(household.vulnerabilities) - set(obj.supported_vulnerabilities)
        if lacking:
            return _("group %(group)s would fit if it also supported: %(needs)s") % {
                "group": group,
                "needs": _labels(lacking),
            }
    return None


def _names_needs(code: str, p: dict) -> bool:
    return (code in NEEDS_CODES and bool(p.get("needs"))) or (
        code == "group_change" and p.get("change") == "support"
    )


def _explained(user, household, rows, render, names: Names | None) -> list[dict]:
    names = names if names is not None else Names(user).load(rows)
    sensitive_ok = household is not None and can_see_sensitive(user, household)
    out = []
    for row in rows:
        p = row.get("params") or {}
        code = row.get("code", "")
        if not sensitive_ok and (_names_needs(code, p) or names_a_need(row["text"])):
            out.append({**row, "text": _hidden()})
            continue
        try:
            text = render(code, p, names, household, row)
        except (KeyError, TypeError, ValueError):
            text = None
        out.append({**row, "text": text or row["text"]})
    return out


def reasons_for(user, household, rows: list[dict], names: Names | None = None) -> list[dict]:
    """Stored reasons (``{"code", "text", "params"}``) with ``text`` in the user's language."""
    return _explained(user, household, rows, _reason, names)


def hints_for(user, household, rows: list[dict], names: Names | None = None) -> list[dict]:
    """Stored what-if hints with ``text`` in the user's language."""
    return _explained(user, household, rows, _hint, names)


# Criteria ------------------------------------------------------------------------------

SHARED = {
    # criterion: (shares, none shared, nothing wanted)
    "languages": (
        gettext_lazy("shares languages: %(items)s"),
        gettext_lazy("no shared languages (household: %(items)s)"),
        gettext_lazy("no household languages recorded"),
    ),
    "interests": (
        gettext_lazy("shares interests: %(items)s"),
        gettext_lazy("no shared interests (household: %(items)s)"),
        gettext_lazy("no household interests recorded"),
    ),
    "goals": (
        gettext_lazy("shares study or work goals with the group's network: %(items)s"),
        gettext_lazy(
            "no shared study or work goals with the group's network (household: %(items)s)"
        ),
        gettext_lazy("no study or work goals recorded"),
    ),
    "experience": (
        gettext_lazy("shares experience with: %(items)s"),
        gettext_lazy("no shared experience with (household: %(items)s)"),
        gettext_lazy("no vulnerabilities recorded, not applicable"),
    ),
}


def criterion_text(name: str, p: dict) -> str | None:
    """One criterion's words in the user's language; None when the params are missing."""
    if not p:
        return None
    if name in SHARED:
        shares, none_shared, none_wanted = SHARED[name]
        if not p["wanted"]:
            return str(none_wanted)
        if p["common"]:
            return str(shares) % {"items": _labels(p["common"])}
        return str(none_shared) % {"items": _labels(p["wanted"])}
    if name == "distance":
        return _("the group's neighbourhood is %(km)s km from the home") % {
            "km": formats.number_format(p["km"], 1)
        }
    if name == "cultural":
        if not p["consent"]:
            return _("not applicable (no consent to cultural-familiarity matching)")
        return (
            _("the group is familiar with the household's background")
            if p["familiar"]
            else _("no familiarity with the household's background recorded")
        )
    if name == "group_interest":
        return (
            _("the group expressed interest in this anonymous profile")
            if p["interested"]
            else _("no interest expressed by the group")
        )
    if name == "household_preference":
        return (
            _("the household listed this group among its preferences")
            if p["preferred"]
            else _("not among the household's preferences")
        )
    if name == "housing_fit":
        n = p["occupants"]
        return ngettext(
            "%(count)s occupant in a home for up to %(max)s",
            "%(count)s occupants in a home for up to %(max)s",
            n,
        ) % {"count": n, "max": p["max_occupants"]}
    return None


def criteria_for(user, household, rows: list[dict]) -> list[dict]:
    """Stored criteria (or edit warnings) with a translated ``label`` and ``text``; the words
    of sensitive criteria are replaced without case access."""
    sensitive_ok = household is not None and can_see_sensitive(user, household)
    out = []
    for row in rows:
        name = row["criterion"]
        shown = {**row, "label": vocab.label(name, "criterion").replace("_", " ")}
        if not sensitive_ok and name in SENSITIVE_CRITERIA:
            shown["text"] = _("details shown with case access")
        else:
            try:
                text = criterion_text(name, row.get("params") or {})
            except (KeyError, TypeError, ValueError):
                text = None
            shown["text"] = text or row["text"]
        out.append(shown)
    return out


def score_parts(proposal, criteria: list[dict]) -> dict:
    """What the criteria rows leave out of the total: the points every matched household
    brings (and, for a pairing the group named, the naming bonus), as a row of its own so
    the table adds up to the total it shows."""
    base = round(float(proposal.score) - sum(float(c.get("points") or 0) for c in criteria), 2)
    if abs(base) < 0.005:
        return {"total": proposal.score}
    why = (
        _(
            "every matched household adds these points, so the plan matches as many "
            "households as it can; the group named this household, which adds more"
        )
        if getattr(proposal, "named", False)
        else _(
            "every matched household adds these points, so the plan matches as many "
            "households as it can"
        )
    )
    return {"base": base, "base_text": why, "total": proposal.score}


# Alternatives --------------------------------------------------------------------------


def _alternative(code, p: dict, names: Names, household, row) -> str | None:
    if "difference" not in p:
        return None
    parts = []
    if "group_holder" in p:
        parts.append(
            _("group %(group)s is proposed to %(household)s")
            % {
                "group": names.group(row["group_id"]),
                "household": names.household(p["group_holder"]),
            }
        )
    if "offer_holder" in p:
        parts.append(
            _("home #%(offer)s is proposed to %(household)s")
            % {"offer": row["offer_id"], "household": names.household(p["offer_holder"])}
        )
    difference = p["difference"]
    amount = formats.number_format(abs(difference), 2)
    parts.append(
        _("total score %(amount)s lower") % {"amount": amount}
        if difference <= 0
        else _("total score %(amount)s higher") % {"amount": amount}
    )
    return "; ".join(parts)


def alternatives_for(user, household, rows: list[dict], names: Names | None = None) -> list[dict]:
    """Stored close alternatives with ``text`` in the user's language."""
    return _explained(user, household, rows, _alternative, names)


# Run failures ----------------------------------------------------------------------------


def failure_text(run) -> str:
    """Why ``run`` failed, in the user's language (matching.runs.run_failure stored the code
    and params); a run failed before codes were stored keeps its English words."""
    failure = (run.result or {}).get("failure") or {}
    p = failure.get("params") or {}
    code = failure.get("code")
    try:
        if code == "engine_error":
            return _("the matching engine stopped with an error: %(error)s") % p
        if code == "no_heartbeat":
            since = timezone.localtime(datetime.fromisoformat(p["since"]))
            return _("the worker stopped responding (no sign of life since %(since)s)") % {
                "since": formats.date_format(since, "DATETIME_FORMAT")
            }
        if code == "not_picked_up":
            return _("no worker picked the run up; start it again")
        if code == "gave_up":
            return _(
                "no worker started the run in time (the background service was "
                "unreachable or busy); start it again"
            )
    except (KeyError, TypeError, ValueError):
        pass
    return run.failure_reason
