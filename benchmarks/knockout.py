"""How many tests notice a broken stage: each stage of the pipeline in turn replaced by a stub that returns
nothing, the test suite (or a chosen subset) run in a subprocess, and the failing tests counted.

    python benchmarks/knockout.py                         # every stage, on the default fast test files
    python benchmarks/knockout.py --stage targets --stage ner
    python benchmarks/knockout.py tests/test_end_to_end.py  # other test files
    python benchmarks/knockout.py --min-failures 20       # exit 3 when a stage breaks fewer tests

Why: a suite that still passes when target assembly returns nothing tests nothing that matters (issue 8).
The stub is installed by the autouse session fixture in tests/conftest.py, from the environment variable
VNPOLICY_KNOCKOUT (`module:attribute,…`); this file only chooses what to knock out. `STAGES` below is the one
table of stage → functions: when a function moves, change it here. A baseline run without a knock-out comes
first, so that tests failing anyway (and known gaps, which are xfail) are not counted against a stage.

What is counted is tests that fail or error, from pytest's JUnit XML. A test marked xfail that fails for
another reason under a knock-out still counts as xfail, so the figures are a lower bound.

Exit codes: 0 done; 1 pytest could not run (no report written); 2 bad arguments or a stage table entry that
names no function; 3 a stage broke fewer than --min-failures tests.

On 2 shared cores the default subset takes about 30-45 s a run, some 4 minutes for all stages: run it when you need
the figures, not in a loop.
"""

from __future__ import annotations

import argparse
import importlib
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KNOCKOUT_ENV = "VNPOLICY_KNOCKOUT"  # read by tests/conftest.py

# stage → the module attributes that are replaced by a stub returning nothing (an empty list).
STAGES: dict[str, tuple[str, ...]] = {
    "numbers": ("extractor.rules.numbers:find_quantities",),
    "dates": ("extractor.rules.dates:find_deadlines", "extractor.rules.dates:find_periods"),
    "agencies": ("extractor.rules.agencies:find_orgs", "extractor.rules.agencies:find_places"),
    "targets": ("extractor.targets.assemble:assemble",),
    # what extractor.pipeline._load_recogniser hands to the pipeline: one text, and the primed batch of `pipe`
    "ner": ("extractor.ner:recognise", "extractor.ner:recognise_many"),
}

# Fast files that run the extractor on text or test the stages' own functions; not the batch, CLI, cluster,
# hypothesis-heavy or timing files.
DEFAULT_TESTS: tuple[str, ...] = (
    "tests/test_end_to_end.py", "tests/test_targets.py", "tests/test_layout.py", "tests/test_numbers.py",
    "tests/test_dates.py", "tests/test_documents.py", "tests/test_segment.py", "tests/test_text.py",
    "tests/test_wordseg.py", "tests/test_api.py", "tests/test_schema.py", "tests/test_seed_dev.py",
)


class KnockoutError(Exception):
    """A failure the user gets as one line, with its exit code."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


@dataclass
class Run:
    """One pytest run: the outcome of every test, by its id."""

    outcomes: dict[str, str]
    seconds: float

    def failing(self) -> set[str]:
        return {t for t, o in self.outcomes.items() if o in ("failed", "error")}


def check_stages(names: list[str]) -> None:
    """Every function the chosen stages name exists, before minutes are spent on a run that would error."""
    for name in names:
        for item in STAGES[name]:
            module_name, _, attribute = item.partition(":")
            try:
                module = importlib.import_module(module_name)
            except ImportError as e:
                raise KnockoutError(f"stage {name!r}: cannot import {module_name} ({e})", 2) from e
            if not callable(getattr(module, attribute, None)):
                raise KnockoutError(f"stage {name!r}: {module_name} has no function {attribute!r}; "
                                    "update STAGES in benchmarks/knockout.py", 2)


def outcomes_of(report: Path) -> tuple[dict[str, str], float]:
    """Each test case's outcome (passed, failed, error, skipped) from a JUnit XML report, and its time."""
    root = ET.parse(report).getroot()
    suites = [root] if root.tag == "testsuite" else list(root.iter("testsuite"))
    outcomes: dict[str, str] = {}
    for case in root.iter("testcase"):
        test_id = f"{case.get('classname', '')}::{case.get('name', '')}"
        kinds = {child.tag for child in case}
        outcomes[test_id] = ("failed" if "failure" in kinds else "error" if "error" in kinds
                             else "skipped" if "skipped" in kinds else "passed")
    return outcomes, sum(float(s.get("time", 0) or 0) for s in suites)


def run_tests(tests: list[str], knockout: tuple[str, ...], workdir: Path) -> Run:
    """The tests in a subprocess with the given attributes knocked out (none: the baseline)."""
    report = workdir / f"report-{len(list(workdir.iterdir()))}.xml"
    env = {**os.environ, KNOCKOUT_ENV: ",".join(knockout)}
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--junitxml={report}", *tests]
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if done.returncode not in (0, 1) or not report.exists():
        last = (done.stderr.strip() or done.stdout.strip() or "no output").splitlines()[-1]
        raise KnockoutError(f"pytest could not run (exit {done.returncode}): {last}", 1)
    outcomes, seconds = outcomes_of(report)
    return Run(outcomes, seconds)


def by_file(test_ids: set[str]) -> str:
    """`file: n` for the failing tests, most first (classname is the module path in dots)."""
    counts = Counter(t.split("::", 1)[0].rsplit(".", 1)[-1] for t in test_ids)
    return ", ".join(f"{f} {n}" for f, n in counts.most_common())


def report_line(stage: str, run: Run, baseline: Run) -> str:
    total = len(run.outcomes)
    new = run.failing() - baseline.failing()
    still = total - len(run.failing()) - sum(o == "skipped" for o in run.outcomes.values())
    return (f"{stage:<9} {len(run.failing()):>5} {len(new):>5} {total:>6} {100 * still / max(total, 1):>6.1f}%"
            f" {run.seconds:>6.0f}s  {by_file(new)}")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("tests", nargs="*", default=list(DEFAULT_TESTS), help="test files (default: the fast subset)")
    ap.add_argument("--stage", action="append", choices=sorted(STAGES), help="a stage to knock out (repeatable)")
    ap.add_argument("--min-failures", type=int, default=0, help="exit 3 if a stage breaks fewer new tests")
    return ap.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    stages = args.stage or list(STAGES)
    try:
        check_stages(stages)
        missing = [t for t in args.tests if not (ROOT / t.split("::", 1)[0]).exists()]
        if missing:
            raise KnockoutError(f"no such test file: {missing[0]}", 2)
        with tempfile.TemporaryDirectory(prefix="knockout-") as tmp:
            baseline = run_tests(args.tests, (), Path(tmp))
            print(f"{len(args.tests)} test files; columns: failing, newly failing (not failing in the baseline), "
                  "tests, still passing, time, newly failing by file")
            print(report_line("baseline", baseline, baseline), flush=True)
            weakest = None
            for stage in stages:
                run = run_tests(args.tests, STAGES[stage], Path(tmp))
                print(report_line(stage, run, baseline), flush=True)
                new = len(run.failing() - baseline.failing())
                weakest = min(weakest, new) if weakest is not None else new
    except KnockoutError as e:
        print(f"knockout: {e}", file=sys.stderr)
        return e.code
    if weakest is not None and weakest < args.min_failures:
        print(f"knockout: a stage breaks only {weakest} tests (< {args.min_failures})", file=sys.stderr)
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
