/* Narrative editor (templates/laporan/narasi/ubah.html): formatting toolbar, placeholder picker
 * and the live preview, rendered by the server with the report's own code. No inline script:
 * the page's Content-Security-Policy forbids it. */
(function () {
  "use strict";

  function mulai() {
    var form = document.getElementById("form-narasi");
    if (!form) {
      return; // read-only page
    }
    var teks = form.querySelector("textarea[name=teks]");
    var pratinjau = document.getElementById("pratinjau-narasi");
    var status = document.getElementById("status-pratinjau");
    var urlPratinjau = form.getAttribute("data-pratinjau-url");
    // After a refused save the text in the box is not saved: leaving should warn.
    var awal = document.querySelector(".pesan-konflik, .pesan-galat") ? null : teks.value;
    var pengatur = null;
    var permintaan = 0;
    var pernahFokus = false; // before the first click into the text, insert at its end

    teks.addEventListener("focus", function () {
      pernahFokus = true;
    });

    function ganti(mulaiPos, akhirPos, isi, pilihAwal, pilihAkhir) {
      teks.focus();
      teks.setRangeText(isi, mulaiPos, akhirPos, "end");
      if (pilihAwal !== undefined) {
        teks.setSelectionRange(pilihAwal, pilihAkhir);
      }
      teks.dispatchEvent(new Event("input", { bubbles: true }));
    }

    function bungkus(penanda, contoh) {
      var a = teks.selectionStart;
      var b = teks.selectionEnd;
      var terpilih = teks.value.slice(a, b) || contoh;
      ganti(a, b, penanda + terpilih + penanda, a + penanda.length, a + penanda.length + terpilih.length);
    }

    function daftar(jenis) {
      // Prefix every selected line (or the current one) with a list marker.
      var nilai = teks.value;
      var a = nilai.lastIndexOf("\n", teks.selectionStart - 1) + 1;
      var b = nilai.indexOf("\n", teks.selectionEnd);
      if (b === -1) {
        b = nilai.length;
      }
      var nomor = 0;
      var baris = nilai.slice(a, b).split("\n").map(function (s) {
        var isi = s.replace(/^(\s*)(?:[-•]|\d{1,3}[.)]|[a-z][.)])\s+/, "$1");
        if (!isi.trim()) {
          return isi;
        }
        var indent = isi.match(/^\s*/)[0];
        var penanda;
        if (jenis === "bullet") {
          penanda = "- ";
        } else if (jenis === "angka") {
          nomor += 1;
          penanda = nomor + ". ";
        } else {
          penanda = String.fromCharCode(97 + (nomor % 26)) + ". ";
          nomor += 1;
        }
        return indent + penanda + isi.slice(indent.length);
      });
      var hasil = baris.join("\n");
      ganti(a, b, hasil, a + hasil.length, a + hasil.length);
    }

    form.querySelectorAll("[data-format]").forEach(function (tombol) {
      tombol.addEventListener("click", function () {
        var format = tombol.getAttribute("data-format");
        if (format === "tebal") {
          bungkus("**", "teks tebal");
        } else if (format === "miring") {
          bungkus("*", "teks miring");
        } else {
          daftar(format);
        }
      });
    });

    document.querySelectorAll(".sisip-placeholder").forEach(function (tombol) {
      tombol.addEventListener("click", function () {
        var isi = tombol.getAttribute("data-sisip");
        var a = pernahFokus ? teks.selectionStart : teks.value.length;
        var b = pernahFokus ? teks.selectionEnd : teks.value.length;
        ganti(a, b, isi, a + isi.length, a + isi.length);
      });
    });

    function perbaruiPratinjau() {
      var nomor = ++permintaan;
      var data = new FormData(form);
      data.delete("versi");
      if (status) {
        status.textContent = "Memperbarui pratinjau…";
      }
      fetch(urlPratinjau, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { "X-Requested-With": "fetch" }
      })
        .then(function (respons) {
          if (!respons.ok) {
            throw new Error("HTTP " + respons.status);
          }
          return respons.text();
        })
        .then(function (html) {
          if (nomor !== permintaan) {
            return; // an older answer arriving late
          }
          pratinjau.innerHTML = html; // server-rendered, every user text escaped
          if (status) {
            status.textContent = "";
          }
        })
        .catch(function () {
          if (status && nomor === permintaan) {
            status.textContent = "Pratinjau gagal dimuat; teks Anda tetap aman, simpan seperti biasa.";
          }
        });
    }

    teks.addEventListener("input", function () {
      window.clearTimeout(pengatur);
      pengatur = window.setTimeout(perbaruiPratinjau, 400);
    });

    var mengirim = false;
    form.addEventListener("submit", function () {
      mengirim = true;
    });
    window.addEventListener("beforeunload", function (e) {
      if (!mengirim && teks.value !== awal) {
        e.preventDefault();
        e.returnValue = "";
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mulai);
  } else {
    mulai();
  }
})();
