"""Which files the inputs name: folders, globs and files, each real file once, in a bounded walk.

A researcher's folder holds symbolic links, links to itself, FIFOs and files of every kind. Listing must
end, quickly, whatever it holds:

- folders are walked without following links to folders (as `find` does); a glob follows them, but each
  real folder is entered once, so links to `.` or to a parent cost nothing (Python's own `glob` with `**`
  walks such links until the path is too long, for minutes);
- a link that loops or points nowhere, a FIFO or a socket inside a folder, and a file with an unsupported
  suffix are skipped and counted (`Listing.skipped`), never read and never an exception;
- every real file is listed once, however many paths lead to it.

A file named directly is taken whatever its suffix (it is read as text unless it is a known format).
"""

from __future__ import annotations

import fnmatch
import glob
import os
import stat
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

TEXT_SUFFIXES = frozenset({".txt", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
ROW_SUFFIXES = frozenset({".jsonl", ".csv"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | ROW_SUFFIXES | {".docx", ".pdf"}
STDIN = "-"


class InputError(Exception):
    """A command-line input that names nothing (missing path, glob without match): a usage error."""


@dataclass(frozen=True)
class InputFile:
    """A file found from the inputs, with the doc_id (path relative to its input root)."""

    path: Path
    doc_id: str


@dataclass
class Listing:
    """The files the inputs name, and what was passed over and why (for the summary)."""

    files: list[InputFile] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)

    def skipped_summary(self) -> str:
        """'3 skipped (2 unsupported suffix .xlsx, 1 broken or looping link)'-style text, or ''."""
        if not self.skipped:
            return ""
        counts = Counter(reason for _, reason in self.skipped)
        parts = ", ".join(f"{n} {reason}" for reason, n in sorted(counts.items()))
        return f"{len(self.skipped)} skipped ({parts})"


def path_id(relative: str) -> str:
    """A path as a doc_id that every writer can encode: bytes of a file name that is not UTF-8 are written
    as `\\xNN` (the name stays readable and distinct), never as the lone surrogates Python holds them in."""
    try:
        raw = os.fsencode(relative)
    except UnicodeEncodeError:
        return relative.encode("utf-8", "backslashreplace").decode("utf-8")
    return raw.decode("utf-8", "backslashreplace")


def _real(path: Path) -> str:
    """The real path (never raises, also for a link that loops)."""
    return os.path.realpath(path)


def _kind(path: Path) -> str | None:
    """None for a regular file (through links), else why it is not one to read."""
    try:
        st = os.stat(path)
    except OSError:
        return "broken or looping link" if os.path.islink(path) else "unreadable entry"
    if stat.S_ISREG(st.st_mode):
        return None
    return "not a regular file"


def _glob_root(pattern: str) -> Path:
    """The directory part of a glob before its first wildcard: doc_ids are relative to it."""
    parts = Path(pattern).parts
    fixed: list[str] = []
    for part in parts[:-1]:
        if glob.has_magic(part):
            break
        fixed.append(part)
    return Path(*fixed) if fixed else Path(".")


def _pattern_parts(item: str, root: Path) -> tuple[str, ...]:
    """The components of a glob below its fixed root."""
    return Path(item).relative_to(root).parts if root != Path(".") else Path(item).parts


def _matches(parts: Sequence[str], pats: Sequence[str]) -> bool:
    """Glob semantics on path components: `*` within one, `**` any number; hidden names only explicitly."""
    if not pats:
        return not parts
    p = pats[0]
    if p == "**":
        for i in range(len(parts) + 1):
            if i and parts[i - 1].startswith("."):
                break
            if _matches(parts[i:], pats[1:]):
                return True
        return False
    if not parts or (parts[0].startswith(".") and not p.startswith(".")):
        return False
    return fnmatch.fnmatchcase(parts[0], p) and _matches(parts[1:], pats[1:])


def _may_lead_to_match(parts: Sequence[str], pats: Sequence[str]) -> bool:
    """Whether a folder at `parts` can hold a match (prunes the walk of a glob without `**`)."""
    if "**" in pats:
        return not any(x.startswith(".") for x in parts)
    if len(parts) >= len(pats):
        return False
    return all(_matches([x], [p]) for x, p in zip(parts, pats, strict=False))


class _Walker:
    """One listing: the files found, the skipped entries, the real files and folders already seen."""

    def __init__(self, exclude: Iterable[str | os.PathLike[str]]) -> None:
        self.listing = Listing()
        self.excluded = {_real(Path(p)) for p in exclude}
        self.seen: set[str] = set()

    def add(self, path: Path, doc_id: str) -> bool:
        key = _real(path)
        if key in self.excluded:
            return False
        if key not in self.seen:
            self.seen.add(key)
            self.listing.files.append(InputFile(path, path_id(doc_id)))
        return True

    def skip(self, path: Path, reason: str) -> None:
        self.listing.skipped.append((path_id(os.fspath(path)), reason))

    def candidate(self, p: Path) -> bool:
        """Whether a file met in a folder or glob is one to read (else it is counted as skipped)."""
        if p.name.startswith("."):
            return False
        kind = _kind(p)
        if kind is not None:
            self.skip(p, kind)
            return False
        if p.suffix.lower() not in SUPPORTED_SUFFIXES:
            self.skip(p, f"unsupported suffix {p.suffix.lower() or '(none)'}")
            return False
        return True

    def folder(self, root: Path, base: Path) -> int:
        """The supported files under `root` (links to folders not followed), ids relative to `base`."""
        n = 0
        for dirpath, dirnames, filenames in os.walk(root, onerror=lambda e: self.skip(Path(e.filename or "?"),
                                                                                        "cannot list folder")):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                p = Path(dirpath) / name
                if self.candidate(p) and self.add(p, p.relative_to(base).as_posix()):
                    n += 1
        return n

    def pattern(self, item: str) -> int:
        """The files a glob matches: one walk from its fixed root, each real folder entered once."""
        root = _glob_root(item)
        pats = _pattern_parts(item, root)
        found: list[tuple[Path, str]] = []
        for rel_parts, path, is_dir in self._walk_following(root, pats):
            if not _matches(rel_parts, pats):
                continue
            if is_dir:
                found.extend((f, f.relative_to(root).as_posix()) for f in self._files_below(path))
            elif self.candidate(path):
                found.append((path, "/".join(rel_parts)))
        n = 0
        for path, doc_id in sorted(found, key=lambda x: os.fspath(x[0])):
            n += self.add(path, doc_id)
        return n

    def _files_below(self, folder: Path) -> Iterator[Path]:
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                p = Path(dirpath) / name
                if self.candidate(p):
                    yield p

    def _walk_following(self, root: Path, pats: Sequence[str]) -> Iterator[tuple[list[str], Path, bool]]:
        """(relative parts, path, is a folder) below `root`, following links to folders, each real one once."""
        visited: set[tuple[int, int]] = set()
        stack: list[tuple[Path, list[str]]] = [(root, [])]
        while stack:
            folder, rel = stack.pop()
            try:
                st = os.stat(folder)
                if (st.st_dev, st.st_ino) in visited:
                    continue
                visited.add((st.st_dev, st.st_ino))
                with os.scandir(folder) as it:
                    entries = sorted(it, key=lambda e: e.name, reverse=True)
            except OSError:
                continue
            for entry in entries:
                parts = [*rel, entry.name]
                path = Path(entry.path)
                try:
                    is_dir = entry.is_dir()  # follows links; False for a loop or a dangling link
                except OSError:
                    is_dir = False
                if is_dir:
                    yield parts, path, True
                    if _may_lead_to_match(parts, pats):
                        stack.append((path, parts))
                else:
                    yield parts, path, False


def scan_inputs(inputs: Sequence[str | os.PathLike[str]], exclude: Iterable[str | os.PathLike[str]] = ()
                ) -> Listing:
    """Every input file once, in the order given (folders and globs sorted), and what was skipped.

    Raises `InputError` for an input that names nothing: a missing path, a glob without a match, a folder
    without one supported file. `exclude` keeps the run's own output files out when they sit inside an
    input folder. `-` (standard input) is not listed here; `Inputs` reads it.
    """
    walker = _Walker(exclude)
    for raw in inputs:
        item = os.fspath(raw)
        if item == STDIN:
            continue
        p = Path(item)
        before = len(walker.listing.skipped)
        if p.is_dir():
            n = walker.folder(p, p)
        elif p.exists() or os.path.islink(p):
            kind = _kind(p)
            if kind == "broken or looping link":
                raise InputError(f"{item!r} is a {kind}")
            walker.add(p, p.name)
            continue
        elif glob.has_magic(item):
            n = walker.pattern(item)
        else:
            raise InputError(f"no such file or folder: {item!r}")
        if n == 0 and not _only_excluded(walker, p, item):
            what = "no supported files in" if p.is_dir() else "no supported files match"
            skipped = Listing(skipped=walker.listing.skipped[before:]).skipped_summary()
            raise InputError(f"{what} {item!r}" + (f"; {skipped}" if skipped else ""))
    return walker.listing


def _only_excluded(walker: _Walker, p: Path, item: str) -> bool:
    """An input whose only file is the run's own output (a resumed run inside its input folder) is fine."""
    if not walker.excluded:
        return False
    if p.is_dir():
        return any(x.startswith(_real(p) + os.sep) for x in walker.excluded)
    return False


def input_naming(path: str | os.PathLike[str], inputs: Sequence[str | os.PathLike[str]]) -> str | None:
    """How an input names `path` ('is an input', 'would be read as an input of …'), or None.

    An output that is an input would be truncated before it is read; one that an input would list is read
    as a document by the next run over the same inputs. Both are refused by the command line.
    """
    target = Path(path)
    real = _real(target)
    readable = target.suffix.lower() in SUPPORTED_SUFFIXES and not target.name.startswith(".")
    for raw in inputs:
        item = os.fspath(raw)
        if item == STDIN:
            continue
        p = Path(item)
        if p.is_dir():
            rel = _below(real, _real(p))
            if rel is not None and readable and not any(x.startswith(".") for x in rel):
                return f"would be read as an input of {item!r}"
        elif p.exists():
            if _real(p) == real or (target.exists() and os.path.samefile(p, target)):
                return "is an input"
        elif glob.has_magic(item):
            root = _glob_root(item)
            rel = _below(real, _real(root))
            if rel is not None and readable and _matches(rel, _pattern_parts(item, root)):
                return f"would be read as an input of {item!r}"
    return None


def _below(real: str, base: str) -> tuple[str, ...] | None:
    """The components of `real` below folder `base`, or None when it is not below it."""
    prefix = base.rstrip(os.sep) + os.sep
    return tuple(Path(real[len(prefix):]).parts) if real.startswith(prefix) else None


def list_files(inputs: Sequence[str | os.PathLike[str]], exclude: Iterable[str | os.PathLike[str]] = ()
               ) -> list[InputFile]:
    """The files of `scan_inputs`, without the skipped entries."""
    return scan_inputs(inputs, exclude).files
