from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from groups.models import GroupMember
from sponsorship.models import Municipality
from training.enrolment import TRAINING_GROUP_STATES, capacity_problem
from training.models import TrainingModule, TrainingSession


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class SessionForm(forms.ModelForm):
    class Meta:
        model = TrainingSession
        fields = [
            "module",
            "starts_at",
            "ends_at",
            "municipality",
            "place",
            "online_url",
            "trainer",
            "language",
            "capacity",
        ]
        widgets = {"starts_at": DateTimeInput(), "ends_at": DateTimeInput()}
        help_texts = {"municipality": _("Leave empty for an online session for every town.")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["module"].queryset = (
            TrainingModule.objects.visible_to(user)
            .filter(kind=TrainingModule.Kind.SESSION)
            .select_related("programme")
        )
        self.fields["municipality"].queryset = Municipality.objects.visible_to(user)
        self.fields["capacity"].validators.append(MinValueValidator(1))
        self.fields["capacity"].widget.attrs["min"] = 1
        self.fields["municipality"].required = not user.is_administrator and _is_local(user)

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The session must end after it starts."))
        if not data.get("place") and not data.get("online_url"):
            self.add_error("place", _("Give a place or an online link."))
        capacity = data.get("capacity")
        # Shown with the other errors in one pass; update_session checks it again under
        # the lock, since someone may enrol between this check and the save.
        if capacity is not None and self.instance.pk and "capacity" in self.changed_data:
            problem = capacity_problem(self.instance, capacity)
            if problem:
                self.add_error("capacity", problem)
        return data


def _is_local(user) -> bool:
    """Local partners organise sessions in their towns; national staff may go online-only."""
    from sponsorship.access import coordinator_municipality_ids

    return coordinator_municipality_ids(user) is not None


def eligible_members(user, session):
    """Members the user may enrol in ``session``: in scope, in training, not enrolled yet."""
    taken = session.enrolments.active().values("member_id")
    return (
        GroupMember.objects.visible_to(user)
        .filter(
            active=True,
            group__programme_id=session.module.programme_id,
            group__status__in=TRAINING_GROUP_STATES,
        )
        .exclude(pk__in=taken)
        .select_related("group")
        .order_by("group__name", "name")
    )


class EnrolMemberForm(forms.Form):
    member = forms.ModelChoiceField(queryset=GroupMember.objects.none(), label=_("Member"))

    def __init__(self, *args, user, session, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = eligible_members(user, session)
        self.fields["member"].label_from_instance = lambda m: f"{m.group.name} – {m.name}"


class EnrolGroupForm(forms.Form):
    """Several members of one group at once (the group comes from the page's first step)."""

    members = forms.ModelMultipleChoiceField(
        queryset=GroupMember.objects.none(), label=_("Members"), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, user, session, group, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["members"]
        field.queryset = eligible_members(user, session).filter(group=group)
        field.label_from_instance = lambda m: m.name


def groups_with_eligible_members(user, session):
    """(group id, name) of the groups that have someone to enrol, for the first step."""
    rows = eligible_members(user, session).values_list("group_id", "group__name")
    return sorted(set(rows), key=lambda row: (row[1], row[0]))


class ReportForm(forms.Form):
    completed_on = forms.DateField(
        label=_("Completed on"), widget=forms.DateInput(attrs={"type": "date"})
    )


class VerifyForm(forms.Form):
    code = forms.CharField(label=_("Verification code"), max_length=60)

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if not any(ch.isalnum() for ch in code):
            raise ValidationError(_("Enter the code printed on the certificate."))
        return code
