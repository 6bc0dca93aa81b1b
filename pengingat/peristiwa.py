"""The workflow's emails (docs/pengingat.md): a report submitted goes to the Sekretaris and
Komisioner who approve it, a report returned to the Operators. ``pengesahan`` sends its signals
once the transition has committed (pengesahan/sinyal.py); the receivers here only queue the
sending for the background worker."""

from pengesahan.models import Langkah
from pengingat.kirim import HasilKirim, Surat, _kaki, _nama, kirim_surat
from pengingat.models import Jenis, PengaturanPengingat
from pengingat.tenggat import alamat_lengkap
from satker.models import Pengguna

PENERIMA = {
    Jenis.LAPORAN_DIAJUKAN: (Pengguna.Peran.SEKRETARIS, Pengguna.Peran.KOMISIONER),
    Jenis.LAPORAN_DIKEMBALIKAN: (Pengguna.Peran.OPERATOR,),
}


def laporan_diajukan(sender, *, langkah: Langkah, **kwargs) -> None:
    from pengingat.tasks import kirim_peristiwa

    kirim_peristiwa.enqueue(Jenis.LAPORAN_DIAJUKAN.value, langkah.pk)


def laporan_dikembalikan(sender, *, langkah: Langkah, **kwargs) -> None:
    from pengingat.tasks import kirim_peristiwa

    kirim_peristiwa.enqueue(Jenis.LAPORAN_DIKEMBALIKAN.value, langkah.pk)


def surat_peristiwa(*, jenis: str, langkah: Langkah) -> list[Surat]:
    """One email per active user of the satker in the roles ``PENERIMA`` names, except whoever
    switched this kind off and the user who acted."""
    p = langkah.pengesahan
    satker, tahun = p.satker, p.tahun
    mati = set(
        PengaturanPengingat.objects.filter(
            pengguna__satker=satker, jenis=jenis, aktif=False
        ).values_list("pengguna_id", flat=True)
    )
    penerima = (
        Pengguna.objects.filter(satker=satker, is_active=True, peran__in=PENERIMA[jenis])
        .exclude(pk__in=mati)
        .exclude(pk=langkah.oleh_id)
        .order_by("pk")
    )
    oleh = _nama(langkah.oleh) if langkah.oleh else "—"
    alamat = alamat_lengkap("laporan", kode=satker.kode, tahun=tahun)
    hasil = []
    for pengguna in penerima:
        if jenis == Jenis.LAPORAN_DIAJUKAN:
            subjek = f"LKjIP {tahun} {satker.nama} diajukan untuk disetujui"
            inti = (
                f"LKjIP tahun {tahun} {satker.nama} diajukan oleh {oleh} dan menunggu "
                "persetujuan Sekretaris atau Komisioner. Selama itu datanya dikunci."
            )
        else:
            subjek = f"LKjIP {tahun} {satker.nama} dikembalikan untuk diperbaiki"
            inti = (
                f"LKjIP tahun {tahun} {satker.nama} dikembalikan oleh {oleh} untuk diperbaiki. "
                f"Alasannya:\n\n{langkah.komentar}\n\nSetelah diperbaiki, ajukan kembali."
            )
        if jenis == Jenis.LAPORAN_DIAJUKAN and langkah.komentar:
            inti += f"\n\nCatatan pengaju:\n{langkah.komentar}"
        hasil.append(
            Surat(
                satker_id=satker.pk,
                tahun=tahun,
                pengguna=pengguna,
                jenis=jenis,
                kunci=f"{jenis}:{langkah.pk}:{pengguna.pk}",
                subjek=subjek,
                isi=(
                    f"Yth. {_nama(pengguna)},\n\n{inti}\n\nBuka laporannya di: {alamat}"
                    f"{_kaki(satker=satker, tahun=tahun)}"
                ),
            )
        )
    return hasil


def kirim_peristiwa_langkah(*, jenis: str, langkah_id: int) -> HasilKirim:
    langkah = (
        Langkah.objects.select_related("pengesahan__satker", "oleh").filter(pk=langkah_id).first()
    )
    if langkah is None:
        return HasilKirim(0, 0, 0)
    return kirim_surat(surat_peristiwa(jenis=jenis, langkah=langkah))
