"""Reviewer-report benchmark: size and open time of the HTML report of a big roster.

    python bench/report_html.py                # the 20,000-row roster (~100k findings)
    python bench/report_html.py --rows 5000

Builds the realistic 低保 roster of ``bench/readers.py`` (every row a different person), scans it,
writes the report (``iter_html``, values masked) and opens it in headless Debian chromium through
chromedriver (selenium; nothing downloaded). Prints: findings, write time, report size, time from
navigation to the page's script being ready, time to render the next page of items, to decide a
whole column group by one click, to open the masked text view, and to build the export.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench"), str(ROOT / "tests")]

CHROMIUM, DRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"


def _browser(profile: Path):  # type: ignore[no-untyped-def]
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 f"--user-data-dir={profile}", "--window-size=1280,1400"):
        options.add_argument(flag)
    return webdriver.Chrome(service=Service(executable_path=DRIVER), options=options)


def _timed(driver, script: str) -> float:  # type: ignore[no-untyped-def]
    """Milliseconds the page spends on ``script`` (measured inside the page, layout included)."""
    return float(driver.execute_script(
        "var t = performance.now();" + script + "; document.body.offsetHeight; return performance.now() - t;"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=20000)
    args = ap.parse_args()
    from readers import build_roster_xlsx

    from screening import Screener
    from screening.reports.html import iter_html
    from screening.results import scan_file

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        xlsx = tmp / "roster.xlsx"
        build_roster_xlsx(xlsx, args.rows)
        screener = Screener(fingerprint_key="bench")
        t = time.perf_counter()
        result = scan_file(xlsx, screener)
        scan_s = time.perf_counter() - t
        report = tmp / "report.html"
        t = time.perf_counter()
        with open(report, "w", encoding="utf-8") as fh:
            for piece in iter_html([result], screener=screener):
                fh.write(piece)
        write_s = time.perf_counter() - t
        size_mb = report.stat().st_size / 1e6
        flagged = sum(1 for f in result.findings if f.is_flagged)
        print(f"roster {args.rows:,} rows: {len(result.findings):,} findings ({flagged:,} flagged); "
              f"scan {scan_s:.1f} s, report written in {write_s:.1f} s, {size_mb:.1f} MB")
        if not (os.access(CHROMIUM, os.X_OK) and os.access(DRIVER, os.X_OK)):
            print("chromium / chromedriver not installed: open time not measured")
            return
        driver = _browser(tmp / "profile")
        try:
            t = time.perf_counter()
            driver.get(report.as_uri())
            while not driver.execute_script("return window.screeningReady === true"):
                time.sleep(0.02)
            open_s = time.perf_counter() - t
            nav = driver.execute_script(
                "var n = performance.getEntriesByType('navigation')[0]; return [n.responseEnd, n.domInteractive];")
            print(f"open in headless chromium: ready after {open_s:.2f} s (file read {nav[0] / 1000:.2f} s, "
                  f"parsed {nav[1] / 1000:.2f} s)")
            page = _timed(driver, "document.querySelector(\"#pager-0 button[data-pg='1']\").click()")
            scroll = _timed(driver, "window.scrollTo(0, document.body.scrollHeight)")
            group = _timed(driver, "document.querySelector('#groups-0 .grp[data-g] button[data-gact=\"1\"]').click()")
            text = _timed(driver, "var d = document.getElementById('text-0'); d.open = true; "
                                  "d.dispatchEvent(new Event('toggle'))")
            export = _timed(driver, "window._x = JSON.stringify(window.screeningExport())")
            nodes = driver.execute_script("return document.getElementsByTagName('*').length")
            print(f"next page of items {page:.0f} ms; scroll to the end {scroll:.0f} ms; one-click column group "
                  f"{group:.0f} ms; masked text view {text:.0f} ms; export of the decisions {export:.0f} ms; "
                  f"{nodes:,} DOM elements")
        finally:
            driver.quit()


if __name__ == "__main__":
    main()
