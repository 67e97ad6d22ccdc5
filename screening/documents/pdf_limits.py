"""Bounded memory for PDF decompression bombs: before any reader inflates a stream, every stream of
the file is measured, and the file is refused with a clear limit error when one stream or all of them
together would inflate past the limits.

A Flate stream (the filter every PDF writer uses, and the one a bomb uses: 300 MB of one byte deflate
to 300 KB) is inflated in 1 MB steps and dropped, so measuring costs no memory. ASCII layers in front
of it (``/ASCII85Decode``, ``/ASCIIHexDecode``) are undone first (they only shrink). An image stream is
measured by what it declares (width × height × components × bits): the readers never inflate one, and
the renderer decodes no more than that. Streams under other filters (LZW, run-length; rare today)
are left to the readers' own limits.

>>> import zlib
>>> _inflated_size(zlib.compress(b"x" * 5_000_000), 10 << 20)
5000000
>>> _inflated_size(zlib.compress(b"x" * 5_000_000), 1 << 20) > 1 << 20
True
"""

from __future__ import annotations

import base64
import binascii
import zlib
from typing import Any

import pikepdf

from screening.documents.limits import MB, Limits
from screening.errors import ResourceLimitExceeded

_FLATE = frozenset({"/FlateDecode", "/Fl"})
_ASCII85 = frozenset({"/ASCII85Decode", "/A85"})
_ASCIIHEX = frozenset({"/ASCIIHexDecode", "/AHx"})
_COMPONENTS = {"/DeviceGray": 1, "/CalGray": 1, "/DeviceRGB": 3, "/CalRGB": 3, "/Lab": 3, "/DeviceCMYK": 4}
_STEP = 1 << 20


def _filters(stream: pikepdf.Stream) -> list[str]:
    f = stream.get("/Filter")
    if f is None:
        return []
    if isinstance(f, pikepdf.Array):
        return [str(x) for x in f]
    return [str(f)]


def _undo_ascii(data: bytes, name: str) -> bytes:
    if name in _ASCIIHEX:
        hexes = bytes(c for c in data.split(b">", 1)[0] if c not in b" \t\r\n\f\x00")
        return binascii.unhexlify(hexes + b"0" * (len(hexes) % 2))
    body = data.split(b"~>", 1)[0]
    return base64.a85decode(body.replace(b"<~", b""), ignorechars=b" \t\r\n\f\x00")


def _inflated_size(raw: bytes, cap: int) -> int:
    """Bytes ``raw`` inflates to, counting at most ``cap + 1`` (then stops); a damaged stream counts
    what inflated before the damage (the reader reports the damage itself)."""
    d = zlib.decompressobj()
    total = 0
    data = raw
    try:
        while data and total <= cap:
            total += len(d.decompress(data, _STEP))
            data = d.unconsumed_tail
    except zlib.error:
        pass
    return total


def _image_size(stream: pikepdf.Stream) -> int:
    try:
        width, height = int(stream.get("/Width", 0)), int(stream.get("/Height", 0))
        bits = int(stream.get("/BitsPerComponent", 8))
    except (TypeError, ValueError):
        return 0
    space: Any = stream.get("/ColorSpace")
    comps = _COMPONENTS.get(str(space), 4) if not isinstance(space, pikepdf.Array) else 4
    return width * height * comps * max(bits, 1) // 8


def _stream_size(stream: pikepdf.Stream, cap: int) -> int | None:
    """What ``stream`` inflates to (at most ``cap + 1`` counted), or None when this module does not measure it."""
    filters = _filters(stream)
    while filters and (filters[0] in _ASCII85 or filters[0] in _ASCIIHEX):
        if len(filters) == 1:
            return None  # ASCII only: no bigger than the file
        try:
            raw = _undo_ascii(stream.read_raw_bytes(), filters[0])
        except (ValueError, binascii.Error, pikepdf.PdfError):
            return None
        filters = filters[1:]
        if filters[0] in _FLATE:
            return _inflated_size(raw, cap)
        return None
    if not filters or filters[0] not in _FLATE:
        return None
    try:
        return _inflated_size(stream.read_raw_bytes(), cap)
    except pikepdf.PdfError:
        return None


def check_pdf_streams(path: str, limits: Limits) -> None:
    """Raise :class:`ResourceLimitExceeded` naming ``path`` when a stream of the PDF would inflate past
    ``limits.max_pdf_stream_size`` (an image: past ``max_part_size`` by its declared size) or all other
    streams together past
    ``limits.max_total_size``. An unopenable file is left to the reader's own error."""
    try:
        pdf = pikepdf.open(path)
    except (pikepdf.PdfError, pikepdf.PasswordError):
        return  # the reader reports a damaged or encrypted file in its own words
    total = 0
    with pdf:
        for obj in pdf.objects:
            if not isinstance(obj, pikepdf.Stream):
                continue
            if obj.get("/Subtype") == "/Image":
                if _image_size(obj) > limits.max_part_size:
                    raise ResourceLimitExceeded(
                        f"PDF image (object {obj.objgen[0]}) declares more than {limits.max_part_size // MB} MB "
                        "of pixels (limit max_part_size)", path=path)
                continue
            size = _stream_size(obj, min(limits.max_pdf_stream_size, limits.max_total_size - total)) or 0
            total += size
            if size > limits.max_pdf_stream_size:
                raise ResourceLimitExceeded(
                    f"PDF stream (object {obj.objgen[0]}) inflates to more than "
                    f"{limits.max_pdf_stream_size // MB} MB (limit max_pdf_stream_size; decompression bomb?)",
                    path=path)
            if total > limits.max_total_size:
                raise ResourceLimitExceeded(
                    f"PDF streams inflate to more than {limits.max_total_size // MB} MB together "
                    "(limit max_total_size; decompression bomb?)", path=path)
