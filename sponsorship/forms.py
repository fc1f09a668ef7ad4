from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from sponsorship.access import invitable_roles
from sponsorship.models import Invitation, Municipality, Organisation, Role


class InvitationForm(forms.ModelForm):
    class Meta:
        model = Invitation
        fields = [
            "email",
            "first_name",
            "last_name",
            "role",
            "organisation",
            "municipality",
            "scope_municipalities",
            "language",
        ]
        widgets = {"scope_municipalities": forms.CheckboxSelectMultiple}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        # Group members are invited through their group, not from this form.
        roles = [r for r in invitable_roles(user) if r != Role.GROUP_MEMBER]
        self.fields["role"].choices = [(r, Role(r).label) for r in roles]
        municipalities = Municipality.objects.visible_to(user)
        self.fields["municipality"].queryset = municipalities
        self.fields["scope_municipalities"].queryset = municipalities
        # Only what access.may_invite can accept is offered; the service checks again.
        if user.is_coordinator:
            # Colleagues of the coordinator's own organisation, in the coordinator's towns.
            del self.fields["municipality"]
            self._fix(
                "organisation",
                Organisation.objects.filter(pk=user.organisation_id),
                user.organisation_id,
            )
        elif user.is_municipal_staff:
            # Colleagues of the same municipality.
            del self.fields["organisation"], self.fields["scope_municipalities"]
            self._fix(
                "municipality", municipalities.filter(pk=user.municipality_id), user.municipality_id
            )

    def _fix(self, name, queryset, value):
        field = self.fields[name]
        field.queryset, field.initial, field.disabled = queryset, value, True

    def clean(self):
        data = super().clean()
        role = data.get("role")
        if role == Role.MUNICIPAL_STAFF and not data.get("municipality"):
            self.add_error("municipality", _("Municipal staff work for one municipality."))
        if role == Role.COORDINATOR and not data.get("organisation"):
            self.add_error("organisation", _("A coordinator belongs to an organisation."))
        return data


class AcceptInvitationForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    password1 = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput,
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(label=_("Password (again)"), widget=forms.PasswordInput)

    def __init__(self, *args, invitation, **kwargs):
        super().__init__(*args, **kwargs)
        self.invitation = invitation

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords differ."))
        if p1:
            from sponsorship.models import User

            probe = User(
                email=self.invitation.email,
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
            )
            try:
                password_validation.validate_password(p1, probe)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data
