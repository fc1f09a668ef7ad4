"""Dutch date formats: one style everywhere, "vr 11 dec 2026" (with the weekday) and
"11 dec 2026" in tables; typed dates are day-month-year or ISO."""

from django.conf.locale.nl.formats import *  # noqa: F403 - Django's, then ours on top

DATE_FORMAT = "D j b Y"  # vr 11 dec 2026
SHORT_DATE_FORMAT = "j b Y"  # 11 dec 2026
DATETIME_FORMAT = "D j b Y, H:i"  # vr 11 dec 2026, 14:30
SHORT_DATETIME_FORMAT = "j b Y, H:i"  # 11 dec 2026, 14:30
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "F Y"  # december 2026
MONTH_DAY_FORMAT = "j F"
DATE_INPUT_FORMATS = [
    "%d-%m-%Y",  # 11-12-2026
    "%Y-%m-%d",  # 2026-12-11 (ISO; what type=date inputs send)
    "%d/%m/%Y",  # 11/12/2026
    "%d-%m-%y",  # 11-12-26
    "%d.%m.%Y",  # 11.12.2026
]
