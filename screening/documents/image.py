"""The image reader: .png .jpg/.jpeg .tif/.tiff .bmp files (told by their magic bytes) read by OCR.

One segment of OCR text (see :mod:`screening.documents.ocr`); locations ``{"image": 1, "bbox":
[x0, top, x1, bottom], "ocr_confidence": 0.99}`` in the image's pixels. Without the OCR extra the
document has no text and one ``UNSCANNED_CONTENT`` finding saying how to enable OCR; a multi-page
TIFF's further pages are ``UNSCANNED_CONTENT`` (only the first frame is read).

>>> image_kind(b"\\x89PNG\\r\\n\\x1a\\n...."), image_kind(b"\\xff\\xd8\\xff\\xe0"), image_kind(b"GIF89a")
('png', 'jpeg', None)
"""

from __future__ import annotations

from pathlib import Path

from screening.documents.limits import Limits
from screening.documents.model import Document, hygiene_finding
from screening.errors import DocumentError, ResourceLimitExceeded

MAGIC = ((b"\x89PNG\r\n\x1a\n", "png"), (b"\xff\xd8\xff", "jpeg"), (b"II*\x00", "tiff"), (b"MM\x00*", "tiff"),
         (b"BM", "bmp"))
#: image files larger than this are refused (decoded, a 64 MB JPEG can be gigabytes of pixels)
MAX_IMAGE_FILE = 64 * 2**20


def image_kind(head: bytes) -> str | None:
    """``png``, ``jpeg``, ``tiff``, ``bmp`` from the first bytes, else None (BMP also needs its
    header size to be plausible)."""
    for magic, kind in MAGIC:
        if head.startswith(magic):
            if kind == "bmp" and (len(head) < 18 or int.from_bytes(head[14:18], "little") not in (12, 40, 52, 56,
                                                                                                   64, 108, 124)):
                return None
            return kind
    return None


def read_image(path: str, limits: Limits | None = None) -> Document:
    """Read an image file by OCR (see the module docstring)."""
    from screening.documents import ocr

    size = Path(path).stat().st_size
    if size > MAX_IMAGE_FILE:
        raise ResourceLimitExceeded(f"image file is {size / 2**20:.0f} MB (limit {MAX_IMAGE_FILE / 2**20:.0f} MB)",
                                    path=path)
    data = Path(path).read_bytes()
    kind = image_kind(data[:32]) or "image"
    frames = 1
    try:
        from PIL import Image

        with Image.open(path) as im:
            im.verify()
        with Image.open(path) as im:
            frames = getattr(im, "n_frames", 1)
            width, height = im.size
    except ImportError:
        width = height = 0
    except Exception as exc:  # noqa: BLE001 - Pillow's many decoder errors
        raise DocumentError(f"corrupt or unreadable {kind} image ({type(exc).__name__}: {exc})"[:300],
                            path=path) from None
    segments, findings = ocr.ocr_image_bytes(data, {"image": 1}, "图片", name=path)
    if frames > 1:
        findings.append(hygiene_finding("UNSCANNED_CONTENT", f"多页图片的第 2-{frames} 页未被审查",
                                        {"image": 1, "frames": frames}, attributes={"reason": "image_frames"}))
    facts = {"image": kind, "width": width, "height": height, "ocr": bool(segments)}
    if not ocr.available():
        facts["note"] = ocr.hint()
    return Document(path=path, format="image", segments=segments, facts=facts, hygiene=findings)
