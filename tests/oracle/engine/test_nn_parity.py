"""nn modules against torch.nn with the same weights: state dict names, outputs, all gradients."""

from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from engine_parity import assert_close, check_module, copy_weights, random  # noqa: E402

from solvers.engine import Tensor, nn  # noqa: E402

pytestmark = pytest.mark.oracle


@pytest.mark.parametrize(
    ("name", "args", "kwargs", "shape"),
    [
        ("Linear", (4, 3), {}, (2, 5, 4)),
        ("Linear", (4, 3), {"bias": False}, (2, 4)),
        ("Conv1d", (3, 4, 3), {"stride": 2, "padding": 1}, (2, 3, 9)),
        ("Conv2d", (3, 4, 3), {"stride": 2, "padding": 1, "dilation": 1}, (2, 3, 7, 7)),
        ("Conv2d", (4, 6, (3, 2)), {"groups": 2, "bias": False}, (1, 4, 6, 5)),
        ("ConvTranspose2d", (3, 4, 3), {"stride": 2, "padding": 1, "output_padding": 1}, (2, 3, 4, 4)),
        ("ConvTranspose2d", (4, 2, 2), {"groups": 2, "dilation": 2}, (1, 4, 3, 3)),
        ("MaxPool2d", (3,), {"stride": 2, "padding": 1, "ceil_mode": True}, (2, 2, 8, 8)),
        ("AvgPool2d", (3,), {"stride": 2, "padding": 1, "count_include_pad": False}, (2, 2, 7, 7)),
        ("AdaptiveAvgPool2d", ((2, 3),), {}, (2, 2, 7, 8)),
        ("Flatten", (), {}, (2, 3, 4)),
        ("ReLU", (), {}, (3, 4)),
        ("LeakyReLU", (0.1,), {}, (3, 4)),
        ("ELU", (0.7,), {}, (3, 4)),
        ("GELU", (), {}, (3, 4)),
        ("Sigmoid", (), {}, (3, 4)),
        ("Tanh", (), {}, (3, 4)),
        ("Softmax", (1,), {}, (3, 4)),
        ("LogSoftmax", (-1,), {}, (3, 4)),
        ("LayerNorm", ((3, 4),), {}, (2, 3, 4)),
        ("LayerNorm", (4,), {"elementwise_affine": False}, (2, 4)),
        ("Dropout", (0.5,), {}, (3, 4)),  # eval mode below: the identity
        ("Identity", (), {}, (3, 4)),
    ],
)
def test_layers(name: str, args: tuple, kwargs: dict, shape: tuple) -> None:
    ours, theirs = getattr(nn, name)(*args, **kwargs), getattr(torch.nn, name)(*args, **kwargs)
    if name == "Dropout":
        ours.eval(), theirs.eval()
    x = random(*shape)
    if name == "MaxPool2d":
        x = np.random.default_rng(1).permutation(x.size).reshape(shape).astype(np.float64)
    check_module(ours, theirs, [x])


def test_max_pool_module_returns_indices() -> None:
    x = np.random.default_rng(1).permutation(2 * 2 * 6 * 6).reshape(2, 2, 6, 6).astype(np.float64)
    _, ours = nn.MaxPool2d(2, return_indices=True)(Tensor(x))
    _, theirs = torch.nn.MaxPool2d(2, return_indices=True)(torch.from_numpy(x))
    np.testing.assert_array_equal(ours.data, theirs.numpy())


@pytest.mark.parametrize(
    ("cls", "shape"), [("BatchNorm1d", (6, 3)), ("BatchNorm1d", (4, 3, 5)), ("BatchNorm2d", (3, 3, 4, 4))]
)
@pytest.mark.parametrize("momentum", [0.1, None])
def test_batch_norm_training_steps_then_eval(cls: str, shape: tuple, momentum: object) -> None:
    ours, theirs = getattr(nn, cls)(3, momentum=momentum), getattr(torch.nn, cls)(3, momentum=momentum)
    copy_weights(ours, theirs)
    for step in range(3):  # running statistics follow PyTorch step by step
        x = random(*shape, seed=step) * 2 + 1
        check_module(ours, theirs, [x], seed=step) if step == 0 else None
        if step:
            assert_close(ours(Tensor(x)), theirs(torch.from_numpy(x)))
        assert_close(ours.running_mean, theirs.running_mean, "running_mean")
        assert_close(ours.running_var, theirs.running_var, "running_var")
        assert int(ours.num_batches_tracked) == int(theirs.num_batches_tracked)
    ours.eval(), theirs.eval()
    check_module(ours, theirs, [random(*shape, seed=9)])


def test_embedding_module() -> None:
    index = np.array([[1, 2, 2], [0, 4, 1]])
    ours, theirs = nn.Embedding(5, 3, padding_idx=2), torch.nn.Embedding(5, 3, padding_idx=2)
    copy_weights(ours, theirs)
    out_ours, out_theirs = ours(index), theirs(torch.from_numpy(index))
    assert_close(out_ours, out_theirs)
    v = random(2, 3, 3)
    (out_ours * v).sum().backward()
    (out_theirs * torch.from_numpy(v)).sum().backward()
    assert_close(ours.weight.grad, theirs.weight.grad)


@pytest.mark.parametrize("kind", ["RNN", "LSTM", "GRU"])
@pytest.mark.parametrize(
    "config",
    [
        {},
        {"num_layers": 2},
        {"bidirectional": True},
        {"num_layers": 2, "bidirectional": True, "batch_first": True},
        {"bias": False},
    ],
)
def test_recurrent_layers(kind: str, config: dict) -> None:
    ours, theirs = getattr(nn, kind)(3, 4, **config), getattr(torch.nn, kind)(3, 4, **config)
    layers = config.get("num_layers", 1) * (2 if config.get("bidirectional") else 1)
    x = random(2, 5, 3) if config.get("batch_first") else random(5, 2, 3)
    h0 = random(layers, 2, 4, seed=7)
    if kind == "LSTM":
        c0 = random(layers, 2, 4, seed=8)
        check_module(ours, theirs, [x, h0, c0], call=lambda m, x, h, c: m(x, (h, c)))
    else:
        check_module(ours, theirs, [x, h0], call=lambda m, x, h: m(x, h))
        check_module(ours, theirs, [x])


def test_relu_rnn_and_unbatched_input() -> None:
    check_module(
        nn.RNN(3, 4, nonlinearity="relu"), torch.nn.RNN(3, 4, nonlinearity="relu"), [random(5, 2, 3)]
    )
    check_module(nn.LSTM(3, 4, num_layers=2), torch.nn.LSTM(3, 4, num_layers=2), [random(5, 3)])
    check_module(nn.GRU(3, 4, bidirectional=True), torch.nn.GRU(3, 4, bidirectional=True), [random(5, 3)])


def _masks(length: int, source: int, batch: int, heads: int) -> dict[str, object]:
    rng = np.random.default_rng(3)
    blocked = rng.uniform(size=(length, source)) > 0.6
    blocked[:, 0] = False  # every query keeps one key
    padding = np.zeros((batch, source), dtype=bool)
    padding[0, -2:] = True
    return {
        "none": {},
        "bool_mask": {"attn_mask": blocked},
        "float_mask": {"attn_mask": rng.standard_normal((length, source))},
        "per_head_mask": {"attn_mask": np.broadcast_to(blocked, (batch * heads, length, source)).copy()},
        "padding": {"key_padding_mask": padding},
        "both": {"attn_mask": blocked, "key_padding_mask": padding},
        "causal": {"attn_mask": np.triu(np.ones((length, length), dtype=bool), 1), "is_causal": True},
    }


@pytest.mark.parametrize(
    "masks", ["none", "bool_mask", "float_mask", "per_head_mask", "padding", "both", "causal"]
)
@pytest.mark.parametrize("batch_first", [False, True])
def test_multihead_attention(masks: str, batch_first: bool) -> None:
    length, batch, heads, embed = 4, 2, 2, 6
    ours = nn.MultiheadAttention(embed, heads, batch_first=batch_first)
    theirs = torch.nn.MultiheadAttention(embed, heads, batch_first=batch_first)
    options = _masks(length, length, batch, heads)[masks]

    def call(module: object, q: object, k: object, v: object) -> object:
        kwargs = {
            key: (
                torch.from_numpy(val)
                if isinstance(module, torch.nn.Module) and isinstance(val, np.ndarray)
                else val
            )
            for key, val in options.items()
        }
        return module(q, k, v, **kwargs)

    shape = (batch, length, embed) if batch_first else (length, batch, embed)
    check_module(
        ours, theirs, [random(*shape, seed=1), random(*shape, seed=2), random(*shape, seed=3)], call=call
    )


def test_multihead_attention_options() -> None:
    x = random(3, 2, 4)
    for kwargs in ({"average_attn_weights": False}, {"need_weights": False}):
        check_module(
            nn.MultiheadAttention(4, 2),
            torch.nn.MultiheadAttention(4, 2),
            [x, x, x],
            call=lambda m, q, k, v, kw=kwargs: m(q, k, v, **kw),
        )
    check_module(
        nn.MultiheadAttention(4, 2, kdim=3, vdim=5, bias=False),
        torch.nn.MultiheadAttention(4, 2, kdim=3, vdim=5, bias=False),
        [random(3, 2, 4), random(6, 2, 3, seed=1), random(6, 2, 5, seed=2)],
    )
    check_module(nn.MultiheadAttention(4, 2), torch.nn.MultiheadAttention(4, 2), [random(3, 4)] * 3)


@pytest.mark.parametrize("config", [{}, {"norm_first": True}, {"batch_first": True, "activation": "gelu"}])
def test_transformer_encoder_layer(config: dict) -> None:
    ours = nn.TransformerEncoderLayer(6, 2, dim_feedforward=8, dropout=0.0, **config)
    theirs = torch.nn.TransformerEncoderLayer(6, 2, dim_feedforward=8, dropout=0.0, **config)
    padding = np.zeros((2, 4), dtype=bool)
    padding[1, -1] = True

    def call(module: object, x: object) -> object:
        pad = torch.from_numpy(padding) if isinstance(module, torch.nn.Module) else padding
        return module(x, src_key_padding_mask=pad)

    shape = (2, 4, 6) if config.get("batch_first") else (4, 2, 6)
    check_module(ours, theirs, [random(*shape)], call=call)


def test_sequential_state_dict_names_match_torch() -> None:
    ours = nn.Sequential(nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2), nn.ReLU(), nn.Flatten(), nn.Linear(8, 3))
    theirs = torch.nn.Sequential(
        torch.nn.Conv2d(1, 2, 3),
        torch.nn.BatchNorm2d(2),
        torch.nn.ReLU(),
        torch.nn.Flatten(),
        torch.nn.Linear(8, 3),
    )
    assert list(ours.state_dict()) == list(theirs.state_dict())
    check_module(ours, theirs, [random(3, 1, 4, 4)])
