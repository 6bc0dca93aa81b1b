"""The signing panel of a satker's year for the pages of the floor below (laporan's dashboard and
report page): their templates ask for it here, ``{% status_pengesahan satker tahun as st %}``, so
that laporan's views need not import pengesahan (tests/test_lantai.py)."""

from django import template

from pengesahan.services import StatusPengesahan, build_status

register = template.Library()


@register.simple_tag(takes_context=True)
def status_pengesahan(context, satker, tahun: int) -> StatusPengesahan:
    """Status, what is needed next, the actions the reader may take, and the signed PDFs."""
    return build_status(satker=satker, tahun=tahun, user=context["request"].user)
