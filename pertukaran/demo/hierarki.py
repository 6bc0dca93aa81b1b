"""The demo's place in the hierarchy (docs/pemantauan.md): KPU Kabupaten Gunung Mas under KPU
Provinsi Kalimantan Tengah (kode 62), under KPU RI (kode 00), so that the demo's Pemantau accounts
have satker to follow.

Only what is missing is made: a satker that exists keeps every field, and a parent is set only
where none is (a user may have set another one). The national dataset (``buat_data_nasional``)
gives the same codes the same places, keeping these rows."""

from pertukaran.management.commands.buat_data_nasional import get_kpu_ri
from satker.models import Satker

PROVINSI_DEMO = {
    # kode of the kabupaten's province → its profile
    "62": {
        "jenis": Satker.Jenis.PROVINSI,
        "nama": "KPU Provinsi Kalimantan Tengah",
        "nama_lengkap": "Komisi Pemilihan Umum Provinsi Kalimantan Tengah",
        "wilayah": "Provinsi Kalimantan Tengah",
        "provinsi": "Kalimantan Tengah",
        "kedudukan": "Palangka Raya",
    },
}


def pasang_induk(satker: Satker) -> list[str]:
    """The province and KPU RI above ``satker`` where missing; what was made, for the output."""
    dibuat = []
    profil = PROVINSI_DEMO.get(satker.kode[:2])
    if satker.jenis not in (Satker.Jenis.KABUPATEN, Satker.Jenis.KOTA) or profil is None:
        return dibuat
    ada_ri = Satker.objects.filter(kode="00").exists()
    ri = get_kpu_ri()
    if not ada_ri:
        dibuat.append(ri.nama)
    provinsi, baru = Satker.objects.get_or_create(
        kode=satker.kode[:2], defaults={**profil, "induk": ri}
    )
    if baru:
        dibuat.append(provinsi.nama)
    elif provinsi.induk_id is None and provinsi.jenis == Satker.Jenis.PROVINSI:
        Satker.objects.filter(pk=provinsi.pk, induk__isnull=True).update(induk=ri)
    if satker.induk_id is None and provinsi.jenis == Satker.Jenis.PROVINSI:
        Satker.objects.filter(pk=satker.pk, induk__isnull=True).update(induk=provinsi)
        satker.induk = provinsi
        dibuat.append(f"induk {satker.nama}")
    return dibuat
