"""The reminders' emails: who gets which, written, claimed once and sent (docs/pengingat.md).

``jalankan_harian`` is the day's run over every satker: it loads the schedules, the PKs in force,
their measured indicators, realisations, PICs, users and switched-off reminders of all satker in a
fixed number of queries, whatever their number, then builds one email per recipient, satker, TW
and reminder step, each naming only that satker's data. ``kirim_surat`` claims each email by its
unique key before sending it, so a run repeated (twice the same day, two workers) sends nothing
twice.
"""

import datetime
import logging
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import F, Max
from django.utils import timezone

from kinerja.jadwal import StatusTriwulan, status_triwulan_banyak
from kinerja.models import JadwalTriwulan, PenanggungJawab, PerjanjianKinerja, Realisasi
from lkjip.angka import format_tanggal
from pengingat.models import EmailPengingat, JalanHarian, Jenis, PengaturanPengingat
from pengingat.tenggat import alamat_lengkap, indikator_perlu_nilai_tw, teks_sisa_hari
from satker.models import Pengguna, Satker

logger = logging.getLogger(__name__)

TANPA_ALAMAT = "Pengguna tidak memiliki alamat email; tidak dikirim."
# After a TW's due date, reminders go on (overdue, complete and awaiting verification) this many
# days; the complete-TW notice is looked for this many days before its due date.
HARI_SESUDAH_MAKS = 30
HARI_SEBELUM_LENGKAP = 92


@dataclass(frozen=True)
class Surat:
    """One email to write down and send."""

    satker_id: int
    tahun: int
    pengguna: Pengguna
    jenis: str
    kunci: str
    subjek: str
    isi: str


@dataclass(frozen=True)
class HasilKirim:
    dikirim: int  # sent now
    gagal: int  # claimed now, not sent (no address, refused by the mail server)
    sudah: int  # claimed before (an earlier run): nothing done


def _nama(pengguna: Pengguna) -> str:
    return pengguna.get_full_name() or pengguna.username


def kirim_surat(surat: Sequence[Surat]) -> HasilKirim:
    """Claim each email by its key (one insert for all; a key already there is left alone),
    then send this run's claims over one connection and record the outcome. An email is sent
    at most once: a run that dies between claim and send loses it rather than doubling it."""
    if not surat:
        return HasilKirim(0, 0, 0)
    token = uuid.uuid4().hex
    sekarang = timezone.now()
    EmailPengingat.objects.bulk_create(
        [
            EmailPengingat(
                satker_id=s.satker_id,
                tahun=s.tahun,
                pengguna=s.pengguna,
                alamat=s.pengguna.email,
                jenis=s.jenis,
                kunci=s.kunci,
                subjek=s.subjek,
                isi=s.isi,
                dibuat_pada=sekarang,
                galat="" if s.pengguna.email else TANPA_ALAMAT,
                jalan=token,
            )
            for s in surat
        ],
        ignore_conflicts=True,
        batch_size=500,
    )
    milik = list(
        EmailPengingat.objects.filter(jalan=token)
        .exclude(alamat="")
        .only("pk", "alamat", "subjek", "isi")
    )
    tanpa_alamat = EmailPengingat.objects.filter(jalan=token, alamat="").count()
    gagal: dict[int, str] = {}
    koneksi = get_connection()
    try:
        koneksi.open()
    except Exception as exc:  # the mail server is unreachable: every claim is recorded failed
        logger.exception("Server email tidak dapat dihubungi")
        gagal = {e.pk: f"Server email tidak dapat dihubungi: {exc}" for e in milik}
    else:
        try:
            for email in milik:
                pesan = EmailMessage(email.subjek, email.isi, to=[email.alamat], connection=koneksi)
                try:
                    pesan.send()
                except Exception as exc:
                    logger.exception("Email pengingat %s gagal dikirim", email.pk)
                    gagal[email.pk] = f"Gagal dikirim: {exc}"
        finally:
            koneksi.close()
    EmailPengingat.objects.filter(jalan=token).exclude(alamat="").exclude(
        pk__in=list(gagal)
    ).update(dikirim_pada=timezone.now())
    for pk, galat in gagal.items():
        EmailPengingat.objects.filter(pk=pk).update(galat=galat)
    terkirim = len(milik) - len(gagal)
    return HasilKirim(
        dikirim=terkirim,
        gagal=len(gagal) + tanpa_alamat,
        sudah=len(surat) - len(milik) - tanpa_alamat,
    )


# --- The day's run ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Indikator:
    pk: int
    nama: str


@dataclass
class _Data:
    """Everything the day's run reads, for all satker at once."""

    tanggal: datetime.date
    satker: dict[int, Satker]
    jadwal: list[tuple[int, int, int, datetime.date]]  # satker, tahun, tw, batas
    status: dict[tuple[int, int], dict[int, StatusTriwulan]]
    indikator: dict[tuple[int, int], list[_Indikator]]  # (satker, tahun) -> measured indicators
    terisi: set[tuple[int, int]]  # (indikator, tw) with a value
    pic: dict[int, int]  # indikator -> pengguna
    pengguna: dict[int, Pengguna]  # active users of these satker
    mati: set[tuple[int, str]]  # (pengguna, jenis) switched off

    def __post_init__(self) -> None:
        self._peran: dict[tuple[int, str], list[Pengguna]] = defaultdict(list)
        for p in self.pengguna.values():
            self._peran[(p.satker_id, p.peran)].append(p)

    def operator(self, satker_id: int) -> list[Pengguna]:
        return self._peran.get((satker_id, Pengguna.Peran.OPERATOR), [])

    def sekretaris(self, satker_id: int) -> list[Pengguna]:
        return self._peran.get((satker_id, Pengguna.Peran.SEKRETARIS), [])


def _muat(tanggal: datetime.date) -> _Data:
    """Eleven queries, whatever the number of satker (bench/pengingat.py)."""
    sebelum = max(settings.PENGINGAT_HARI_SEBELUM, default=0)
    jadwal = list(
        JadwalTriwulan.objects.filter(
            batas__gte=tanggal - datetime.timedelta(days=HARI_SESUDAH_MAKS),
            batas__lte=tanggal + datetime.timedelta(days=max(sebelum, HARI_SEBELUM_LENGKAP)),
        ).values_list("satker_id", "tahun", "triwulan", "batas")
    )
    pasangan = {(s, t) for s, t, _, _ in jadwal}
    satker_ids = {s for s, _ in pasangan}
    tahun_set = {t for _, t in pasangan}
    status = status_triwulan_banyak(pasangan=pasangan, hari_ini=tanggal)
    # The PK in force of each satker-year: its highest version.
    versi = {
        (r["satker_id"], r["tahun"]): r["versi"]
        for r in PerjanjianKinerja.objects.filter(satker_id__in=satker_ids, tahun__in=tahun_set)
        .values("satker_id", "tahun")
        .annotate(versi=Max("versi"))
    }
    indikator: dict[tuple[int, int], list[_Indikator]] = defaultdict(list)
    pk_berlaku = []
    for pk, satker_id, tahun, v, nama in (
        indikator_perlu_nilai_tw()
        .filter(
            sasaran__program__perjanjian__satker_id__in=satker_ids,
            sasaran__program__perjanjian__tahun__in=tahun_set,
        )
        .values_list(
            "pk",
            "sasaran__program__perjanjian__satker_id",
            "sasaran__program__perjanjian__tahun",
            "sasaran__program__perjanjian__versi",
            "nama",
        )
    ):
        if (satker_id, tahun) in pasangan and versi.get((satker_id, tahun)) == v:
            indikator[(satker_id, tahun)].append(_Indikator(pk, nama))
            pk_berlaku.append(pk)
    di_pk = {
        "indikator__sasaran__program__perjanjian__satker_id__in": satker_ids,
        "indikator__sasaran__program__perjanjian__tahun__in": tahun_set,
    }
    semua = set(pk_berlaku)
    terisi = {
        (i, tw)
        for i, tw in Realisasi.objects.filter(**di_pk).values_list("indikator_id", "triwulan")
        if i in semua
    }
    pic = {
        i: p
        for i, p in PenanggungJawab.objects.filter(**di_pk).values_list(
            "indikator_id", "pengguna_id"
        )
        if i in semua
    }
    pengguna = {
        p.pk: p
        for p in Pengguna.objects.filter(satker_id__in=satker_ids, is_active=True).only(
            "pk", "username", "first_name", "last_name", "email", "satker_id", "peran"
        )
    }
    mati = set(
        PengaturanPengingat.objects.filter(
            pengguna__satker_id__in=satker_ids, aktif=False
        ).values_list("pengguna_id", "jenis")
    )
    satker = {s.pk: s for s in Satker.objects.filter(pk__in=satker_ids).only("pk", "kode", "nama")}
    return _Data(
        tanggal=tanggal,
        satker=satker,
        jadwal=jadwal,
        status=status,
        indikator=indikator,
        terisi=terisi,
        pic=pic,
        pengguna=pengguna,
        mati=mati,
    )


def _langkah(jenis: str, hari: int) -> int | None:
    """Which reminder step a day falls in: before the due date, the nearest of
    PENGINGAT_HARI_SEBELUM at or above the days left (7 days left: 7; 0 or 1: 1); after it, the
    furthest of PENGINGAT_HARI_SETELAH the delay has reached. None: no reminder now. A day the
    worker missed is caught up the next day, and each step is sent once (its key)."""
    if jenis == Jenis.SEBELUM_BATAS:
        cocok = [h for h in settings.PENGINGAT_HARI_SEBELUM if 0 <= hari <= h]
        return min(cocok) if cocok else None
    cocok = [h for h in settings.PENGINGAT_HARI_SETELAH if hari >= h]
    return max(cocok) if cocok and hari <= HARI_SESUDAH_MAKS else None


def _penerima_tenggat(
    data: _Data, satker_id: int, belum: Iterable[_Indikator]
) -> dict[int, list[tuple[_Indikator, bool]]]:
    """Who is reminded of which missing indicator: its PIC (an active user of the satker), else
    every Operator of the satker; ``True`` marks an indicator without a PIC."""
    hasil: dict[int, list[tuple[_Indikator, bool]]] = defaultdict(list)
    for ind in belum:
        pic = data.pengguna.get(data.pic.get(ind.pk, 0))
        if pic is not None and pic.satker_id == satker_id:
            hasil[pic.pk].append((ind, False))
        else:
            for op in data.operator(satker_id):
                hasil[op.pk].append((ind, True))
    return hasil


def _kaki(*, satker: Satker, tahun: int) -> str:
    return (
        "\n\n--\nEmail ini dikirim otomatis oleh LKjIP "
        f"{satker.nama}.\nDaftar indikator Anda: "
        f"{alamat_lengkap('indikator_saya', kode=satker.kode, tahun=tahun)}\n"
        f"Atur atau matikan pengingat: {alamat_lengkap('pengaturan_pengingat')}\n"
    )


def _surat_tenggat(
    data: _Data, *, satker: Satker, tahun: int, st: StatusTriwulan, jenis: str, langkah: int
) -> list[Surat]:
    belum = [
        ind
        for ind in data.indikator.get((satker.pk, tahun), [])
        if (ind.pk, st.triwulan) not in data.terisi
    ]
    hasil = []
    waktu = teks_sisa_hari(batas=st.batas, hari_ini=data.tanggal)
    for pengguna_id, daftar in _penerima_tenggat(data, satker.pk, belum).items():
        pengguna = data.pengguna[pengguna_id]
        if (pengguna_id, jenis) in data.mati:
            continue
        baris = "\n".join(
            f"- {ind.nama}" + (" (belum ada penanggung jawab)" if tanpa_pic else "")
            for ind, tanpa_pic in daftar
        )
        if jenis == Jenis.SEBELUM_BATAS:
            subjek = (
                f"Pengingat: realisasi {st.label} {tahun} jatuh tempo "
                f"{format_tanggal(st.batas)} ({waktu})"
            )
            pembuka = (
                f"Batas pengisian realisasi {st.label} tahun {tahun} {satker.nama} adalah "
                f"{format_tanggal(st.batas)} ({waktu})."
            )
        else:
            subjek = f"Terlambat: realisasi {st.label} {tahun} belum lengkap ({waktu})"
            pembuka = (
                f"Batas pengisian realisasi {st.label} tahun {tahun} {satker.nama} sudah lewat "
                f"pada {format_tanggal(st.batas)} ({waktu})."
            )
            if st.tertutup:
                pembuka += f" Isian {st.label} sudah ditutup: minta Admin membukanya kembali."
        isi = (
            f"Yth. {_nama(pengguna)},\n\n{pembuka}\n\n"
            f"{len(daftar)} indikator berikut belum diisi:\n{baris}\n\n"
            f"Isi realisasinya di: "
            f"{alamat_lengkap('realisasi', kode=satker.kode, tahun=tahun)}"
            f"{_kaki(satker=satker, tahun=tahun)}"
        )
        hasil.append(
            Surat(
                satker_id=satker.pk,
                tahun=tahun,
                pengguna=pengguna,
                jenis=jenis,
                kunci=f"{jenis}:{satker.pk}:{tahun}:{st.triwulan}:{langkah}:{pengguna_id}",
                subjek=subjek,
                isi=isi,
            )
        )
    return hasil


def _surat_lengkap(data: _Data, *, satker: Satker, tahun: int, st: StatusTriwulan) -> list[Surat]:
    jenis = Jenis.SIAP_VERIFIKASI
    jumlah = len(data.indikator.get((satker.pk, tahun), []))
    hasil = []
    for pengguna in data.sekretaris(satker.pk):
        if (pengguna.pk, jenis) in data.mati:
            continue
        isi = (
            f"Yth. {_nama(pengguna)},\n\nRealisasi {st.label} tahun {tahun} {satker.nama} sudah "
            f"lengkap: {jumlah} indikator kinerja terukur sudah diisi. {st.label} menunggu "
            "verifikasi Anda; setelah diverifikasi isiannya dikunci.\n\n"
            f"Periksa realisasinya di: "
            f"{alamat_lengkap('realisasi', kode=satker.kode, tahun=tahun)}"
            f"{_kaki(satker=satker, tahun=tahun)}"
        )
        hasil.append(
            Surat(
                satker_id=satker.pk,
                tahun=tahun,
                pengguna=pengguna,
                jenis=jenis,
                kunci=f"{jenis}:{satker.pk}:{tahun}:{st.triwulan}:{pengguna.pk}",
                subjek=f"{st.label} {tahun} lengkap, menunggu verifikasi",
                isi=isi,
            )
        )
    return hasil


def kumpulkan_harian(*, tanggal: datetime.date) -> list[Surat]:
    """The emails due on ``tanggal``, for every satker with a TW due in the window."""
    data = _muat(tanggal)
    hasil: list[Surat] = []
    for satker_id, tahun, tw, batas in sorted(data.jadwal):
        st = data.status[(satker_id, tahun)][tw]
        indikator = data.indikator.get((satker_id, tahun), [])
        if st.terverifikasi or not indikator:
            continue
        satker = data.satker[satker_id]
        hari = (batas - tanggal).days
        lengkap = all((ind.pk, tw) in data.terisi for ind in indikator)
        if lengkap:
            if hari <= HARI_SEBELUM_LENGKAP and -hari <= HARI_SESUDAH_MAKS:
                hasil += _surat_lengkap(data, satker=satker, tahun=tahun, st=st)
            continue
        jenis = Jenis.SEBELUM_BATAS if hari >= 0 else Jenis.LEWAT_BATAS
        langkah = _langkah(jenis, abs(hari))
        if langkah is not None:
            hasil += _surat_tenggat(
                data, satker=satker, tahun=tahun, st=st, jenis=jenis, langkah=langkah
            )
    return hasil


def jalankan_harian(*, tanggal: datetime.date | None = None) -> HasilKirim:
    """The day's run: every reminder due on ``tanggal`` (default today), sent once; the day's
    row (``JalanHarian``) records it, so the worker does not queue it again that day."""
    tanggal = tanggal or timezone.localdate()
    JalanHarian.objects.get_or_create(tanggal=tanggal)
    hasil = kirim_surat(kumpulkan_harian(tanggal=tanggal))
    JalanHarian.objects.filter(tanggal=tanggal).update(
        selesai_pada=timezone.now(), jumlah_email=F("jumlah_email") + hasil.dikirim
    )
    return hasil
