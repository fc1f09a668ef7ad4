"""English date formats, the same style as the Dutch ones: "Fri 11 Dec 2026" (with the
weekday) and "11 Dec 2026" in tables, never the US month-first 12/11/2026; typed dates are
day-month-year or ISO, as in the Dutch-speaking countries the portal serves."""

from django.conf.locale.en.formats import *  # noqa: F403 - Django's, then ours on top

DATE_FORMAT = "D j M Y"  # Fri 11 Dec 2026
SHORT_DATE_FORMAT = "j M Y"  # 11 Dec 2026
DATETIME_FORMAT = "D j M Y, H:i"  # Fri 11 Dec 2026, 14:30
SHORT_DATETIME_FORMAT = "j M Y, H:i"  # 11 Dec 2026, 14:30
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "F Y"  # December 2026
MONTH_DAY_FORMAT = "j F"
FIRST_DAY_OF_WEEK = 1  # Monday
DATE_INPUT_FORMATS = [
    "%d-%m-%Y",  # 11-12-2026
    "%Y-%m-%d",  # 2026-12-11 (ISO; what type=date inputs send)
    "%d/%m/%Y",  # 11/12/2026 (day first)
    "%d-%m-%y",  # 11-12-26
    "%d.%m.%Y",  # 11.12.2026
]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%d-%m-%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%d/%m/%Y %H:%M",
]
