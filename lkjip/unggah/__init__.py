"""What the three spreadsheet uploads share (the budget import ``anggaran.impor``, the indicator
workbook ``kinerja.buku_kerja``, the data workbook ``pertukaran.buku_data``): the safety scan of
the file before any spreadsheet library opens it (``berkas``), reading its rows (``lembar``),
naming its problems (``baca``), and applying a previewed upload on the rows the preview saw
(``terapkan``)."""
