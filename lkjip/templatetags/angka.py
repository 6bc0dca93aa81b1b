"""Template filters for Indonesian figures; loaded as a builtin (see settings.TEMPLATES)."""

from django import template

from lkjip import angka

register = template.Library()
register.filter("persen", angka.format_persen)
register.filter("rupiah", angka.format_rupiah)
register.filter("tanggal_id", angka.format_tanggal)
register.filter("terbilang", angka.format_terbilang)


@register.filter
def angka_id(nilai, desimal=None):
    return angka.format_angka(nilai, None if desimal in (None, "") else int(desimal))


register.filter("jumlah", angka.format_jumlah)
