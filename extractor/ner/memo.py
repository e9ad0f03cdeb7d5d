"""The tok2vec's token embeddings, computed once for each distinct token and then looked up.

The first half of the model's tok2vec (spaCy's MultiHashEmbed: four hash tables, a maxout and a layer
norm) reads nothing but one token's NORM, PREFIX, SUFFIX and SHAPE. Its output for a token is therefore a
function of those four values alone, and running text repeats them: the 70,000 syllables of the dev texts
hold 2,600 distinct rows. This module keeps the output row of each distinct row of features, so the hash
lookups, the 256-by-192 matrix product, the maxout and the layer norm run once per distinct token instead
of once per token; in measurement that half was a third of the tok2vec's time.

The rows are the ones the model itself computes: a row is computed by the model's own layers and stored,
and the layers treat each row on its own. Up to the BLAS's last bits, though: OpenBLAS rounds a product's
row by how many rows the product has and where the row sits in it. On a Xeon only products of six or fewer
rows differed, so new rows are computed in groups of at least `_MIN_ROWS` (padded with copies), which made
the rows equal bit for bit there; on an AMD EPYC (OpenBLAS's Haswell kernels) the model itself gives a text
numbers that differ by ~2e-6 after a one-word document and before none, so no store can match every batch
bit for bit. The records of the dev texts, and of the synthetic benchmark corpus, are the same with and
without the memo on both machines. Training is never served
from the store: a forward pass with `is_train=True` goes to the model's own code and empties the store,
because the weights are about to change.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy
from thinc.api import Model

from extractor.ner.encoder import is_maxout_norm, maxout_norm

# Fewer new rows than this are padded to it: the BLAS rounds products of very few rows differently.
_MIN_ROWS = 64
# Distinct feature rows kept: beyond this the store is emptied and refilled. Measured ~0.56 kB a row with
# its key and its share of the buffer, so at most ~60 MB beside a batch worker's ~330 MB (the goal: 500).
_LIMIT = 100_000

# The layers of spaCy's MultiHashEmbed without static vectors, by name.
_LAYERS = ("extract_features", "list2ragged", "with_array", "with_array", "ragged2list")


class EmbeddingMemo:
    """A store of the embedding rows of distinct feature rows, for one MultiHashEmbed model."""

    def __init__(self, embed: Model, limit: int = _LIMIT) -> None:
        if not is_hash_embed(embed):
            raise ValueError(f"not a MultiHashEmbed without static vectors: {embed.name}")
        extract, _list2ragged, concat, maxout, _ragged2list = embed.layers
        self._extract = extract
        self._width = len(extract.attrs["columns"])
        # the with_array(...) layers' inner models take the flat array of features / of vectors
        self._concat, self._maxout = concat.layers[0], maxout.layers[0]
        # maxout >> layernorm (>> dropout, nothing at inference) as one fused pass (encoder.maxout_norm)
        self._fused = (self._maxout.layers[0].layers if is_maxout_norm(self._maxout) else None)
        self._key = numpy.dtype((numpy.void, 8 * self._width))  # one token's features as one hashable key
        self._limit = limit
        self._index: dict[bytes, int] = {}
        self._rows = numpy.empty((1024, embed.get_dim("nO")), dtype="float32")  # the first len(self) are used

    def __len__(self) -> int:
        return len(self._index)

    def __contains__(self, features: numpy.ndarray) -> bool:
        """Whether the row of this one token's features is stored."""
        return numpy.ascontiguousarray(features, dtype="uint64").tobytes() in self._index

    def clear(self) -> None:
        """Forget every stored row (the weights are changing, or the store is full)."""
        self._index = {}

    def features(self, docs: list[Any]) -> numpy.ndarray:
        """The (n_tokens, n_features) uint64 feature rows of all the docs' tokens, as the model extracts them,
        one doc after the other."""
        found = self._extract.predict(docs)
        return numpy.concatenate(found) if found else numpy.zeros((0, self._width), dtype="uint64")

    def compute(self, features: numpy.ndarray) -> numpy.ndarray:
        """The model's own embedding of each feature row (no store), at least _MIN_ROWS rows at a time."""
        n = len(features)
        if 0 < n < _MIN_ROWS:
            features = numpy.concatenate([features, numpy.repeat(features[:1], _MIN_ROWS - n, axis=0)])
        concat = self._concat.predict(features)
        if self._fused is None or concat.dtype != numpy.float32:
            return self._maxout.predict(concat)[:n]
        return maxout_norm(concat, *self._fused)[:n]

    def rows(self, features: numpy.ndarray) -> numpy.ndarray:
        """The embedding of each feature row, from the store, the rows not seen yet computed and stored."""
        if not len(features):
            return self._rows[:0].copy()
        flat = numpy.ascontiguousarray(features, dtype="uint64").view(self._key).ravel()
        distinct, where = numpy.unique(flat, return_inverse=True)
        keys = distinct.tolist()
        at = [self._index.get(key) for key in keys]
        new = [i for i, row in enumerate(at) if row is None]
        if new:
            if len(self._index) + len(new) > self._limit:
                self.clear()
                new = list(range(len(keys)))
            self._store([keys[i] for i in new], self.compute(distinct[new].view("uint64").reshape(len(new), -1)))
            at = [self._index[key] for key in keys]
        return self._rows[numpy.asarray(at, dtype="intp")[where.ravel()]]

    def _store(self, keys: list[bytes], rows: numpy.ndarray) -> None:
        start = len(self._index)
        end = start + len(keys)
        if end > len(self._rows):
            grown = numpy.empty((max(end, 2 * len(self._rows)), self._rows.shape[1]), dtype="float32")
            grown[:start] = self._rows[:start]
            self._rows = grown
        self._rows[start:end] = rows
        self._index.update(zip(keys, range(start, end), strict=True))


def is_hash_embed(model: Model) -> bool:
    """Whether `model` is laid out as spaCy's MultiHashEmbed without static vectors (what the memo reads)."""
    return tuple(layer.name.split("(")[0] for layer in model.layers) == _LAYERS


def memoise(embed: Model, limit: int = _LIMIT) -> EmbeddingMemo:
    """Serve `embed`'s inference (a spaCy MultiHashEmbed without static vectors) from an EmbeddingMemo.

    Replaces the model's forward function in place; its layers, weights and serialisation are untouched.
    Returns the memo (the store of rows), which `memo_of(embed)` also finds."""
    forward = MemoisedForward(EmbeddingMemo(embed, limit), embed._func)
    embed._func = forward
    return forward.memo


def memo_of(embed: Model) -> EmbeddingMemo | None:
    """The memo that serves `embed`, if `memoise` installed one."""
    forward = embed._func
    return forward.memo if isinstance(forward, MemoisedForward) else None


class MemoisedForward:
    """A thinc forward function: inference from the memo, training by the model's own forward."""

    def __init__(self, memo: EmbeddingMemo, own: Callable) -> None:
        self.memo, self._own = memo, own

    def __call__(self, model: Model, docs: list[Any], is_train: bool) -> tuple[list[numpy.ndarray], Callable]:
        if is_train:
            self.memo.clear()
            return self._own(model, docs, is_train)
        lengths = model.ops.asarray1i([len(doc) for doc in docs])
        return model.ops.unflatten(self.memo.rows(self.memo.features(docs)), lengths), _no_backprop


def _no_backprop(_: Any) -> list:
    raise RuntimeError("the memoised embedding serves inference only")
