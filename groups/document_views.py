"""Declarations and VOGs of all members of a group on one screen (work in bulk).

One row per active member; every row that changed and is valid is saved through
``services.record_documents``, all in one transaction. A row the form or the service
refuses keeps what was typed and shows its errors next to the field; the other rows are
saved regardless, so correcting one date never means typing the others again.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from groups import services
from groups.forms import DocumentsForm
from groups.models import GroupMember
from groups.views import _managed_group_or_404
from sponsorship.errors import add_form_errors


class MemberDocumentsForm(DocumentsForm):
    """A row: each label names the member, so the field is labelled for screen readers and
    the error summary says whose date is wrong."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.label = f"{field.label} – {self.instance.name}"


DocumentsFormSet = forms.modelformset_factory(
    GroupMember, form=MemberDocumentsForm, extra=0, can_delete=False, edit_only=True
)


def _save_rows(formset, actor) -> tuple[int, bool]:
    """Save each changed, valid row; returns (saved, any row refused)."""
    saved, refused = 0, False
    with transaction.atomic():
        # Only the members' rows: a posted extra row has no member to save.
        for form in formset.initial_forms:
            if form.instance.pk is None:
                # The posted id is not a member of this group (the formset found none).
                form.add_error(None, _("This row does not belong to this group."))
                refused = True
                continue
            if not form.has_changed():
                continue
            if not form.is_valid():
                refused = True
                continue
            try:
                # A savepoint per row: a refused row leaves the others' saves in place.
                with transaction.atomic():
                    services.record_documents(
                        form.instance,
                        actor,
                        **{name: form.cleaned_data[name] for name in DocumentsForm.Meta.fields},
                    )
            except ValidationError as exc:
                form.instance.refresh_from_db()
                add_form_errors(form, exc)
                refused = True
            else:
                saved += 1
    return saved, refused


def group_documents(request, pk):
    group = _managed_group_or_404(request, pk)
    members = group.members.active().order_by("name", "pk")
    formset = DocumentsFormSet(request.POST or None, queryset=members, prefix="members")
    if request.method == "POST":
        if not formset.management_form.is_valid():
            messages.error(request, _("The list of members changed; please try again."))
            return redirect("groups:group_documents", pk=group.pk)
        saved, refused = _save_rows(formset, request.user)
        if saved:
            messages.success(request, _("Saved for %(n)d members.") % {"n": saved})
        if not refused:
            if not saved:
                messages.info(request, _("Nothing was changed."))
            return redirect("groups:detail", pk=group.pk)
    return render(request, "groups/group_documents.html", {"group": group, "formset": formset})
