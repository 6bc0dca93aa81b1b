#!/bin/bash
# Walk-through of the signing workflow through HTTP against a dev server with the demo accounts
# (docs/pengesahan.md, "Uji coba menyeluruh"). Needs SANDI_KUNCI = the PKCS#12 passphrase.
set -euo pipefail
H=${H:-http://127.0.0.1:8105}
: "${SANDI_KUNCI:?isi SANDI_KUNCI dengan passphrase kunci PKCS#12}"
K=6210; T=2024
D=${D:-/tmp/uji-pengesahan}; mkdir -p "$D"

masuk() {  # masuk <username>: log in, cookie jar $D/<username>.jar
  local u=$1 jar=$D/$1.jar
  rm -f "$jar"
  curl -s -c "$jar" -b "$jar" "$H/masuk/" -o /dev/null
  local csrf; csrf=$(awk '$6=="csrftoken"{print $7}' "$jar")
  curl -s -c "$jar" -b "$jar" -o /dev/null -w "masuk $u: %{http_code} -> %{redirect_url}\n" \
    -e "$H/masuk/" --data-urlencode "csrfmiddlewaretoken=$csrf" \
    --data-urlencode "username=$u" --data-urlencode "password=demo12345" "$H/masuk/"
}
post() {  # post <username> <path> [curl args...]: POST with the session's CSRF token
  local u=$1 p=$2; shift 2
  local jar=$D/$u.jar csrf; csrf=$(awk '$6=="csrftoken"{print $7}' "$jar")
  curl -s -c "$jar" -b "$jar" -e "$H$p" -H "X-CSRFToken: $csrf" "$@" "$H$p"
}

echo "== 1. Operator mengajukan"
masuk operator
curl -s -b "$D/operator.jar" "$H/pengesahan/$K/$T/ajukan/" > "$D/ajukan.html"
alasan=(); for n in $(grep -o 'name="alasan_[0-9a-f]*"' "$D/ajukan.html" | cut -d'"' -f2 | sort -u); do
  alasan+=(--data-urlencode "$n=Diperiksa; target memang tidak ditetapkan di PK awal.")
done
echo "peringatan yang diberi alasan: $(( ${#alasan[@]} / 2 ))"
post operator "/pengesahan/$K/$T/ajukan/" -o /dev/null -w "ajukan: %{http_code} -> %{redirect_url}\n" \
  "${alasan[@]}" --data-urlencode "komentar=Mohon diperiksa."

echo "== 2. Sekretaris menyetujui"
masuk sekretaris
post sekretaris "/pengesahan/$K/$T/setujui/" -o /dev/null -w "setujui: %{http_code} -> %{redirect_url}\n" \
  --data-urlencode "komentar=Sudah sesuai."

echo "== 3. Ketua menandatangani"
masuk ketua
curl -s -b "$D/ketua.jar" -o /dev/null -w "form tanda tangan: %{http_code}\n" "$H/pengesahan/$K/$T/tandatangani/"
post ketua "/pengesahan/$K/$T/tandatangani/" -o /dev/null -w "tandatangani: %{http_code} -> %{redirect_url}\n" \
  --data-urlencode "passphrase=$SANDI_KUNCI"

echo "== 4. Komisioner mengunduh"
masuk komisioner
curl -s -b "$D/komisioner.jar" "$H/$K/$T/laporan/" > "$D/laporan.html"
unduh=$(grep -o '/pengesahan/dokumen/[0-9a-f-]*/unduh/' "$D/laporan.html" | head -1)
echo "tautan unduh: $unduh"
curl -s -b "$D/komisioner.jar" -D "$D/unduh.headers" -o "$D/ditandatangani.pdf" "$H$unduh"
grep -i -E '^(HTTP|content-type|content-disposition|x-content-sha256)' "$D/unduh.headers"
sha256sum "$D/ditandatangani.pdf"
