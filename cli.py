"""`screening` command line: the only place that prints or exits.

Exit status of ``screening scan``: 0 nothing flagged (no finding at ``medium`` or above) and every
input read; 1 something flagged or some input could not be read (fail closed); 2 usage error or no
input could be read at all.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, NamedTuple

import click

from screening import __version__
from screening.errors import ScreeningError
from screening.findings import ENTITY_TYPES

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
EXIT_OK, EXIT_FLAGGED, EXIT_USAGE = 0, 1, 2


def _split_entities(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> list[str]:
    names = [n.strip().upper() for v in value for n in v.split(",") if n.strip()]
    unknown = [n for n in names if n not in ENTITY_TYPES]
    if unknown:
        raise click.BadParameter(
            f"unknown entity type(s): {', '.join(unknown)}. Known: {', '.join(ENTITY_TYPES)}"
        )
    return names


def output_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--format`` means the same in every command."""

    @click.option(
        "--format",
        "fmt",
        type=click.Choice(["table", "json", "jsonl"]),
        default="table",
        show_default=True,
        help="table: readable report; json: ONE object (the findings contract); jsonl: one document per line.",
    )
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return func(*args, **kwargs)

    return wrapper


def screener_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Options that build the :class:`screening.Screener`."""

    @click.option("--min-score", type=click.FloatRange(0, 1), default=0.0, show_default=True,
                  help="Drop findings scoring below this.")
    @click.option("--entities", multiple=True, callback=_split_entities, metavar="A,B,...",
                  help="Only report these entity types (comma-separated, repeatable).")
    @click.option("--exclude-entities", multiple=True, callback=_split_entities, metavar="A,B,...",
                  help="Never report these entity types.")
    @click.option("--wordlist", "wordlists", multiple=True, metavar="FILE",
                  help="Custom word list (txt: one term per line; CSV/YAML: term,category,severity); "
                       "`builtin:NAME` for a bundled list. Repeatable.")
    @click.option("--allowlist", "allowlists", multiple=True, metavar="FILE",
                  help="Terms never reported by any recognizer (the organisation's own names, public officials ...). "
                       "Repeatable.")
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return func(*args, **kwargs)

    return wrapper


def input_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """How inputs are found (directories, globs) and the reader's safety limits."""

    @click.option("--include", multiple=True, metavar="GLOB",
                  help="In directories, only files matching (e.g. '*.docx', '附件/**'). Repeatable.")
    @click.option("--exclude", multiple=True, metavar="GLOB", help="In directories, skip matching files. Repeatable.")
    @click.option("--max-total-size", type=click.IntRange(1), metavar="MB",
                  help="Zip packages (docx/xlsx): refuse more than this much decompressed data [1024].")
    @click.option("--max-parts", type=click.IntRange(1), metavar="N",
                  help="Zip packages: refuse more members than this [10000].")
    @click.option("--max-part-size", type=click.IntRange(1), metavar="MB",
                  help="Zip packages: refuse a member larger than this when decompressed [512].")
    @click.option("--max-pages", type=click.IntRange(1), metavar="N", help="PDF: refuse more pages than this [5000].")
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return func(*args, **kwargs)

    return wrapper


def read_limits(max_total_size: int | None, max_parts: int | None, max_part_size: int | None,
                max_pages: int | None) -> dict[str, int]:
    mb = 1024 * 1024
    given = {
        "max_total_size": max_total_size * mb if max_total_size else None,
        "max_parts": max_parts,
        "max_part_size": max_part_size * mb if max_part_size else None,
        "max_pages": max_pages,
    }
    return {k: v for k, v in given.items() if v is not None}


def build_screener(
    min_score: float,
    entities: list[str],
    exclude_entities: list[str],
    wordlists: tuple[str, ...] = (),
    allowlists: tuple[str, ...] = (),
) -> Any:
    """A Screener from the shared options; library errors become usage errors (exit 2)."""
    from screening import Screener

    _refuse_special_files(("--wordlist", w) for w in wordlists)
    _refuse_special_files(("--allowlist", a) for a in allowlists)
    try:
        from screening.wordlists import load_allowlist, load_wordlist_recognizer

        extra = [load_wordlist_recognizer(wordlists, allowlists)] if wordlists else []
        allow = load_allowlist(allowlists) if allowlists else ()
        return Screener(entities=entities or None, exclude_entities=exclude_entities, min_score=min_score,
                        extra_recognizers=extra, allowlist=allow)
    except (ScreeningError, KeyError, ValueError) as exc:
        raise click.UsageError(str(exc)) from None


@click.group(context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "-V", "--version", prog_name="screening")
def main() -> None:
    """政务公开发布前审查：个人信息、密级标志识别与去标识化。

    Screen Chinese government drafts for personal information and secrecy markings before
    publication. Run `screening scan 草稿.txt` to see what a draft contains.
    """
    _quiet_libraries()


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@output_options
@screener_options
@input_options
@click.option("--flagged-only", is_flag=True, help="Table: hide low/info findings.")
@click.option("--color/--no-color", "colour", default=None, help="Colour the table (default: only on a terminal).")
def scan(
    paths: tuple[Path, ...],
    fmt: str,
    min_score: float,
    entities: list[str],
    exclude_entities: list[str],
    wordlists: tuple[str, ...],
    allowlists: tuple[str, ...],
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    max_total_size: int | None,
    max_parts: int | None,
    max_part_size: int | None,
    max_pages: int | None,
    flagged_only: bool,
    colour: bool | None,
) -> None:
    """Scan FILES (and directories, recursively) and report what they contain.

    \b
    Examples:
      screening scan samples/处罚决定书.txt
      screening scan 公开附件/ --format json > report.json
      screening scan a.txt --entities CN_RESIDENT_ID,PHONE_NUMBER
    """
    from screening.reports import iter_json, iter_jsonl_line, iter_table
    from screening.results import DocumentResult, scan_file

    screener = build_screener(min_score, entities, exclude_entities, wordlists, allowlists)
    from screening.documents.walk import iter_inputs

    limits = read_limits(max_total_size, max_parts, max_part_size, max_pages)
    results: list[Any] = []
    for item in iter_inputs(paths, include, exclude):
        if isinstance(item, ScreeningError):
            result = DocumentResult(item.path or "?", status="error", error=str(item))
        else:
            result = scan_file(item, screener, **limits)
        if result.status != "ok":
            click.echo(f"Error: {result.error}", err=True)
        if fmt == "jsonl":  # written now; only the outcome is kept (a batch of big sheets stays small)
            _write(iter_jsonl_line(result))
            click.echo()
            results.append(_Outcome(result.status, result.flagged))
        else:
            results.append(result)
    if fmt == "json":
        _write(iter_json(results))
        click.echo()
    elif fmt == "table":
        use_colour = sys.stdout.isatty() if colour is None else colour
        for line in iter_table(results, colour=use_colour, show_all=not flagged_only):
            click.echo(line, color=use_colour)
    sys.exit(_exit_status(results))


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "out", required=True, metavar="DIR|FILE",
              help="Output file (one input) or directory (ends with /, exists, or several inputs: mirrored).")
@click.option("--policy", default="publication", show_default=True, metavar="NAME|FILE",
              help="Preset (publication, penalty, strict) or a policy YAML file.")
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@click.option("--keep-originals", type=click.Path(path_type=Path), metavar="FILE",
              help="Also write the original values (for the responsible unit) to this separate file.")
@click.option("--key", metavar="TEXT", help="Key for the pseudonym operator (prefer --key-file).")
@click.option("--key-file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="File holding the pseudonym key.")
@click.option("--log", "log_path", type=click.Path(path_type=Path), metavar="FILE",
              help="Also write the JSON redaction log to this file.")
@output_options
@screener_options
def redact(
    paths: tuple[Path, ...],
    out: str,
    policy: str,
    dry_run: bool,
    keep_originals: Path | None,
    key: str | None,
    key_file: Path | None,
    log_path: Path | None,
    fmt: str,
    min_score: float,
    entities: list[str],
    exclude_entities: list[str],
    wordlists: tuple[str, ...],
    allowlists: tuple[str, ...],
) -> None:
    """De-identify FILES into --out, verify every output, and log what changed.

    Exit status: 0 every output written and verified; 1 a verification found a residue (that output
    is not written), an input could not be redacted, an output still carries a blocking mark
    (密级, 不予公开: redaction cannot make it publishable), or an output still holds content nobody
    read (images, embedded objects, pages without text); 2 usage error or nothing could be read.

    \b
    Examples:
      screening redact 决定书.docx --out 公开版/
      screening redact 名单.xlsx --out 名单_公开.xlsx --policy strict
      screening redact 草稿/ --out 公开版/ --dry-run --format json
    """
    import json

    from screening.redaction import load_policy, output_pairs, redact_files, redaction_log, render_table

    if key and key_file:
        raise click.UsageError("give either --key or --key-file, not both")
    secret: bytes | None = key.encode("utf-8") if key else None
    if key_file is not None:
        secret = _read_key_file(key_file)
    _refuse_special_files([("--policy", policy)])
    walk_errors: list[ScreeningError] = []  # a missing/unreadable input is that input's error; the batch goes on
    try:
        pol = load_policy(policy)
        pairs = output_pairs(list(paths), out, walk_errors)  # type: ignore[arg-type]
    except ScreeningError as exc:
        raise click.UsageError(str(exc)) from None
    if not pairs and not walk_errors:
        raise click.UsageError("no input files")
    _refuse_side_files(log_path, keep_originals, pairs, out)
    screener = build_screener(min_score, entities, exclude_entities, wordlists, allowlists)
    reports = _walk_error_reports(walk_errors, pol.name)
    try:
        if pairs:
            reports += redact_files(pairs, pol, screener, dry_run=dry_run, keep_originals=keep_originals,
                                    key=secret)
    except ScreeningError as exc:
        raise click.UsageError(str(exc)) from None
    log = redaction_log(reports)
    if log_path is not None:
        _write_log(log_path, json.dumps(log, ensure_ascii=False, indent=1))
    for r in reports:
        if not r.ok:
            click.echo(f"Error: {r.error}", err=True)
        if fmt == "jsonl":
            click.echo(json.dumps(r.to_dict(), ensure_ascii=False))
    if fmt == "json":
        click.echo(json.dumps(log, ensure_ascii=False, indent=1))
    elif fmt == "table":
        click.echo(render_table(reports))
    for r in reports:
        if r.blocked:
            click.echo(f"Error: {r.input}: 禁止发布 — 含密级标志或“不予公开”等标注，去标识化不能使其可以公开 "
                       "(blocked: a secrecy/not-for-publication marking remains)", err=True)
        if r.unscanned and r.status == "ok":
            click.echo(f"Error: {r.output}: 不能发布 — 输出中仍有未经审查的内容（图片、嵌入对象、无文字层的页） "
                       f"(not cleared: content nobody read remains: {'; '.join(r.unscanned[:3])}"
                       f"{' …' if len(r.unscanned) > 3 else ''})", err=True)
    sys.exit(_redact_exit_status(reports))


class _Outcome(NamedTuple):
    """What the exit status needs of a document whose report is already written."""

    status: str
    flagged: bool


def _write(pieces: Iterable[str]) -> None:
    """Print a report piece by piece (never the whole text of half a million findings at once)."""
    for piece in pieces:
        click.echo(piece, nl=False)


def _exit_status(results: list[Any]) -> int:
    """``scan``: 2 nothing could be read; 1 something flagged (unread content is a finding) or some
    input could not be read; 0 otherwise."""
    if not results or all(r.status != "ok" for r in results):
        return EXIT_USAGE
    if any(r.status != "ok" or r.flagged for r in results):
        return EXIT_FLAGGED
    return EXIT_OK


def _redact_exit_status(reports: list[Any]) -> int:
    """``redact``: 2 nothing could be read; 1 any input not redacted, a blocking mark kept, or an
    output still holding content nobody read; 0 every output written, verified and fully read."""
    if not reports or all(r.status == "error" for r in reports):
        return EXIT_USAGE
    if all(r.ok and not r.blocked and not getattr(r, "unscanned", None) for r in reports):
        return EXIT_OK
    return EXIT_FLAGGED


def _quiet_libraries() -> None:
    """No Python warning or parser log line reaches stderr (zipfile's "Duplicate name", openpyxl's
    "extension is not supported", pdfminer's complaints): problems with a file are reported as that
    file's error or finding, one line each. ``sys.warnoptions`` carries this to worker processes
    (multiprocessing passes it on as ``-W``); :mod:`screening.results` keeps parser logs quiet there."""
    import logging
    import warnings

    warnings.simplefilter("ignore")
    if "ignore" not in sys.warnoptions:
        sys.warnoptions.append("ignore")
    root = logging.getLogger()
    if not root.handlers:  # Python's last-resort handler would print WARNING records to stderr
        root.addHandler(logging.NullHandler())


def _read_key_file(path: Path) -> bytes:
    from screening.paths import check_regular

    try:
        check_regular(path)
        return path.read_bytes().rstrip(b"\r\n")
    except ScreeningError as exc:
        raise click.BadParameter(str(exc), param_hint="--key-file") from None
    except OSError as exc:
        raise click.BadParameter(f"{path}: {exc.strerror or exc}", param_hint="--key-file") from None


def _refuse_side_files(log_path: Path | None, keep_originals: Path | None, pairs: list[tuple[Path, Path]],
                       out: str) -> None:
    """``--log`` and ``--keep-originals`` may not name an input, an output of this run, each other, or
    (for the originals) a place inside the output folder, which is what gets published."""
    from screening.paths import is_inside, side_file_conflict

    inputs = [src for src, _ in pairs]
    outputs = [dst for _, dst in pairs]
    folder = not (len(pairs) == 1 and Path(pairs[0][1]) == Path(out))  # --out names the output folder
    for option, path, other in (("--log", log_path, keep_originals), ("--keep-originals", keep_originals, log_path)):
        if path is None:
            continue
        why = side_file_conflict(path, inputs, outputs, [other] if other is not None else [])
        if why is None and option == "--keep-originals" and folder and is_inside(path, out):
            why = "is inside the output folder (it would be published with the outputs)"
        if why:
            raise click.BadParameter(f"{path} {why}", param_hint=option)


def _walk_error_reports(errors: list[ScreeningError], policy: str) -> list[Any]:
    """A redaction report with ``status="error"`` for each input the directory walk could not use."""
    from screening.redaction import RedactionReport

    return [RedactionReport(e.path or "?", None, policy=policy, status="error", error=str(e)) for e in errors]


def _write_log(path: Path, text: str) -> None:
    from screening.paths import atomic_write

    try:
        atomic_write(path, text.encode("utf-8"))
    except OSError as exc:
        raise click.ClickException(f"cannot write the log {path}: {exc.strerror or exc}") from None


def _refuse_special_files(options: Iterable[tuple[str, str]]) -> None:
    """An option file (word list, policy) that exists but is a FIFO or device would block the run
    forever: a usage error before anything opens it."""
    import os

    from screening.paths import check_regular

    for option, value in options:
        if value.startswith("builtin:") or not os.path.exists(value):
            continue  # a bundled list or a preset name; a missing file is the loader's error
        try:
            check_regular(value)
        except ScreeningError as exc:
            raise click.BadParameter(str(exc), param_hint=option) from None


if __name__ == "__main__":  # pragma: no cover
    main()
