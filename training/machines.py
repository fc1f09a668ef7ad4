"""The enrolment's and the certificate bundle's state machines, declared once.

An enrolment is cancelled by hand and marked attended or absent with the attendance
sheet; a place on the waiting list becomes an enrolment only when a place frees up
(promotion, under the session lock). A bundle moves only in the worker.
"""

from __future__ import annotations

from sponsorship import statemachine as sm
from training.models import CertificateBundle, Enrolment

E = Enrolment.Status
B = CertificateBundle.Status

ENROLMENT = sm.Machine(
    name="enrolment",
    model=Enrolment,
    stamp_field="status_changed_at",
    initial=E.ENROLLED,
    moves=[
        sm.move(
            E.WAITLISTED,
            E.ENROLLED,
            "promote",
            note="a place freed up (cancellation, more places)",
        ),
        sm.move(
            [E.ENROLLED, E.WAITLISTED],
            E.CANCELLED,
            "cancel",
            manual=True,
            note="before the session starts",
        ),
        sm.move(
            [E.ENROLLED, E.WAITLISTED, E.ABSENT],
            E.ATTENDED,
            "attend",
            manual=True,
            note="the attendance sheet (walk-ins from the waiting list too); certificate issued",
        ),
        sm.move(
            [E.ENROLLED, E.ATTENDED],
            E.ABSENT,
            "mark_absent",
            manual=True,
            note="the attendance sheet; a correction withdraws the certificate",
        ),
    ],
)

BUNDLE = sm.Machine(
    name="certificate_bundle",
    model=CertificateBundle,
    initial=B.PENDING,
    moves=[
        sm.move(
            [B.PENDING, B.RUNNING],
            B.RUNNING,
            "start",
            note="a worker builds it (again from the start when the task is redelivered)",
        ),
        sm.move(B.RUNNING, B.DONE, "finish", note="the zip is stored"),
        sm.move(
            [B.PENDING, B.RUNNING],
            B.FAILED,
            "fail",
            note="an error, or no worker started it in time",
        ),
    ],
)
