"""The anonymous general profile groups see, as a pure function of whitelisted data.

``snapshot`` reads only non-sensitive, non-identifying fields of the record and keeps
only known codes; ``build`` turns that into the published content. No name, reference,
pseudonym, nationality, exact date or free text can reach a group: the content holds
nothing but codes, counts, a town name and an arrival quarter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from newcomers.choices import AgeBand, Interest, Relation, StudyGoal, WorkSector
from sponsorship.vocab import LANGUAGE_CODES, LanguageLevel

CONTENT_KEYS = frozenset(
    {
        "household_size",
        "composition",
        "languages",
        "interests",
        "needs",
        "study_goal",
        "work_sector",
        "town",
        "arrival_quarter",
        "programme_variant",
    }
)
NEEDS = ("step_free", "ground_floor")


@dataclass(frozen=True)
class ProfileSource:
    members: tuple[tuple[str, str], ...]  # (age band, relation)
    languages: tuple[tuple[str, str], ...]  # (code, level)
    interests: tuple[str, ...]
    needs: tuple[str, ...]
    study_goal: str
    work_sector: str
    town: str
    programme_variant: str
    expected_arrival: date | None


def _known(values, allowed) -> tuple[str, ...]:
    """Keep only known codes: a corrupted value can never carry free text out."""
    return tuple(sorted({v for v in values if v in allowed}))


def snapshot(household, members=None) -> ProfileSource:
    """The whitelisted data of a household (``members`` defaults to its saved members)."""
    if members is None:
        members = household.members.all()
    levels = household.language_levels or {}
    return ProfileSource(
        members=tuple(
            sorted(
                (m.age_band, m.relation)
                for m in members
                if m.age_band in AgeBand.values and m.relation in Relation.values
            )
        ),
        languages=tuple(
            (code, levels.get(code) if levels.get(code) in LanguageLevel.values else "")
            for code in _known(household.languages, LANGUAGE_CODES)
        ),
        interests=_known(household.interests, Interest.values),
        needs=tuple(n for n in NEEDS if getattr(household, f"needs_{n}")),
        study_goal=household.study_goal if household.study_goal in StudyGoal.values else "",
        work_sector=household.work_sector if household.work_sector in WorkSector.values else "",
        town=household.municipality.name,
        programme_variant=household.programme.variant,
        expected_arrival=household.expected_arrival,
    )


def arrival_quarter(day: date | None) -> str:
    """A coarse arrival window ("2026-Q3"): groups can plan, nobody can pin a date."""
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}" if day else ""


def build(source: ProfileSource) -> dict:
    """The published content for one household; keys are exactly CONTENT_KEYS."""
    return {
        "household_size": len(source.members),
        "composition": [
            {"age_band": band, "relation": relation} for band, relation in source.members
        ],
        "languages": [{"code": code, "level": level} for code, level in source.languages],
        "interests": list(source.interests),
        "needs": list(source.needs),
        "study_goal": source.study_goal,
        "work_sector": source.work_sector,
        "town": source.town,
        "arrival_quarter": arrival_quarter(source.expected_arrival),
        "programme_variant": source.programme_variant,
    }


def generate(household) -> dict:
    return build(snapshot(household))


def labelled(content: dict) -> dict:
    """The content with display labels (sponsorship.vocab.label), for templates."""
    from sponsorship.vocab import label, labels, language_levels

    return {
        "household_size": content.get("household_size", 0),
        "composition": [
            f"{label(m['relation'], 'relation')} ({label(m['age_band'], 'age_band')})"
            for m in content.get("composition", [])
        ],
        "languages": language_levels(
            (item["code"], item["level"]) for item in content.get("languages", [])
        ),
        "interests": labels(content.get("interests", []), "interest"),
        "needs": content.get("needs", []),
        "study_goal": label(content.get("study_goal"), "study_goal"),
        "work_sector": label(content.get("work_sector"), "work_sector"),
        "town": content.get("town", ""),
        "arrival_quarter": content.get("arrival_quarter", ""),
        "programme_variant": label(content.get("programme_variant"), "variant"),
    }
