"""`screening` command line: the only place that prints or exits.

Exit status of ``screening scan``: 0 nothing flagged (no finding at ``medium`` or above) and every
input read; 1 something flagged or some input could not be read (fail closed); 2 usage error or no
input could be read at all.
"""

from __future__ import annotations

import dataclasses
import functools
import os
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

    try:
        from screening.wordlists import load_allowlist, load_wordlist_recognizer

        extra = [load_wordlist_recognizer(wordlists, allowlists)] if wordlists else []
        allow = load_allowlist(allowlists) if allowlists else ()
        return Screener(entities=entities or None, exclude_entities=exclude_entities, min_score=min_score,
                        extra_recognizers=extra, allowlist=allow)
    except (ScreeningError, KeyError, ValueError) as exc:
        raise click.UsageError(str(exc)) from None


def batch_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """How a batch is spread over cores (``--jobs``) or machines (``--executor dask``)."""

    @click.option("--jobs", "-j", type=click.IntRange(1), default=None, metavar="N",
                  help="Worker processes (default: the number of cores; 1: in this process).")
    @click.option("--executor", type=click.Choice(["local", "dask"]), default="local", show_default=True,
                  help="local: a process pool on this machine; dask: the dask.distributed --scheduler.")
    @click.option("--scheduler", metavar="ADDR", help="Dask scheduler address (tcp://host:8786) for --executor dask.")
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return func(*args, **kwargs)

    return wrapper


def _site_summary(path: Path | None) -> Any:
    if path is None:
        return None
    if path.suffix.lower() not in (".csv", ".xlsx"):
        raise click.UsageError(f"--summary {path}: must end in .csv or .xlsx")
    from screening.summary import SiteSummary

    return SiteSummary()


def _batch_results(items: Iterable[Any], limits: dict[str, int], jobs: int | None, executor: str,
                   scheduler: str | None, cache_dir: Path | None, min_score: float, entities: list[str],
                   exclude_entities: list[str], wordlists: tuple[str, ...], allowlists: tuple[str, ...]) -> Any:
    """The scan results in input order, from screening/batch.py (pool, cache, progress bar on a terminal)."""
    from screening.batch import ScreenerSpec, default_jobs, scan_results

    if executor == "dask" and not scheduler:
        raise click.UsageError("--executor dask needs --scheduler ADDR (e.g. tcp://127.0.0.1:8786)")
    spec = ScreenerSpec(min_score, tuple(entities), tuple(exclude_entities), tuple(wordlists), tuple(allowlists))
    cache = None
    if cache_dir is not None:
        from screening.cache import ResultCache, cache_fingerprint_key, engine_version
        from screening.engine import FINGERPRINT_KEY_ENV

        try:
            if FINGERPRINT_KEY_ENV not in os.environ:
                spec = dataclasses.replace(spec, fingerprint_key=cache_fingerprint_key(cache_dir))
            spec = spec.for_run()
            cache = ResultCache(cache_dir, engine_version({"limits": limits}, spec))
        except OSError as exc:
            raise click.UsageError(f"--cache {cache_dir}: {exc.strerror or exc}") from None
    items = list(items)
    n_jobs = jobs or default_jobs()
    screener = None
    try:
        spec.validate()
        if executor == "local" and (n_jobs == 1 or sum(not isinstance(i, ScreeningError) for i in items) <= 1):
            screener = spec.build()
    except (ScreeningError, KeyError, ValueError) as exc:
        raise click.UsageError(str(exc)) from None
    return scan_results(items, spec, limits, jobs=n_jobs, cache=cache, progress=True, screener=screener,
                        executor=executor, scheduler=scheduler)


@click.group(context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "-V", "--version", prog_name="screening")
def main() -> None:
    """政务公开发布前审查：个人信息、密级标志识别与去标识化。

    Screen Chinese government drafts for personal information and secrecy markings before
    publication. Run `screening scan 草稿.txt` to see what a draft contains.
    """


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@output_options
@screener_options
@input_options
@click.option("--flagged-only", is_flag=True, help="Table: hide low/info findings.")
@click.option("--color/--no-color", "colour", default=None, help="Colour the table (default: only on a terminal).")
@batch_options
@click.option("--cache", "cache_dir", type=click.Path(file_okay=False, path_type=Path), metavar="DIR",
              help="Re-audits: keep each file's result here (0700; holds findings with their values, like the "
                   "JSON report) keyed by its sha256 + engine version + options; unchanged files are not rescanned.")
@click.option("--summary", "summary_path", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="Also write a site summary (汇总.csv or 汇总.xlsx): per file status and counts, per sheet column.")
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
    jobs: int | None,
    executor: str,
    scheduler: str | None,
    cache_dir: Path | None,
    summary_path: Path | None,
) -> None:
    """Scan FILES (and directories, recursively) and report what they contain.

    \b
    Examples:
      screening scan samples/处罚决定书.txt
      screening scan 公开附件/ --format json > report.json
      screening scan a.txt --entities CN_RESIDENT_ID,PHONE_NUMBER
    """
    from screening.documents.walk import iter_inputs
    from screening.reports import iter_json, iter_jsonl_line, iter_table

    limits = read_limits(max_total_size, max_parts, max_part_size, max_pages)
    results: list[Any] = []
    summary = _site_summary(summary_path)
    for result in _batch_results(iter_inputs(paths, include, exclude), limits, jobs, executor, scheduler, cache_dir,
                                 min_score, entities, exclude_entities, wordlists, allowlists):
        if summary is not None:
            summary.add(result)
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
    if summary is not None:
        try:
            summary.write(summary_path)  # type: ignore[arg-type]
        except (ScreeningError, OSError) as exc:
            raise click.ClickException(f"cannot write the summary: {exc}") from None
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
    is not written), an input could not be redacted, or an output still carries a blocking mark
    (密级, 不予公开: redaction cannot make it publishable); 2 usage error or nothing could be read.

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
        secret = key_file.read_bytes().rstrip(b"\r\n")
    missing = [p for p in paths if not p.exists()]
    if missing:
        raise click.UsageError(f"no such file or directory: {', '.join(map(str, missing))}")
    try:
        pol = load_policy(policy)
        pairs = output_pairs(list(paths), out)
    except ScreeningError as exc:
        raise click.UsageError(str(exc)) from None
    if not pairs:
        raise click.UsageError("no input files")
    screener = build_screener(min_score, entities, exclude_entities, wordlists, allowlists)
    try:
        reports = redact_files(pairs, pol, screener, dry_run=dry_run, keep_originals=keep_originals, key=secret)
    except ScreeningError as exc:
        raise click.UsageError(str(exc)) from None
    log = redaction_log(reports)
    if log_path is not None:
        log_path.write_text(json.dumps(log, ensure_ascii=False, indent=1), encoding="utf-8")
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
    if all(r.status == "error" for r in reports):
        sys.exit(EXIT_USAGE)
    sys.exit(EXIT_OK if all(r.ok and not r.blocked for r in reports) else EXIT_FLAGGED)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (loopback by default; put a TLS proxy in front for the network).")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True)
@click.option("--workers", type=click.IntRange(1), default=None, metavar="N",
              help="Worker processes, each with its own Screener (default: the number of cores).")
@click.option("--token-file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="File holding the API token (else SCREENING_API_TOKEN); then every endpoint but "
                   "/v1/health needs 'Authorization: Bearer <token>'.")
@click.option("--max-upload", type=click.IntRange(1), default=50, show_default=True, metavar="MB",
              help="Refuse bigger uploads (413).")
@click.option("--timeout", type=click.FloatRange(0.1), default=120.0, show_default=True, metavar="S",
              help="Per-request time limit (504; the worker is replaced).")
@click.option("--log-level", type=click.Choice(["debug", "info", "warning", "error"]), default="info",
              show_default=True)
@screener_options
@input_options
def serve(host: str, port: int, workers: int | None, token_file: Path | None, max_upload: int, timeout: float,
          log_level: str, min_score: float, entities: list[str], exclude_entities: list[str],
          wordlists: tuple[str, ...], allowlists: tuple[str, ...], include: tuple[str, ...],
          exclude: tuple[str, ...], max_total_size: int | None, max_parts: int | None, max_part_size: int | None,
          max_pages: int | None) -> None:
    """Run the HTTP service: POST /v1/scan, /v1/redact, /v1/check; GET /v1/health, /v1/entities.

    \b
    Examples:
      screening serve                       # http://127.0.0.1:8765, no token (loopback only)
      SCREENING_API_TOKEN=... screening serve --host 0.0.0.0 --port 8765
      curl -F file=@决定书.docx http://127.0.0.1:8765/v1/scan
    """
    try:
        from screening.service import ServiceConfig
        from screening.service import serve as run_service
    except ImportError as exc:
        raise click.ClickException(f"the service needs the 'service' extra (pip install "
                                   f"'gongkai-screening[service]'): {exc}") from None
    from screening.batch import ScreenerSpec, default_jobs

    spec = ScreenerSpec(min_score, tuple(entities), tuple(exclude_entities), tuple(wordlists), tuple(allowlists))
    try:
        spec.validate()
    except (ScreeningError, KeyError, ValueError) as exc:
        raise click.UsageError(str(exc)) from None
    config = ServiceConfig.from_env(token_file, workers=workers or default_jobs(), spec=spec.for_run(),
                                    max_upload=max_upload * 1024 * 1024, timeout=timeout,
                                    limits=read_limits(max_total_size, max_parts, max_part_size, max_pages))
    if config.token is None and host not in ("127.0.0.1", "::1", "localhost"):
        click.echo(f"Warning: listening on {host} without a token: anyone who can reach it can use it "
                   "(set SCREENING_API_TOKEN or --token-file)", err=True)
    run_service(config, host=host, port=port, log_level=log_level)


class _Outcome(NamedTuple):
    """What the exit status needs of a document whose report is already written."""

    status: str
    flagged: bool


def _write(pieces: Iterable[str]) -> None:
    """Print a report piece by piece (never the whole text of half a million findings at once)."""
    for piece in pieces:
        click.echo(piece, nl=False)


def _exit_status(results: list[Any]) -> int:
    if not results or all(r.status != "ok" for r in results):
        return EXIT_USAGE
    if any(r.status != "ok" or r.flagged for r in results):
        return EXIT_FLAGGED
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    main()
