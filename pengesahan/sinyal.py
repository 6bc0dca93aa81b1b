"""What the workflow tells the floors above it, once a transition has committed
(docs/pengingat.md): the report of a satker-year was submitted, or returned to the Operators.

Sent with ``transaction.on_commit`` by ``pengesahan.services``, so a transition that is rolled
back tells nobody. Arguments: ``satker`` (Satker), ``tahun`` (int), ``oleh`` (the user who acted),
``langkah`` (the recorded ``Langkah``), ``komentar`` (str).
"""

from django.dispatch import Signal

laporan_diajukan = Signal()
laporan_dikembalikan = Signal()
