"""A spaCy tokenizer built on underthesea's Vietnamese tokenisation, with exact offsets.

Why a custom tokenizer: `spacy.blank("vi")` needs pyvi, which we don't want, and
underthesea's `word_tokenize` returns strings, not offsets, after normalising
characters, so its output cannot be laid back on the input reliably. We run the two
stages of `word_tokenize` ourselves instead:

1. underthesea's own regex tokenizer (`regex_tokenize.patterns`, the first stage of
   `word_tokenize`) is run over the *original* text, so every token is a slice of it
   and `Doc.text == text` always holds. It keeps "31/12/2025", "1.000", "8,5",
   "QĐ-UBND" and "TP.HCM" whole and splits "8,5%" into "8,5" + "%".
2. Optionally (`segment="word"`), underthesea's CRF word segmenter
   (`ws_crf_vlsp2013`, the second stage) groups syllables into words; the features
   are the normalised syllables exactly as `word_tokenize` builds them.

The choice, and why the default is `segment="syllable"`: spaCy tokens are the
syllable-level tokens of stage 1. Entity boundaries in the corpus always fall
between syllables, while the CRF happily glues an entity edge into a word
("tỉnh Bắc", "va thanh"), and a PhraseMatcher gazetteer needs a tokenisation that
does not depend on context. The CRF is also ~90% of the tokenizer's cost
(~150k chars/s against ~1.5M chars/s for stage 1), which matters for the project's
throughput goal. The "word" mode is kept for comparison (corpora/ner/README.md has
the numbers): there, words whose syllables change capitalisation ("tỉnh Bắc",
"Y tế") are split back at their spaces, which keeps ~99% of corpus spans on token
boundaries.

Every token's NORM is the lower-cased text with one tone-mark placement (hoà → hòa,
uỷ → ủy), so the model and the gazetteer see both spellings as one.

Long inputs are cut into chunks on newlines, then sentence punctuation, then spaces,
before tokenising: the CRF takes one sentence at a time and the regex has a few
backtracking branches (URLs) that we keep away from megabyte-long strings.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

import spacy
import srsly
from spacy.tokens import Doc
from spacy.vocab import Vocab
from underthesea.pipeline.text_normalize import token_normalize
from underthesea.pipeline.word_tokenize import regex_tokenize

from extractor.text.blocks import blocks
from extractor.text.normalize import move_tones

TOKENIZER_NAME = "vnpolicy.underthesea_tokenizer.v1"
SEGMENT_MODES = ("syllable", "word")
TEXT_KEY = "vnpolicy_text"  # Doc.user_data key of the text the Doc was made from
WORDS_KEY = "vnpolicy_words"  # Doc.user_data key of the Doc's token texts, in order (what Doc() was given)

# Chunks longer than this are cut further (sentence punctuation, then spaces, then hard).
MAX_CHUNK = 1000
_SENT_END = re.compile(r"(?<=[.!?;:…])\s+")
_SPACE_RUN = re.compile(r"\s+")
_LETTERS = re.compile(r"^[^\W\d_]+$")
# underthesea's abbreviation rule also eats a sentence-final period: "ở TP.HCM." → "TP.HCM" + "."
_ABBR_DOT = re.compile(r"^[^\W\d_]+(?:\.[^\W_]+)+\.$")


@lru_cache(maxsize=65536)
def norm_form(token: str) -> str:
    """Lower case, NFC, one tone placement: the form the model and gazetteer compare."""
    return move_tones(unicodedata.normalize("NFC", token).lower())


def _chunks(text: str, max_chunk: int = MAX_CHUNK) -> Iterator[tuple[int, int]]:
    """(start, end) pieces of `text` that cover it exactly, each a line or shorter: a line longer than
    max_chunk is cut after sentence punctuation, else after white space, in the last three quarters of the
    window, else hard (`extractor.text.blocks`; the regex then ends a token there)."""
    pos = 0
    n = len(text)
    while pos < n:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl + 1
        if end - pos <= max_chunk:
            yield pos, end
        else:
            yield from blocks(text, max_chunk, cuts=(_SENT_END, _SPACE_RUN), floor=max_chunk // 4, start=pos, end=end)
        pos = end


# A run of non-space characters is tokenised on its own and remembered (`_word_syllables`): underthesea's
# patterns never match white space and look at most one character past a match, so a word's tokens depend
# only on the word and on what follows it: nothing (the stretch ends), a final newline, or white space and
# more text. A policy text repeats its syllables, so most words are a dictionary look-up, not a regex scan.
_NON_SPACE = re.compile(r"\S+")
# Longer runs (URLs, flattened tables without spaces) are scanned in place, as they are rare.
_CACHED_WORD = 64
_AFTER_MORE = " ."  # what stands for "white space, then more text" after a word


def _syllables(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Offsets of underthesea's regex tokens in text[start:end], gaps made of white space only: the same
    offsets as one scan of the stretch (`_scan_syllables`), from per-word results."""
    out: list[tuple[int, int]] = []
    for m in _NON_SPACE.finditer(text, start, end):
        ws, we = m.span()
        if we - ws > _CACHED_WORD:
            return _scan_syllables(text, start, end)
        if we == end:
            after = ""
        elif we + 1 == end and text[we] == "\n":
            after = "\n"
        else:
            after = _AFTER_MORE
        out.extend((ws + s, ws + e) for s, e in _word_syllables(text[ws:we], after))
    return out


@lru_cache(maxsize=1 << 17)
def _word_syllables(word: str, after: str) -> tuple[tuple[int, int], ...]:
    """The tokens of one run of non-space characters followed by `after`, offsets into the word."""
    probe = word + after
    return tuple((s, e) for s, e in _scan_syllables(probe, 0, len(probe)) if e <= len(word))


_WORD_GAP = re.compile(r"(\S+)(\s*)")
_LEAD_GAP = re.compile(r"\s+")
_LONG_RUN = re.compile(rf"\S{{{_CACHED_WORD + 1}}}")


def _syllable_words(text: str) -> tuple[list[str], list[bool]]:
    """The Doc's words and spaces in syllable mode, straight from the runs of the text: the same as
    `UndertheseaTokenizer._words`, for a text with no run longer than the cache takes (chunks end at each
    newline, so a word before a newline is always followed by a chunk's last character).

    Why (word, gap) pairs from one `findall`: a block has tens of thousands of runs, and a tuple of two
    strings per run is the cheapest thing Python can hand back; the usual gap, one space, is the previous
    token's trailing space and needs no call."""
    words: list[str] = []
    spaces: list[bool] = []
    add_gap = UndertheseaTokenizer.add_gap
    lead = _LEAD_GAP.match(text)
    if lead:
        add_gap(lead.group(), words, spaces)
    for word, gap in _WORD_GAP.findall(text):
        tokens, falses = _word_tokens(word, "" if not gap else "\n" if gap[0] == "\n" else _AFTER_MORE)
        words += tokens
        spaces += falses
        if gap == " ":
            spaces[-1] = True
        elif gap:
            add_gap(gap, words, spaces)
    return words, spaces


@lru_cache(maxsize=1 << 17)
def _word_tokens(word: str, after: str) -> tuple[tuple[str, ...], tuple[bool, ...]]:
    """The token strings of one run of non-space characters (see `_word_syllables`), and as many Falses
    (no token of a run has a trailing space but, maybe, its last)."""
    tokens = tuple(word[s:e] for s, e in _word_syllables(word, after))
    return tokens, (False,) * len(tokens)


def _scan_syllables(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Offsets of underthesea's regex tokens in text[start:end], gaps made of white space only."""
    out: list[tuple[int, int]] = []
    pos = start
    for m in regex_tokenize.patterns.finditer(text, start, end):
        s, e = m.span()
        if s == e:
            continue
        if s > pos and not text[pos:s].isspace():
            out.append((pos, s))  # defensive: never drop a character the regex skipped
        if out and s == out[-1][1] and (
            unicodedata.combining(text[s]) or (unicodedata.combining(text[s - 1]) and text[s].isalnum())
        ):
            out[-1] = (out[-1][0], e)  # decomposed input: keep combining marks and their syllable together
        elif text[e - 1] == "." and (e == end or text[e].isspace()) and _ABBR_DOT.match(text[s:e]):
            out.extend(((s, e - 1), (e - 1, e)))
        else:
            out.append((s, e))
        pos = e
    if pos < end and not text[pos:end].isspace():
        out.append((pos, end))
    return out


_crf_model: Any = None


def _crf() -> Any:
    """underthesea's word-segmentation CRF, loaded once (the same model word_tokenize uses)."""
    global _crf_model
    if _crf_model is None:
        import underthesea.pipeline.word_tokenize as wt

        if wt.word_tokenize_model is None:
            wt.word_tokenize("khởi tạo")  # loads the model the way underthesea does
        _crf_model = wt.word_tokenize_model
    return _crf_model


def _case_class(s: str) -> bool:
    return s[:1].isupper()


def _segment(text: str, sylls: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Group syllables into underthesea words; split words whose syllables change case."""
    if len(sylls) < 2:
        return sylls
    feats = [[token_normalize(unicodedata.normalize("NFC", text[s:e]))] for s, e in sylls]
    tags = _crf().predict(feats)
    groups: list[list[tuple[int, int]]] = []
    for (s, e), tag in zip(sylls, tags, strict=True):
        prev = groups[-1][-1] if groups else None
        if (
            tag == "I-W"
            and prev is not None
            and text[prev[1]:s] == " "
            and _LETTERS.match(text[s:e])
            and _LETTERS.match(text[prev[0]:prev[1]])
        ):
            groups[-1].append((s, e))
        else:
            groups.append([(s, e)])
    out: list[tuple[int, int]] = []
    for g in groups:
        if len({_case_class(text[s:e]) for s, e in g}) > 1:
            out.extend(g)  # "tỉnh Bắc": an entity edge may sit inside; keep syllables
        else:
            out.append((g[0][0], g[-1][1]))
    return out


def token_offsets(text: str, segment: str = "syllable") -> list[tuple[int, int]]:
    """Non-white-space token offsets of `text`, in order (white space is left to spaCy)."""
    out: list[tuple[int, int]] = []
    for s, e in _chunks(text):
        sylls = _syllables(text, s, e)
        out.extend(_segment(text, sylls) if segment == "word" else sylls)
    return out


class UndertheseaTokenizer:
    """Callable spaCy tokenizer: text → Doc whose tokens cover the text exactly."""

    def __init__(self, vocab: Vocab, segment: str = "syllable") -> None:
        if segment not in SEGMENT_MODES:
            raise ValueError(f"segment must be one of {SEGMENT_MODES}, not {segment!r}")
        self.vocab = vocab
        self.segment = segment
        self._normed: set[str] = set()  # words whose lexeme NORM is settled (see __call__)

    def __call__(self, text: str) -> Doc:
        if self.segment == "syllable" and not _LONG_RUN.search(text):
            words, spaces = _syllable_words(text)
        else:
            words, spaces = self._words(text)
        doc = Doc(self.vocab, words=words, spaces=spaces)
        doc.user_data[TEXT_KEY] = text  # the gazetteer reads it instead of joining every token again
        doc.user_data[WORDS_KEY] = words  # and these instead of making a Token object for each word it reads
        # NORM defaults to the lower-case form; only tone-moved or decomposed words differ. Their NORM is
        # set on the word's lexeme, once per word: every token of it then reads it (as a token's own would).
        # (A set difference first: after a few documents nearly every word is settled, and the check is C's.)
        for word in set(words).difference(self._normed):
            self._normed.add(word)
            if not word.isascii():
                norm = norm_form(word)
                if norm != word.lower():
                    self.vocab[word].norm_ = norm
        return doc

    def _words(self, text: str) -> tuple[list[str], list[bool]]:
        """The Doc's words and spaces from `token_offsets`: white space between tokens is a gap."""
        words: list[str] = []
        spaces: list[bool] = []
        pos = 0
        for s, e in token_offsets(text, self.segment):
            if s > pos:
                self.add_gap(text[pos:s], words, spaces)
            words.append(text[s:e])
            spaces.append(False)
            pos = e
        if pos < len(text):
            self.add_gap(text[pos:], words, spaces)
        return words, spaces

    @staticmethod
    def add_gap(gap: str, words: list[str], spaces: list[bool]) -> None:
        """White space between tokens: one plain space is a trailing space, the rest a token."""
        if words and not spaces[-1] and gap[0] == " ":
            spaces[-1] = True
            gap = gap[1:]
        if gap:
            words.append(gap)
            spaces.append(False)

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        for text in texts:
            yield self(text)

    # The settings live in the pipeline's config; these keep spaCy's (de)serialisation happy.
    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return srsly.json_dumps({"segment": self.segment}).encode("utf-8")

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> UndertheseaTokenizer:
        self.segment = srsly.json_loads(data.decode("utf-8")).get("segment", self.segment)
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "cfg.json", {"segment": self.segment})

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> UndertheseaTokenizer:
        cfg = Path(path) / "cfg.json"
        if cfg.exists():
            self.segment = srsly.read_json(cfg).get("segment", self.segment)
        return self


@spacy.registry.tokenizers(TOKENIZER_NAME)
def create_underthesea_tokenizer(segment: str = "syllable") -> Any:
    """Registry entry so a saved pipeline's config can rebuild the tokenizer on load."""

    def make(nlp: spacy.Language) -> UndertheseaTokenizer:
        return UndertheseaTokenizer(nlp.vocab, segment=segment)

    return make
