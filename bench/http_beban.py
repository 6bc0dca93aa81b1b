"""HTTP load benchmark: N concurrent logged-in users hit one page for D seconds, page after page.

Measures p50/p95 of the dashboard, the realisation table and the report page with 20 concurrent
users for 30 s against gunicorn, the health view as the floor; target: each page's p95 ≤ 5× the
floor's.

Either point it at a running server (``--url``) or let it start gunicorn on the database in
``DATABASE_URL`` (``--gunicorn``). The account must be a user of the satker (``buat_akun_demo``
creates ``operator`` / ``demo12345`` for Gunung Mas). See bench/README.md.
"""

import argparse
import http.client
import os
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Hasil:
    waktu: list[float] = field(default_factory=list)
    galat: int = 0
    status_lain: dict[int, int] = field(default_factory=dict)


def _cookies(resp: http.client.HTTPResponse) -> dict[str, str]:
    hasil = {}
    for nama, nilai in resp.getheaders():
        if nama.lower() == "set-cookie":
            kunci, _, sisa = nilai.partition("=")
            hasil[kunci.strip()] = sisa.split(";", 1)[0]
    return hasil


def _cookie_header(cookies: dict[str, str]) -> str:
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def login(host: str, port: int, username: str, password: str) -> dict[str, str]:
    """A fresh session through the real login form; returns its cookies."""
    conn = http.client.HTTPConnection(host, port, timeout=60)
    conn.request("GET", "/masuk/")
    resp = conn.getresponse()
    body = resp.read().decode()
    cookies = _cookies(resp)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
    data = urllib.parse.urlencode(
        {"username": username, "password": password, "csrfmiddlewaretoken": token}
    )
    conn.request(
        "POST",
        "/masuk/",
        body=data,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": _cookie_header(cookies),
            "Referer": f"http://{host}:{port}/masuk/",
        },
    )
    resp = conn.getresponse()
    resp.read()
    cookies.update(_cookies(resp))
    if resp.status != 302 or "sessionid" not in cookies:
        raise SystemExit(f"Login gagal untuk {username}: status {resp.status}")
    conn.close()
    return cookies


def pengguna(
    host: str, port: int, path: str, cookies: dict[str, str], sampai: float, hasil: Hasil
) -> None:
    """One user: request ``path`` again and again over one keep-alive connection."""
    conn = http.client.HTTPConnection(host, port, timeout=120)
    headers = {"Cookie": _cookie_header(cookies)}
    while time.perf_counter() < sampai:
        mulai = time.perf_counter()
        try:
            conn.request("GET", path, headers=headers)
            resp = conn.getresponse()
            resp.read()
        except (OSError, http.client.HTTPException):
            hasil.galat += 1
            conn.close()
            conn = http.client.HTTPConnection(host, port, timeout=120)
            continue
        selesai = time.perf_counter()
        if resp.status == 200:
            hasil.waktu.append(selesai - mulai)
        else:
            hasil.status_lain[resp.status] = hasil.status_lain.get(resp.status, 0) + 1
    conn.close()


def persentil(nilai: list[float], p: float) -> float:
    if len(nilai) < 2:
        return nilai[0] if nilai else float("nan")
    return statistics.quantiles(nilai, n=100, method="inclusive")[int(p) - 1]


def ukur(host: str, port: int, path: str, sesi: list[dict[str, str]], durasi: float) -> Hasil:
    hasil = Hasil()
    # Warm-up: the first request of a worker imports and caches things.
    for cookies in sesi[:4]:
        conn = http.client.HTTPConnection(host, port, timeout=120)
        conn.request("GET", path, headers={"Cookie": _cookie_header(cookies)})
        conn.getresponse().read()
        conn.close()
    sampai = time.perf_counter() + durasi
    utas = [
        threading.Thread(target=pengguna, args=(host, port, path, c, sampai, hasil)) for c in sesi
    ]
    for u in utas:
        u.start()
    for u in utas:
        u.join()
    return hasil


def start_gunicorn(port: int, workers: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "DEBUG": os.environ.get("DEBUG", "0"),
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-" + "x" * 50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    proses = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "lkjip.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(100):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/masuk/")
            conn.getresponse().read()
            return proses
        except OSError:
            time.sleep(0.2)
    proses.kill()
    raise SystemExit("gunicorn tidak mau jalan")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--url", help="server yang sudah jalan, mis. http://127.0.0.1:8000")
    ap.add_argument("--gunicorn", action="store_true", help="jalankan gunicorn sendiri")
    ap.add_argument("--port", type=int, default=8199)
    ap.add_argument("--workers", type=int, default=(os.cpu_count() or 1) * 2 + 1)
    ap.add_argument("--satker", default="6210")
    ap.add_argument("--tahun", default="2024")
    ap.add_argument("--username", default="operator")
    ap.add_argument("--password", default="demo12345")
    ap.add_argument("--pengguna", type=int, default=20, help="pengguna serentak")
    ap.add_argument("--durasi", type=float, default=30.0, help="detik per halaman")
    ap.add_argument(
        "--halaman",
        nargs="*",
        default=["sehat", "dashboard", "realisasi", "laporan"],
        help="sehat (lantai), dashboard, realisasi, laporan, anggaran, narasi, pemantauan, "
        "pemantauan_xlsx (pemantauan: --satker 62 or 00 and a user of it, e.g. pemantau)",
    )
    args = ap.parse_args()
    k, t = args.satker, args.tahun
    jalur = {
        "sehat": "/sehat/",
        "dashboard": f"/{k}/{t}/",
        "realisasi": f"/{k}/{t}/realisasi/",
        "laporan": f"/{k}/{t}/laporan/",
        "anggaran": f"/{k}/{t}/anggaran/",
        "narasi": f"/{k}/{t}/narasi/",
        "pemantauan": f"/{k}/pemantauan/{t}/",
        "pemantauan_xlsx": f"/{k}/pemantauan/{t}/pemantauan.xlsx",
    }

    proses = None
    if args.gunicorn:
        proses = start_gunicorn(args.port, args.workers)
        host, port = "127.0.0.1", args.port
    elif args.url:
        u = urllib.parse.urlsplit(args.url)
        host, port = u.hostname, u.port or 80
    else:
        raise SystemExit("Beri --url atau --gunicorn")
    try:
        sesi = [login(host, port, args.username, args.password) for _ in range(args.pengguna)]
        print(
            f"{args.pengguna} pengguna serentak, {args.durasi:.0f} s per halaman, "
            f"satker {k} tahun {t}, {host}:{port}"
            + (f", gunicorn {args.workers} worker" if proses else "")
        )
        print(f"{'halaman':<11}{'n':>7}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'×lantai':>9}  lain")
        lantai = None
        for nama in args.halaman:
            hasil = ukur(host, port, jalur[nama], sesi, args.durasi)
            w = hasil.waktu
            p50, p95 = persentil(w, 50) * 1000, persentil(w, 95) * 1000
            if nama == "sehat":
                lantai = p95
            rasio = f"{p95 / lantai:.1f}" if lantai and nama != "sehat" else "-"
            lain = ", ".join(f"{s}×{n}" for s, n in hasil.status_lain.items())
            if hasil.galat:
                lain += f" galat koneksi {hasil.galat}"
            print(
                f"{nama:<11}{len(w):>7}{len(w) / args.durasi:>8.1f}{p50:>9.0f}{p95:>9.0f}"
                f"{rasio:>9}  {lain}"
            )
            sys.stdout.flush()
    finally:
        if proses:
            proses.send_signal(signal.SIGTERM)
            proses.wait(timeout=30)


if __name__ == "__main__":
    main()
