"""The calculator's solvers by name: where each lives and what it does in one line.

`dlquiz calc` lists and loads solvers from here, and `solvers/__init__.py` exports them lazily from here,
so neither has to import every solver module to know the names.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

CALCULATORS: dict[str, tuple[str, str]] = {
    "conv1d": ("solvers.conv", "1-D convolution: output length, parameters, MACs"),
    "conv2d": ("solvers.conv", "2-D convolution: output shape, parameters, MACs (groups, dilation, 'same')"),
    "conv3d": ("solvers.conv", "3-D convolution: output shape, parameters, MACs"),
    "conv_transpose2d": ("solvers.conv_transpose", "transposed convolution: output shape, parameters, MACs"),
    "max_pool2d": ("solvers.pooling", "max pooling: output shape (ceil_mode, dilation, the padding limit)"),
    "avg_pool2d": ("solvers.pooling", "average pooling: output shape (ceil_mode, the padding limit)"),
    "adaptive_avg_pool2d": ("solvers.pooling", "adaptive average pooling: the windows behind a given output"),
    "depthwise_separable": ("solvers.separable", "depthwise-separable vs standard convolution: params, MACs"),
    "linear": ("solvers.dense", "fully connected layer: parameters, MACs"),
    "rnn": ("solvers.recurrent", "RNN parameters (PyTorch's two biases and the textbook count), MACs"),
    "lstm": ("solvers.recurrent", "LSTM parameters (num_layers, bidirectional, proj_size), MACs"),
    "gru": ("solvers.recurrent", "GRU parameters, MACs"),
    "multihead_attention": ("solvers.attention", "multi-head attention: every shape, parameters, MACs"),
    "transformer_encoder_layer": ("solvers.transformer", "Transformer encoder layer: params by sub-layer"),
    "transformer_decoder_layer": ("solvers.transformer", "Transformer decoder layer: params by sub-layer"),
    "batch_norm": ("solvers.norms", "batch normalisation: parameters vs buffers"),
    "layer_norm": ("solvers.norms", "layer normalisation: parameters"),
    "receptive_field": ("solvers.receptive", "receptive field and jump of a stack of layers"),
    "summarize": ("solvers.network", "a whole network from a text spec or preset: table with totals"),
}

# Solvers whose kernel, stride, padding, dilation, input or output size may be solved for ("?").
SOLVABLE = ("conv1d", "conv2d", "conv3d", "conv_transpose2d", "max_pool2d", "avg_pool2d")


def load(name: str) -> Callable[..., Any]:
    """The solver function called `name`.

    Raises:
        KeyError: no such solver.
    """
    module, _ = CALCULATORS[name]
    return getattr(importlib.import_module(module), name)
