"""The reminders' day's run over the national dataset: wall time, queries, emails
(docs/pengingat.md).

    U=postgres://postgres@127.0.0.1:5432
    DATABASE_URL=$U/lkjip_nasional .venv/bin/python manage.py migrate
    DATABASE_URL=$U/lkjip_nasional .venv/bin/python manage.py buat_data_nasional [--tahun 2024]
    DATABASE_URL=$U/lkjip_nasional .venv/bin/python bench/pengingat.py [--tahun 2024]

Prepares, once (idempotent): for every satker with a PK of the year, TW III due on 10 October,
an Operator and a Sekretaris with addresses, the Operator as PIC of the first measured indicator;
the TW III values of every other satker removed (their PIC and Operators are reminded, the rest
have a complete TW III: their Sekretaris is told). Then runs ``jalankan_harian`` for 3 October
(7 days before) with Django's locmem backend, twice: the first run sends, the second finds every
key taken. Prints wall time, queries and emails of each run.
"""

import argparse
import datetime
import os
import sys
import time
from collections import Counter
from pathlib import Path

AKAR = Path(__file__).resolve().parent.parent


def siapkan(tahun: int, batas: datetime.date) -> int:
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from kinerja.models import IndikatorKinerja, JadwalTriwulan, PenanggungJawab, Realisasi
    from pengingat.tenggat import indikator_perlu_nilai_tw
    from satker.models import Pengguna, Satker

    satker = list(
        Satker.objects.filter(perjanjian_kinerja__tahun=tahun).distinct().order_by("kode")
    )
    with transaction.atomic():
        ada = set(
            JadwalTriwulan.objects.filter(tahun=tahun, triwulan=3).values_list(
                "satker_id", flat=True
            )
        )
        JadwalTriwulan.objects.bulk_create(
            [
                JadwalTriwulan(satker=s, tahun=tahun, triwulan=3, batas=batas)
                for s in satker
                if s.pk not in ada
            ]
        )
        sandi = make_password(None)
        nama_ada = set(
            Pengguna.objects.filter(username__startswith="bench-pengingat-").values_list(
                "username", flat=True
            )
        )
        baru = []
        for s in satker:
            for peran in (Pengguna.Peran.OPERATOR, Pengguna.Peran.SEKRETARIS):
                nama = f"bench-pengingat-{peran}-{s.kode}"
                if nama not in nama_ada:
                    baru.append(
                        Pengguna(
                            username=nama,
                            email=f"{peran}-{s.kode}@bench.contoh.go.id",
                            password=sandi,
                            satker=s,
                            peran=peran,
                        )
                    )
        Pengguna.objects.bulk_create(baru)
        operator = {
            p.satker_id: p
            for p in Pengguna.objects.filter(username__startswith="bench-pengingat-operator-").only(
                "pk", "satker_id"
            )
        }
        indikator = indikator_perlu_nilai_tw().filter(sasaran__program__perjanjian__tahun=tahun)
        pertama = {}
        for pk, satker_id in indikator.order_by("pk").values_list(
            "pk", "sasaran__program__perjanjian__satker_id"
        ):
            pertama.setdefault(satker_id, pk)
        punya = set(PenanggungJawab.objects.values_list("indikator_id", flat=True))
        PenanggungJawab.objects.bulk_create(
            [
                PenanggungJawab(indikator_id=i, pengguna=operator[s])
                for s, i in pertama.items()
                if i not in punya and s in operator
            ]
        )
        ganjil = [s.pk for i, s in enumerate(satker) if i % 2]
        Realisasi.objects.filter(
            triwulan=3,
            indikator__in=IndikatorKinerja.objects.filter(
                sasaran__program__perjanjian__tahun=tahun,
                sasaran__program__perjanjian__satker_id__in=ganjil,
            ),
        ).delete()
    return len(satker)


def ukur(tanggal: datetime.date) -> tuple[float, int, "object", Counter]:
    from django.core import mail
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from pengingat.kirim import jalankan_harian

    mail.outbox = []
    connection.queries_log.clear()  # the preparation's queries filled the log (DEBUG)
    with CaptureQueriesContext(connection) as kueri:
        mulai = time.perf_counter()
        hasil = jalankan_harian(tanggal=tanggal)
        detik = time.perf_counter() - mulai
    from pengingat.models import EmailPengingat

    jenis = Counter(
        EmailPengingat.objects.filter(alamat__in=[m.to[0] for m in mail.outbox]).values_list(
            "jenis", flat=True
        )
    )
    return detik, len(kueri.captured_queries), hasil, jenis


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tahun", type=int, default=2024)
    args = parser.parse_args()
    sys.path.insert(0, str(AKAR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lkjip.settings")
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    import django

    django.setup()
    from pengingat.models import EmailPengingat, JalanHarian

    batas = datetime.date(args.tahun, 10, 10)
    tanggal = batas - datetime.timedelta(days=7)
    mulai = time.perf_counter()
    jumlah = siapkan(args.tahun, batas)
    print(f"Persiapan: {jumlah} satker, {time.perf_counter() - mulai:.1f} s")
    EmailPengingat.objects.all().delete()
    JalanHarian.objects.filter(tanggal=tanggal).delete()
    for putaran in ("pertama", "kedua"):
        detik, kueri, hasil, jenis = ukur(tanggal)
        print(
            f"Jalan {putaran}: {detik:.2f} s, {kueri} kueri, {hasil.dikirim} email dikirim "
            f"({dict(jenis)}), {hasil.gagal} gagal, {hasil.sudah} sudah terkirim sebelumnya"
        )


if __name__ == "__main__":
    main()
