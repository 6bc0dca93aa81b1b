/* Realisasi page (templates/kinerja/realisasi.html). Loaded as a file: the CSP allows no inline
   script. The forms carry their own CSRF field; the header is added too, for any htmx request
   from this page that is not a form. */
(function () {
  "use strict";

  function cookie(nama) {
    var bagian = document.cookie ? document.cookie.split(";") : [];
    for (var i = 0; i < bagian.length; i++) {
      var isi = bagian[i].trim();
      if (isi.indexOf(nama + "=") === 0) {
        return decodeURIComponent(isi.substring(nama.length + 1));
      }
    }
    return "";
  }

  document.addEventListener("htmx:configRequest", function (evt) {
    var token = cookie("csrftoken");
    if (token && !evt.detail.headers["X-CSRFToken"]) {
      evt.detail.headers["X-CSRFToken"] = token;
    }
  });

  // Evidence uploads can take a while on a slow connection: show how far along they are.
  document.addEventListener("htmx:xhr:progress", function (evt) {
    var form = evt.target && evt.target.closest ? evt.target.closest("form.form-bukti") : null;
    if (!form || !evt.detail.lengthComputable || !evt.detail.total) {
      return;
    }
    var bar = form.querySelector("progress.kemajuan-unggah");
    if (!bar) {
      return;
    }
    var persen = Math.round((evt.detail.loaded / evt.detail.total) * 100);
    bar.hidden = false;
    bar.value = persen;
    bar.textContent = persen + "%";
  });
})();
