"""Showing a service's refusal (a ValidationError) to the user, the same way everywhere."""

from django.contrib import messages
from django.core.exceptions import ValidationError


def flash_errors(request, exc: ValidationError) -> None:
    """Each reason as an error message on the next page."""
    for message in exc.messages:
        messages.error(request, message)


def add_form_errors(form, exc: ValidationError) -> None:
    """Each reason next to its field when the service names one the form has, else on top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def flash_form_errors(request, form) -> None:
    """Each error of an invalid form as an error message on the next page, with its field's
    label: for small POST-only forms on a page that redirects back (never a silent default)."""
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else None
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)
