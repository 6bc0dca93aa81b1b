// The report's PDF is made by a background worker: while it is being made, ask the server
// every few seconds and offer the download link once it is ready (templates/laporan/_status_pdf.html).
(function () {
  "use strict";
  var kotak = document.getElementById("pdf");
  if (!kotak || kotak.dataset.keadaan !== "dibuat") {
    return;
  }
  var JEDA_MS = 2000;
  var BATAS_TANYA = 450; // 15 minutes, the server's own limit for a render

  // No "download" attribute: the server sends the PDF as an attachment, and if the data changed
  // meanwhile it answers with the report page instead, which must not be saved as a file.
  function tombol(teks, url) {
    var a = document.createElement("a");
    a.className = "tombol";
    a.href = url;
    a.textContent = teks;
    return a;
  }

  function tampilkan(status) {
    kotak.dataset.keadaan = status.keadaan;
    kotak.className = "status-pdf status-pdf--" + status.keadaan;
    kotak.replaceChildren();
    if (status.keadaan === "siap") {
      kotak.append(tombol("Unduh PDF", status.url));
      return;
    }
    var pesan = document.createElement("span");
    pesan.className = "status-pdf__pesan";
    pesan.textContent = status.pesan + " ";
    kotak.append(pesan);
    kotak.append(tombol(status.keadaan === "gagal" ? "Coba lagi" : "Siapkan PDF", status.url));
  }

  var tanya = 0;
  function periksa() {
    tanya += 1;
    fetch(kotak.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) {
        if (!r.ok) {
          throw new Error(r.status);
        }
        return r.json();
      })
      .then(function (status) {
        if (status.keadaan === "dibuat") {
          if (tanya < BATAS_TANYA) {
            window.setTimeout(periksa, JEDA_MS);
          }
          return;
        }
        tampilkan(status);
      })
      .catch(function () {
        // A network hiccup or an expired session: try a little later; "Muat ulang" still works.
        if (tanya < BATAS_TANYA) {
          window.setTimeout(periksa, JEDA_MS * 3);
        }
      });
  }
  window.setTimeout(periksa, JEDA_MS);
})();
