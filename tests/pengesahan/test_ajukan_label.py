"""The submission form: each warning is shown as text, and its reason box has its own label
(label for=) naming it, described by the warning (aria-describedby)."""

import re

from .alur import url


def test_each_reason_box_has_its_own_label_and_its_warning(client, gunung_mas, operator):
    client.force_login(operator)
    html = client.get(url("pengesahan_ajukan", gunung_mas)).content.decode()
    kotak = re.findall(
        r'<textarea id="(alasan_[^"]+)" name="\1" rows="3" required'
        r' aria-describedby="(temuan_[^"]+)">',
        html,
    )
    assert len(kotak) == html.count('name="alasan_') == 2
    for nomor, (ident, temuan) in enumerate(kotak, start=1):
        assert f'<label for="{ident}">Alasan peringatan {nomor} dibiarkan (wajib)</label>' in html
        assert re.search(rf'<p class="temuan temuan--peringatan" id="{temuan}"><strong>', html)
    assert '<label for="komentar">Catatan untuk penyetuju (boleh kosong)</label>' in html
    assert html.count("<label for=") == len(kotak) + 1
