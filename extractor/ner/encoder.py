"""The tok2vec's window encoder at inference: each residual block in one pass, the model's numbers bit for bit.

spaCy's MaxoutWindowEncoder stacks blocks of `residual(expand_window >> maxout >> layernorm >> dropout)`.
thinc runs each of them layer by layer, and at inference every layer still prepares its backward pass: the
maxout records which piece won each unit (an int array as large as its output), the layer norm computes the
mean twice (once for the mean, once inside the variance) and the centred input twice, and every step
allocates a fresh array. Here one function does the block's inference with the same numpy and BLAS calls on
the same operands, in the same order, and keeps none of that: the matrix product (four fifths of the
block's time) is thinc's own call, the maxout is the larger of the pieces, the variance reuses the centred
input, and the scale, the shift and the residual add work in place, on slabs of rows small enough to stay
in the CPU's cache (each row's numbers are computed on that row alone, so a slab gives the same ones).

Bit for bit, because every value is computed by the same operation on the same operands: the mean by
`ndarray.mean`, the variance as numpy computes it (the sum of the squared deviations from that mean divided
by the count), the power, products and sums as thinc writes them. `tests/test_encoder.py` holds the block to
thinc's own forward. Training (`is_train=True`) and any input that is not one float32 matrix go to the
model's own forward.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy
from thinc.api import Model

# Rows of the product handled at a time after it: a slab of 1024 rows by 128 floats (512 kB) stays in the
# cache through the dozen array operations that follow, where the whole product would go to memory each time.
_ROWS = 1024
# The block as spaCy's MaxoutWindowEncoder.v2 builds it, by layer name.
BLOCK_NAME = "residual(expand_window>>maxout>>layernorm>>dropout)"


def is_window_block(model: Model) -> bool:
    """Whether `model` is one residual block of spaCy's maxout window encoder (what `fuse` serves)."""
    if model.name != BLOCK_NAME:
        return False
    names = [layer.name for layer in model.walk()]
    return all(names.count(name) == 1 for name in ("expand_window", "maxout", "layernorm", "dropout"))


def fuse(block: Model) -> FusedBlock:
    """Serve `block`'s inference from one fused pass; its layers, weights and serialisation are untouched."""
    if not is_window_block(block):
        raise ValueError(f"not a maxout window encoder block: {block.name}")
    if not isinstance(block._func, FusedBlock):
        block._func = FusedBlock(block, block._func)
    return block._func


def is_fused(block: Model) -> bool:
    """Whether `fuse` serves this block."""
    return isinstance(block._func, FusedBlock)


class FusedBlock:
    """A thinc forward function: one fused pass at inference, the block's own forward in training."""

    def __init__(self, block: Model, own: Callable) -> None:
        layers = {layer.name: layer for layer in block.walk()}
        self._window, self._maxout, self._norm = layers["expand_window"], layers["maxout"], layers["layernorm"]
        self._own = own

    def __call__(self, model: Model, X: Any, is_train: bool) -> tuple[Any, Callable]:
        if is_train or not (isinstance(X, numpy.ndarray) and X.ndim == 2 and X.dtype == numpy.float32):
            return self._own(model, X, is_train)
        return self.infer(X), _no_backprop

    def infer(self, X: numpy.ndarray) -> numpy.ndarray:
        """The block's output for the (n_tokens, width) matrix X: X + layernorm(maxout(window(X)))."""
        windows = self._maxout.ops.seq2col(X, self._window.attrs["window_size"])
        return maxout_norm(windows, self._maxout, self._norm, residual=X)


def is_maxout_norm(model: Model) -> bool:
    """Whether `model` is thinc's `maxout >> layernorm >> dropout` (the layer after MultiHashEmbed's tables,
    which `maxout_norm` computes)."""
    return [layer.name for layer in model.layers] == ["maxout>>layernorm", "dropout"] and [
        layer.name for layer in model.layers[0].layers] == ["maxout", "layernorm"]


def maxout_norm(X: numpy.ndarray, maxout: Model, norm: Model, residual: numpy.ndarray | None = None) -> numpy.ndarray:
    """layernorm(maxout(X)) (+ residual) at inference, as thinc's own layers compute it, bit for bit.

    Why one function: thinc's maxout keeps the winning piece of every unit and its layer norm the centred
    input for a backward pass that inference never takes; both window blocks and the embedding's maxout (new
    rows of `memo.py`, a few at a time, where those layers' overhead was most of the cost) run it."""
    ops = maxout.ops
    n_out, n_pieces, n_in = maxout.get_dim("nO"), maxout.get_dim("nP"), maxout.get_dim("nI")
    Y = ops.gemm(X, ops.reshape2f(maxout.get_param("W"), n_out * n_pieces, n_in), trans2=True)
    out = numpy.empty((len(Y), n_out), dtype=Y.dtype)
    bias = ops.reshape1f(maxout.get_param("b"), n_out * n_pieces)
    gain, shift = norm.get_param("G"), norm.get_param("b")
    for i in range(0, len(Y), _ROWS):  # row by row the same operations, a cache-sized slab at a time
        y = Y[i:i + _ROWS]
        y += bias
        pieces = y.reshape(len(y), n_out, n_pieces)
        best = out[i:i + _ROWS]
        if n_pieces == 2:
            numpy.maximum(pieces[:, :, 0], pieces[:, :, 1], out=best)
        else:
            pieces.max(axis=2, out=best)
        mean = best.mean(axis=1, keepdims=True)
        numpy.subtract(best, mean, out=best)
        var = numpy.add.reduce(numpy.square(best), axis=1, keepdims=True)
        numpy.true_divide(var, numpy.intp(n_out), out=var, casting="unsafe")
        var += 1e-08
        best *= var ** (-1.0 / 2.0)
        best *= gain
        best += shift
        if residual is not None:
            best += residual[i:i + _ROWS]
    return out


def _no_backprop(_: Any) -> Any:
    raise RuntimeError("the fused encoder block serves inference only")
