"""OCR accuracy and speed on the eval-dev drafts rendered to image-only PDFs (issue 16).

Each draft's plain text is scanned as text; the identifiers (ID, phone, bank card, passport, e-mail,
plate, USCC...) and person names it flags are the expected values. The text is rendered with Noto
Sans CJK (10.5 pt, A4, 2 cm margins) to page images at each resolution, saved as an image-only PDF,
and read back through the normal PDF reader (OCR). Recall = share of expected values found in the
OCR text (whitespace ignored). Seconds per page are wall time of the read; run under
``taskset -c 0`` for one core. Nothing is written into the repository.

    taskset -c 0 python bench/ocr.py --limit 5 --dpi 150 200
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

EVAL = Path("/work/shared/eval-dev/plain")
FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
IDENTIFIERS = {"CN_RESIDENT_ID", "PHONE_NUMBER", "CN_BANK_CARD", "EMAIL_ADDRESS", "CN_PASSPORT",
               "CN_TRAVEL_PERMIT", "CN_LICENSE_PLATE", "CN_USCC", "IP_ADDRESS"}


def render(text: str, dpi: int, out: Path) -> int:
    from PIL import Image, ImageDraw, ImageFont

    w, h = int(8.27 * dpi), int(11.69 * dpi)
    margin = int(dpi * 2 / 2.54)
    size = int(10.5 / 72 * dpi)
    font = ImageFont.truetype(FONT, size)
    per_line = max(10, (w - 2 * margin) // size)
    lines: list[str] = []
    for para in text.splitlines():
        while len(para) > per_line:
            lines.append(para[:per_line])
            para = para[per_line:]
        lines.append(para)
    step = int(size * 1.6)
    rows = max(1, (h - 2 * margin) // step)
    pages = []
    for i in range(0, len(lines), rows):
        im = Image.new("RGB", (w, h), "white")
        d = ImageDraw.Draw(im)
        for j, line in enumerate(lines[i:i + rows]):
            d.text((margin, margin + j * step), line, font=font, fill="black")
        pages.append(im)
    pages[0].save(out, "PDF", resolution=dpi, save_all=True, append_images=pages[1:])
    return len(pages)


def squeeze(s: str) -> str:
    """Whitespace removed, widths folded (OCR reads ＠ ： as full-width forms, as the scanner folds them)."""
    from screening.normalize import fold

    return "".join(fold(s).split())


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=5)
    ap.add_argument("--dpi", type=int, nargs="+", default=[150, 200])
    ap.add_argument("--max-pages", type=int, default=2, help="pages of each draft rendered (time)")
    args = ap.parse_args()
    from screening import Screener
    from screening.documents import ocr, read_document

    if not ocr.available():
        sys.exit('OCR extra not installed: pip install ".[ocr]"')
    scr = Screener(fingerprint_key="bench")
    drafts = sorted(EVAL.glob("*.txt"))[: args.limit]
    print(f"{len(drafts)} drafts from eval-dev (subset), first {args.max_pages} page(s) of each")
    with tempfile.TemporaryDirectory() as tmp:
        for dpi in args.dpi:
            found = {"id": [0, 0], "name": [0, 0]}
            secs, pages = 0.0, 0
            for path in drafts:
                text = path.read_text(encoding="utf-8")
                pdf = Path(tmp) / f"{path.stem}-{dpi}.pdf"
                n = render(text, dpi, pdf)
                if n > args.max_pages:  # only the pages rendered: cut the text to those pages
                    chars = len(text) * args.max_pages // n
                    text = text[:chars]
                    n = render(text, dpi, pdf)
                fs = scr.scan_text(text)
                ids = {squeeze(f.text) for f in fs if f.entity_type in IDENTIFIERS}
                names = {squeeze(f.text) for f in fs if f.entity_type == "PERSON"}
                t0 = time.perf_counter()
                got = squeeze(read_document(pdf).text)
                secs += time.perf_counter() - t0
                pages += n
                found["id"][0] += sum(v in got for v in ids)
                found["id"][1] += len(ids)
                found["name"][0] += sum(v in got for v in names)
                found["name"][1] += len(names)
            rid = found["id"][0] / max(found["id"][1], 1)
            rname = found["name"][0] / max(found["name"][1], 1)
            print(f"{dpi} dpi: identifier recall {rid:.3f} ({found['id'][0]}/{found['id'][1]}, target >= 0.95 "
                  f"at 200 dpi), name recall {rname:.3f} ({found['name'][0]}/{found['name'][1]}, target >= 0.85), "
                  f"{secs / max(pages, 1):.1f} s/page over {pages} pages", flush=True)


if __name__ == "__main__":
    main()
