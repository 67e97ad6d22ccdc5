"""One process-wide lock around every pypdfium2 call.

pdfium is not thread-safe (its document, page and font caches are global): two threads reading
PDFs at once crash the process. Every module that calls pypdfium2 (the reader, the writer's
raster fallback, verification, OCR of image-only pages) holds :data:`PDFIUM_LOCK` while it does,
and closes every pdfium object it opened *inside* the lock (a finaliser running later in another
thread would touch pdfium unlocked).

>>> with PDFIUM_LOCK:
...     with PDFIUM_LOCK:  # re-entrant: a helper may take it again
...         pass
"""

from __future__ import annotations

import threading

PDFIUM_LOCK = threading.RLock()
