"""Old and foreign office formats (.doc .wps .xls .et .rtf .odt .ods) read through LibreOffice.

The file is copied into a private temporary folder, converted there by ``soffice --headless
--convert-to docx|xlsx`` with its own throw-away profile (``-env:UserInstallation``: parallel
conversions never share or corrupt a user profile), under a timeout (the whole process group is
killed on overrun), and read with the normal .docx/.xlsx reader; the folder is removed afterwards.
Locations then refer to the converted file: the document says so in ``facts["converted_from"]``
and ``facts["note"]``, and redaction writes .docx/.xlsx (see :func:`converted_copy`).

An encrypted OLE file is refused before this (``EncryptedDocument``); without LibreOffice the
error says how to install it.

>>> conversion_target(b"\\xd0\\xcf\\x11\\xe0" + b"W\\x00o\\x00r\\x00k\\x00b\\x00o\\x00o\\x00k\\x00", ".doc", "ole")
'xlsx'
>>> conversion_target(b"{\\\\rtf1\\\\ansi", ".rtf", "unknown"), conversion_target(b"", ".wps", "ole")
('docx', 'docx')
>>> conversion_target(b"", ".ppt", "ole") is None
True
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from screening.documents.limits import Limits
from screening.documents.model import Document, Segment
from screening.errors import DocumentError, UnsupportedFormat

#: seconds one conversion may take (a first start with a fresh profile takes ~3 s here)
CONVERT_TIMEOUT = float(os.environ.get("SCREENING_SOFFICE_TIMEOUT", "180"))
INSTALL_HINT = ("install LibreOffice to read it (apt-get install libreoffice-writer-nogui "
                "libreoffice-calc-nogui) or convert it to .docx/.xlsx first")

#: extension -> what LibreOffice converts it into
TARGETS = {".doc": "docx", ".dot": "docx", ".wps": "docx", ".wpt": "docx", ".rtf": "docx", ".odt": "docx",
           ".xls": "xlsx", ".xlt": "xlsx", ".et": "xlsx", ".ett": "xlsx", ".ods": "xlsx"}
KINDS = {".doc": "Word 97-2003 (.doc)", ".wps": "WPS 文字 (.wps)", ".xls": "Excel 97-2003 (.xls)",
         ".et": "WPS 表格 (.et)", ".rtf": "RTF (.rtf)", ".odt": "OpenDocument 文本 (.odt)",
         ".ods": "OpenDocument 表格 (.ods)"}
#: export filter names (LibreOffice 7.x)
FILTERS = {"docx": "docx:MS Word 2007 XML", "xlsx": "xlsx:Calc Office Open XML"}
_WORD_STREAM = "WordDocument".encode("utf-16-le")
_BOOK_STREAMS = ("Workbook".encode("utf-16-le"), "Book\x00".encode("utf-16-le"))
_PPT_STREAM = "PowerPoint Document".encode("utf-16-le")
_OLE_SCAN = 8 << 20  # bytes of an OLE file searched for its stream names


def conversion_target(head: bytes, ext: str, fmt: str) -> str | None:
    """``docx``/``xlsx`` for a file LibreOffice should convert, else None.

    OLE files are told apart by their stream names (``WordDocument``, ``Workbook``) when ``head``
    holds them (a spreadsheet saved as .doc is still a spreadsheet), else by the extension;
    OpenDocument packages (``fmt == "odf"``) by extension; RTF by its ``{\\rtf`` signature.
    """
    if fmt == "ole":
        if _PPT_STREAM in head:
            return None
        if _WORD_STREAM in head:
            return "docx"
        if any(s in head for s in _BOOK_STREAMS):
            return "xlsx"
        return TARGETS.get(ext) if ext not in (".rtf", ".odt", ".ods") else None
    if fmt == "odf":
        return {".odt": "docx", ".ott": "docx", ".ods": "xlsx", ".ots": "xlsx"}.get(ext)
    if head.lstrip()[:5] == b"{\\rtf":
        return "docx"
    return None


def ole_head(path: str | os.PathLike[str]) -> bytes:
    """The first bytes of an OLE file in which its directory (stream names) usually lies."""
    with open(path, "rb") as fh:
        return fh.read(_OLE_SCAN)


def find_soffice() -> str | None:
    """The LibreOffice binary (``SCREENING_SOFFICE`` overrides), or None."""
    env = os.environ.get("SCREENING_SOFFICE")
    if env:
        return env if os.path.exists(env) else None
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for cand in ("/usr/lib/libreoffice/program/soffice", "/opt/libreoffice/program/soffice",
                 "/Applications/LibreOffice.app/Contents/MacOS/soffice"):
        if os.path.exists(cand):
            return cand
    return None


def kind_of(ext: str) -> str:
    return KINDS.get(ext, f"{ext or 'this'} file")


def convert(src: str | os.PathLike[str], target: str, workdir: str | os.PathLike[str],
            timeout: float | None = None) -> Path:
    """Convert ``src`` into ``workdir/out/input.<target>`` and return that path.

    ``src`` is copied first (LibreOffice never sees, locks or rewrites the input, and odd file
    names cannot confuse its command line). Raises :class:`UnsupportedFormat` without LibreOffice,
    :class:`DocumentError` when it fails, times out (the process group is killed) or writes nothing.
    """
    name = str(src)
    ext = Path(src).suffix.lower()
    soffice = find_soffice()
    if soffice is None:
        raise UnsupportedFormat(f"{kind_of(ext)} needs LibreOffice, which is not installed: {INSTALL_HINT}",
                                path=name)
    work = Path(workdir)
    (work / "in").mkdir(parents=True, exist_ok=True)
    (work / "out").mkdir(exist_ok=True)
    copy = work / "in" / f"input{ext or '.bin'}"
    shutil.copyfile(src, copy)
    cmd = [soffice, "--headless", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
           f"-env:UserInstallation={(work / 'profile').resolve().as_uri()}",
           "--convert-to", FILTERS[target], "--outdir", str(work / "out"), str(copy)]
    env = {**os.environ, "HOME": str(work), "SAL_USE_VCLPLUGIN": "svp"}
    limit = CONVERT_TIMEOUT if timeout is None else timeout
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True, env=env, cwd=str(work))
    try:
        out, err = proc.communicate(timeout=limit)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        raise DocumentError(f"LibreOffice did not convert {kind_of(ext)} within {limit:.0f} s (killed)",
                            path=name) from None
    finally:
        _kill_group(proc)  # helpers (oosplash, soffice.bin) left behind by a crash
    result = work / "out" / f"input.{target}"
    if proc.returncode != 0 or not result.is_file() or result.stat().st_size == 0:
        detail = (err or out or b"").decode("utf-8", "replace").replace("\n", " ").strip()
        detail = " ".join(w for w in detail.split() if "javaldx" not in w)[:200]
        raise DocumentError(f"LibreOffice could not convert {kind_of(ext)} to .{target} (unreadable or damaged "
                            f"file; exit {proc.returncode}{': ' + detail if detail else ''})", path=name)
    return result


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    if proc.poll() is None:
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass


@contextmanager
def converted_copy(src: str | os.PathLike[str], target: str) -> Iterator[Path]:
    """The converted .docx/.xlsx of ``src`` in a private temporary folder, removed on exit.

    The redaction pipeline uses it so the writer gets a file of the format it writes.
    """
    work = tempfile.mkdtemp(prefix="screening-convert-")
    try:
        os.chmod(work, 0o700)
        yield convert(src, target, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def read_converted(name: str, target: str, limits: Limits) -> Document:
    """Convert and read a file (see the module docstring)."""
    ext = Path(name).suffix.lower()
    with converted_copy(name, target) as path:
        if target == "docx":
            from screening.documents.docx import read_docx

            doc = read_docx(str(path), limits)
        else:
            from screening.documents.xlsx import read_xlsx

            doc = read_xlsx(str(path), limits)
    doc.path = name
    mark_converted(doc, ext, target)
    for seg in doc.segments if isinstance(doc.segments, list) else ():
        if isinstance(seg, Segment):
            seg.location["converted"] = True
    for f in doc.hygiene:
        f.location["converted"] = True
    return doc


def mark_converted(doc: Document, ext: str, target: str) -> None:
    """Say on a document read from a converted copy that its locations refer to that copy."""
    doc.facts["converted_from"] = ext.lstrip(".") or "unknown"
    doc.facts["converted_to"] = target
    doc.facts["note"] = (f"converted from {ext or 'its format'} to .{target} with LibreOffice; locations "
                         f"(paragraphs, cells) refer to the converted .{target}")
