"""Coded vocabularies of the newcomer record.

Coded rather than free text on purpose: only codes may flow into the anonymous profile
groups see, and codes match like with like. Shared codes (vulnerabilities, languages,
levels) live in ``sponsorship/vocab.py``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AgeBand(models.TextChoices):
    INFANT = "0-4", _("0–4 years")
    CHILD = "5-11", _("5–11 years")
    TEEN = "12-17", _("12–17 years")
    YOUNG_ADULT = "18-29", _("18–29 years")
    ADULT = "30-49", _("30–49 years")
    MIDDLE_AGED = "50-64", _("50–64 years")
    SENIOR = "65+", _("65 years or older")


class Relation(models.TextChoices):
    PRINCIPAL = "principal", _("Principal applicant")
    PARTNER = "partner", _("Partner")
    CHILD = "child", _("Child")
    PARENT = "parent", _("Parent")
    SIBLING = "sibling", _("Brother or sister")
    OTHER_RELATIVE = "other_relative", _("Other relative")
    OTHER = "other", _("Other household member")


class WorkSector(models.TextChoices):
    HEALTHCARE = "healthcare", _("Healthcare")
    EDUCATION = "education", _("Education")
    CONSTRUCTION = "construction", _("Construction and technical trades")
    IT = "it", _("IT and technology")
    HOSPITALITY = "hospitality", _("Hospitality and catering")
    AGRICULTURE = "agriculture", _("Agriculture and gardening")
    LOGISTICS = "logistics", _("Transport and logistics")
    RETAIL = "retail", _("Retail and trade")
    MANUFACTURING = "manufacturing", _("Manufacturing")
    CRAFTS = "crafts", _("Crafts (tailoring, carpentry, hairdressing …)")
    CARE = "care", _("Care and social work")
    ADMINISTRATION = "administration", _("Administration and finance")
    ARTS = "arts", _("Arts and media")
    OTHER = "other", _("Other")


class StudyGoal(models.TextChoices):
    LANGUAGE = "language", _("Dutch language course")
    SECONDARY = "secondary", _("Secondary school")
    VOCATIONAL = "vocational", _("Vocational training (MBO)")
    HIGHER = "higher", _("Higher education (HBO / university)")
    DIPLOMA_RECOGNITION = "recognition", _("Recognition of a foreign diploma")


class Interest(models.TextChoices):
    FOOTBALL = "football", _("Football")
    SPORTS = "sports", _("Other sports")
    COOKING = "cooking", _("Cooking")
    MUSIC = "music", _("Music")
    GARDENING = "gardening", _("Gardening")
    CRAFTS = "crafts", _("Crafts and sewing")
    ART = "art", _("Art and drawing")
    READING = "reading", _("Reading")
    TECHNOLOGY = "technology", _("Computers and technology")
    NATURE = "nature", _("Nature and walking")
    CYCLING = "cycling", _("Cycling")
    CHILDREN = "children", _("Activities with children")
    VOLUNTEERING = "volunteering", _("Volunteering")
    FAITH = "faith_community", _("Faith community")


class InformationTopic(models.TextChoices):
    PROGRAMME = "programme", _("What community sponsorship is")
    GROUP_ROLE = "group_role", _("The role of the sponsor group (residents, not social workers)")
    MUNICIPALITY = "municipality", _("The municipality and housing")
    VOLUNTARY = "voluntary", _("Participation is voluntary")
    WITHDRAWAL = "withdrawal", _("Stopping at any time, without consequences")
    DATA = "data", _("Which data is processed and who sees it")
    ANONYMOUS_PROFILE = "anonymous_profile", _("The anonymous profile shown to groups")


# Information must at least cover these before consent counts as informed.
REQUIRED_TOPICS = frozenset(
    {
        InformationTopic.PROGRAMME,
        InformationTopic.VOLUNTARY,
        InformationTopic.WITHDRAWAL,
        InformationTopic.DATA,
    }
)


# Countries where newcomers typically wait (country of stay) and countries of nationality.
# Nationality is sensitive; country of stay is not, but neither reaches groups.
COUNTRIES = [
    ("SY", _("Syria")),
    ("AF", _("Afghanistan")),
    ("ER", _("Eritrea")),
    ("SD", _("Sudan")),
    ("SS", _("South Sudan")),
    ("SO", _("Somalia")),
    ("ET", _("Ethiopia")),
    ("CD", _("DR Congo")),
    ("IQ", _("Iraq")),
    ("IR", _("Iran")),
    ("YE", _("Yemen")),
    ("UA", _("Ukraine")),
    ("LB", _("Lebanon")),
    ("TR", _("Turkey")),
    ("JO", _("Jordan")),
    ("EG", _("Egypt")),
    ("KE", _("Kenya")),
    ("NE", _("Niger")),
    ("RW", _("Rwanda")),
    ("LY", _("Libya")),
    ("PK", _("Pakistan")),
    ("NL", _("Netherlands")),
    ("BE", _("Belgium")),
    ("XX", _("Stateless or other")),
]
