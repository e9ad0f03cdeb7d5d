"""The `vnpolicy` command: batch extraction, table conversion and review pages.

    vnpolicy extract INPUT... -o OUT [--workers N] [--resume | --overwrite] [--format jsonl|csv|parquet]
                     [--text-field text] [--id-field id] [--input-format text|jsonl|csv] [--quiet]
                     [--dask ADDRESS]
    vnpolicy show FILE -o review.html [--record RECORD.jsonl] [--doc-id ID] [--overwrite]
    vnpolicy table RECORDS.jsonl -o OUT.csv|OUT.parquet [--overwrite]
    vnpolicy --version

`-` as an INPUT reads standard input; `-o -` writes standard output.

Exit status: 0 when every document succeeded, 1 when any document became an
error record (the others are still written), 2 for usage errors (bad options,
an input that names nothing, an output that would destroy data or cannot be
created, an unreachable Dask scheduler, a missing optional dependency), 3 when
writing the output failed during the run (disk full, an I/O error: the records
written so far are kept; free the space and run again with `--resume`), 130
when interrupted (run again with `--resume` to continue).

Only the argument handling lives here; the work is in `batch`, `readers`,
`writers`, `review` and `dask`, so everything the command does is also
available from Python.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from extractor.io.writers import FORMATS

PROG = "vnpolicy"
EXIT_OK, EXIT_FAILED_DOCS, EXIT_USAGE, EXIT_OUTPUT, EXIT_INTERRUPTED = 0, 1, 2, 3, 130

EXIT_STATUS_HELP = """exit status:
  0    every document succeeded
  1    some documents became error records (all others are written)
  2    usage error: bad option, an input that matches nothing, an output that would
       destroy data or cannot be created, an unreachable Dask scheduler
  3    writing the output failed during the run (disk full): run again with --resume
  130  interrupted: run again with --resume to continue"""

EXTRACT_EXAMPLES = """examples:
  vnpolicy extract samples/ -o targets.jsonl
  vnpolicy extract 'news/**/*.html' decisions/*.pdf -o targets.jsonl --workers 4
  vnpolicy extract crawl.jsonl -o targets.csv --text-field content --id-field url
  vnpolicy extract samples/ -o targets.parquet --resume      # continue a killed run
  cat page.txt | vnpolicy extract - -o -                     # standard input to standard output
"""
SHOW_EXAMPLES = """examples:
  vnpolicy show samples/tinh-mau-cong-nghiep.txt -o review.html
  vnpolicy show decision.pdf -o review.html --record targets.jsonl
  vnpolicy show crawl.jsonl --doc-id https://example.vn/a -o review.html
"""
TABLE_EXAMPLES = """examples:
  vnpolicy table targets.jsonl -o targets.csv
  vnpolicy table targets.csv.jsonl -o targets.parquet --overwrite
"""


class UsageError(Exception):
    """A problem with how the command was called: message to stderr, exit status 2."""


class _Help(argparse.RawDescriptionHelpFormatter, argparse.ArgumentDefaultsHelpFormatter):
    """Help that keeps the examples' layout and shows each option's default (where it has a value)."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        if action.default in (None, False) or action.default is argparse.SUPPRESS:
            return action.help
        return super()._get_help_string(action)


def version() -> str:
    """The installed distribution's version (see `extractor.__version__`)."""
    from extractor import __version__

    return __version__


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {n}")
    return n


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for documentation and tests)."""
    parser = argparse.ArgumentParser(prog=PROG, formatter_class=_Help, epilog=EXIT_STATUS_HELP,
                                     description="Quantified policy targets from Vietnamese policy texts, as "
                                                 "JSON records.\n'vnpolicy COMMAND --help' explains a command.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {version()}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _extract_parser(sub)
    _show_parser(sub)
    _table_parser(sub)
    return parser


def _extract_parser(sub: Any) -> None:
    ex = sub.add_parser("extract", help="extract targets from files, folders, globs or standard input",
                        formatter_class=_Help, epilog=EXTRACT_EXAMPLES + "\n" + EXIT_STATUS_HELP,
                        description="Extract every input document into OUT, one record per document.\n"
                                    "An existing OUT is refused unless --resume or --overwrite is given;\n"
                                    "an input is never written.")
    ex.add_argument("inputs", nargs="+", metavar="INPUT",
                    help="files, folders (recursive) or globs: .txt .md .html .htm .docx .pdf .jsonl .csv; "
                         "'-' reads standard input")
    ex.add_argument("-o", "--output", required=True, metavar="OUT", help="output file; '-' writes standard output")
    ex.add_argument("--format", choices=FORMATS, default=None,
                    help="output format (default: from OUT's suffix, else jsonl)")
    ex.add_argument("--workers", type=_positive, default=1, metavar="N", help="worker processes on this machine")
    keep = ex.add_mutually_exclusive_group()
    keep.add_argument("--resume", action="store_true",
                      help="skip documents already in OUT (or OUT.jsonl for csv/parquet) from an earlier run")
    keep.add_argument("--overwrite", action="store_true", help="replace an existing OUT")
    ex.add_argument("--text-field", default="text", help="text column/field of .jsonl/.csv inputs")
    ex.add_argument("--id-field", default="id", help="id column/field of .jsonl/.csv inputs")
    ex.add_argument("--input-format", choices=("text", "jsonl", "csv"), default=None,
                    help="what standard input holds (default: jsonl when its first line is a JSON object, "
                         "else one text)")
    ex.add_argument("--chunk-size", type=_positive, default=8, metavar="N",
                    help="documents per task sent to a worker, at most (a task also closes at 16,000 characters)")
    ex.add_argument("--dask", metavar="ADDRESS", default=None,
                    help="run on a Dask cluster (tcp://scheduler:8786, or 'local')")
    ex.add_argument("--dask-timeout", type=float, default=10.0, metavar="SECONDS",
                    help="how long to try to reach the Dask scheduler")
    ex.add_argument("--workers-read-files", action="store_true",
                    help="with --dask: send paths, not texts (workers share this file system)")
    ex.add_argument("-q", "--quiet", action="store_true", help="no progress, no summary, no Dask logging")


def _show_parser(sub: Any) -> None:
    show = sub.add_parser("show", help="write an HTML review page for one document", formatter_class=_Help,
                          epilog=SHOW_EXAMPLES,
                          description="Extract one document (or take its record) and write an HTML page\n"
                                      "with the targets' evidence and the entities highlighted.")
    show.add_argument("file", metavar="FILE", help="the document (any input format)")
    show.add_argument("-o", "--output", required=True, metavar="HTML", help="the page to write")
    show.add_argument("--record", metavar="RECORDS.jsonl",
                      help="use the document's record from this JSONL file instead of extracting")
    show.add_argument("--doc-id", help="which document of a .jsonl/.csv FILE or of --record (default: first)")
    show.add_argument("--text-field", default="text", help="text column/field of a .jsonl/.csv FILE")
    show.add_argument("--id-field", default="id", help="id column/field of a .jsonl/.csv FILE")
    show.add_argument("--overwrite", action="store_true", help="replace an existing page")


def _table_parser(sub: Any) -> None:
    table = sub.add_parser("table", help="convert a JSONL output to CSV or Parquet", formatter_class=_Help,
                           epilog=TABLE_EXAMPLES, description="One row per target (see extractor.to_dataframe).")
    table.add_argument("records", metavar="RECORDS.jsonl")
    table.add_argument("-o", "--output", required=True, metavar="OUT", help="the table to write; '-' for "
                                                                           "standard output")
    table.add_argument("--format", choices=("csv", "parquet"), default=None,
                       help="table format (default: from OUT's suffix)")
    table.add_argument("--overwrite", action="store_true", help="replace an existing table")


def _err(message: str) -> None:
    print(f"{PROG}: {message}", file=sys.stderr, flush=True)


def _require(*modules: str) -> None:
    import importlib.util

    missing = [m for m in modules if importlib.util.find_spec(m) is None]
    if missing:
        raise UsageError(f"missing optional dependencies: {', '.join(missing)} "
                         "(pip install '.[batch]' in the clone, or add the [batch] extra to your install)")


def _cmd_extract(args: argparse.Namespace) -> int:
    from extractor.batch import runner as batch
    from extractor.batch.progress import make_progress
    from extractor.io.readers import InputError
    from extractor.io.writers import format_for, log_path_for

    fmt = format_for(args.output, args.format)
    if fmt == "parquet":
        _require("pandas", "pyarrow")
    elif fmt == "csv":
        _require("pandas")
    progress = make_progress(quiet=args.quiet)
    common: dict[str, Any] = dict(fmt=fmt, resume=args.resume, overwrite=args.overwrite, progress=progress,
                                  chunk_size=args.chunk_size, text_field=args.text_field,
                                  id_field=args.id_field, stdin_format=args.input_format)
    try:
        if args.dask:
            _require("dask", "distributed")
            from extractor.batch.cluster import ClusterError, run_on_cluster

            try:
                summary = run_on_cluster(args.inputs, args.output, address=args.dask, local_workers=args.workers,
                                         ship_text=not args.workers_read_files, quiet=args.quiet,
                                         timeout=args.dask_timeout, **common)
            except ClusterError as exc:
                raise UsageError(str(exc)) from None
        else:
            summary = batch.run(args.inputs, args.output, workers=args.workers, **common)
    except InputError as exc:
        raise UsageError(str(exc)) from None
    except KeyboardInterrupt:
        where = "standard output" if args.output == "-" else log_path_for(args.output, fmt)
        _err(f"interrupted; finished records are in {where}. Run again with --resume to continue.")
        return EXIT_INTERRUPTED
    if not args.quiet:
        for note in summary.notes:
            _err(f"note: {note}")
        print(summary.line(), file=sys.stderr, flush=True)
        _print_errors(summary)
    return EXIT_OK if summary.ok else EXIT_FAILED_DOCS


def _print_errors(summary: Any) -> None:
    """The first error records of the run (kept by the summary: the log may be standard output)."""
    for doc_id, kind, message in summary.error_samples:
        print(f"  {doc_id}: {kind}: {message}", file=sys.stderr)
    more = summary.errors - len(summary.error_samples)
    if more > 0:
        where = "the output" if str(summary.log) == "-" else summary.log
        print(f"  … and {more} more error records in {where}", file=sys.stderr)


def _writable_page(output: str, overwrite: bool, *sources: str) -> Path:
    """The path of a page or table to write: never one of the files it is made from, never an existing file
    unless `overwrite`."""
    from extractor.io.outputs import OutputError, prepare_parent

    out = Path(output)
    for src in sources:
        if src and Path(src).exists() and out.exists() and os.path.samefile(src, out):
            raise UsageError(f"output {output!r} is an input; write it somewhere else")
    if out.is_dir():
        raise UsageError(f"output {output!r} is a folder; give a file name")
    if out.is_file() and out.stat().st_size > 0 and not overwrite:
        raise UsageError(f"output {output!r} exists; give --overwrite to replace it, or another -o")
    try:
        prepare_parent(out)
    except OutputError as exc:
        raise UsageError(str(exc)) from None
    return out


def _cmd_show(args: argparse.Namespace) -> int:
    from extractor.app.review import write_review
    from extractor.io.readers import InputError, Inputs, ReadError

    path = Path(args.file)
    if not path.is_file():
        raise UsageError(f"no such file: {args.file!r}")
    out = _writable_page(args.output, args.overwrite, args.file, args.record or "")
    try:
        sources = list(Inputs([path], text_field=args.text_field, id_field=args.id_field))
    except InputError as exc:
        raise UsageError(str(exc)) from None
    if args.doc_id is not None and len(sources) > 1:
        sources = [s for s in sources if s.doc_id == args.doc_id]
        if not sources:
            raise UsageError(f"no document {args.doc_id!r} in {args.file}")
    source = sources[0]
    try:
        text = source.read()
    except ReadError as exc:
        _err(f"{source.doc_id}: {exc.kind}: {exc.message}")
        return EXIT_FAILED_DOCS
    record = _show_record(args, source.doc_id, text)
    try:
        write_review(out, text, record)
    except OSError as exc:
        _err(f"cannot write {args.output!r}: {exc.strerror or exc}")
        return EXIT_OUTPUT
    failed = isinstance(record, dict) and "error" in record
    n = len(record.get("targets") or []) if isinstance(record, dict) else len(record.targets)
    print(f"{source.doc_id}: {n} targets -> {out}", file=sys.stderr)
    return EXIT_FAILED_DOCS if failed else EXIT_OK


def _show_record(args: argparse.Namespace, doc_id: str, text: str) -> Any:
    """The record to show: from --record, or extracted now."""
    from extractor.io.writers import iter_records

    if not args.record:
        from extractor.pipeline import get_extractor

        return get_extractor().extract(text, doc_id=doc_id)
    if not Path(args.record).is_file():
        raise UsageError(f"no such file: {args.record!r}")
    records = list(iter_records(args.record))
    want = args.doc_id if args.doc_id is not None else doc_id
    matching = [r for r in records if r.get("doc_id") == want]
    if matching:
        return matching[0]
    if len(records) == 1:
        _err(f"note: using the only record in {args.record} (doc_id {records[0].get('doc_id')!r})")
        return records[0]
    raise UsageError(f"no record with doc_id {want!r} in {args.record}")


def _cmd_table(args: argparse.Namespace) -> int:
    from extractor.io.writers import format_for, iter_records, write_table

    fmt = format_for(args.output, args.format)
    if fmt not in ("csv", "parquet"):
        raise UsageError("the table output must be .csv or .parquet (or give --format)")
    _require("pandas", "pyarrow") if fmt == "parquet" else _require("pandas")
    if not Path(args.records).is_file():
        raise UsageError(f"no such file: {args.records!r}")
    if args.output != "-":
        _writable_page(args.output, args.overwrite, args.records)
    rows = write_table(iter_records(args.records), args.output, fmt)
    where = "standard output" if args.output == "-" else args.output
    print(f"{rows} rows ({fmt}) -> {where}", file=sys.stderr)
    return EXIT_OK


def _silence_stdout() -> None:
    """After a closed pipe, point stdout at /dev/null so Python's exit does not print a traceback."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `vnpolicy` console script and `python -m extractor`; returns the exit status."""
    from extractor.batch.runner import MainGuardError
    from extractor.io.outputs import OutputError

    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: --help/--version (0) or a usage error (2)
        return int(exc.code) if isinstance(exc.code, int) else EXIT_USAGE
    handlers = {"extract": _cmd_extract, "show": _cmd_show, "table": _cmd_table}
    try:
        return handlers[args.command](args)
    except UsageError as exc:
        _err(str(exc))
        return EXIT_USAGE
    except OutputError as exc:
        if "standard output" in str(exc):
            _silence_stdout()
        _err(str(exc) + ("; run again with --resume to continue" if exc.during_run and args.output != "-" else ""))
        return EXIT_OUTPUT if exc.during_run else EXIT_USAGE
    except MainGuardError as exc:
        _err(str(exc))
        return EXIT_USAGE
    except KeyboardInterrupt:
        _err("interrupted")
        return EXIT_INTERRUPTED


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
