"""Small display helpers for the workspace templates."""

from decimal import Decimal

from django import template

from lkjip.angka import bulatkan

register = template.Library()


@register.filter
def nilai_meter(nilai: Decimal | None) -> str:
    """A percentage as a <meter> value: a dot decimal whatever DECIMAL_SEPARATOR says (HTML
    needs "95.06", the project's number format would give "95,06"); "" for None."""
    if nilai is None:
        return ""
    return format(bulatkan(Decimal(nilai), 2), "f")
