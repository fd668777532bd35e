"""RNN, LSTM, GRU, multi-head attention, Transformer layers, normalisation and linear layers."""

from __future__ import annotations

import pytest

import solvers
from solvers import SolverError


def test_lstm_two_layers_pytorch_and_textbook_counts() -> None:
    r = solvers.lstm(300, 512, num_layers=2)
    assert r.params == 3_768_320
    assert r.quantities["per_layer"] == [1_667_072, 2_101_248]
    assert r.quantities["params_single_bias"] == 3_768_320 - 2 * 4 * 512
    assert r.quantities["params_no_bias"] == 3_768_320 - 2 * 2 * 4 * 512
    textbook = next(s for s in r.steps if s.title.startswith("Textbook count"))
    assert textbook.value == "3,764,224"
    assert r.output_shape == (1, 512)
    assert r.quantities["h_n_shape"] == (2, 512) and r.quantities["c_n_shape"] == (2, 512)


def test_gru_rnn_bidirectional_and_projection() -> None:
    assert solvers.gru(10, 20).params == 3 * (20 * 10 + 20 * 20 + 2 * 20)
    assert solvers.rnn(10, 20, bias=False).params == 20 * 10 + 20 * 20
    r = solvers.lstm(10, 20, num_layers=2, bidirectional=True, seq_len=5)
    layer0 = 2 * (4 * 20 * (10 + 20) + 2 * 4 * 20)
    layer1 = 2 * (4 * 20 * (40 + 20) + 2 * 4 * 20)
    assert r.params == layer0 + layer1
    assert r.output_shape == (5, 40)
    assert r.macs == 5 * r.params  # one MAC per weight and per bias add, per time step
    p = solvers.lstm(10, 20, proj_size=5)
    assert p.params == 4 * 20 * (10 + 5) + 2 * 4 * 20 + 5 * 20
    assert p.output_shape == (1, 5)


def test_impossible_recurrent_configurations() -> None:
    from solvers.recurrent import recurrent

    with pytest.raises(SolverError, match="proj_size must be smaller than hidden_size"):
        solvers.lstm(10, 20, proj_size=20)
    with pytest.raises(SolverError, match="num_layers must be positive"):
        solvers.rnn(10, 20, num_layers=0)
    with pytest.raises(SolverError, match="hidden_size must be positive"):
        solvers.gru(10, 0)
    with pytest.raises(SolverError, match="only supported for LSTM"):
        recurrent("gru", 10, 20, 1, True, False, 2, 1, 1)


def test_multihead_attention_params_do_not_depend_on_heads() -> None:
    for heads in (1, 2, 4, 8, 16, 32, 64, 128):
        assert solvers.multihead_attention(128, heads).params == 66_048
    assert solvers.multihead_attention(128, 8, bias=False).params == 4 * 128 * 128
    assert solvers.multihead_attention(8, 2, kdim=3, vdim=5).params == 8 * 8 + 8 * 3 + 8 * 5 + 24 + 64 + 8


def test_multihead_attention_shapes_per_head_and_fused() -> None:
    """Seed audit A25: weights are (d_model, d_k), Q is (n, d_model), split into h heads of (n, d_k)."""
    r = solvers.multihead_attention(512, 8, seq_len=10, source_len=12, batch=2)
    q = r.quantities
    assert (q["d_k"], q["d_v"]) == (64, 64)
    assert q["wq_head_shape"] == (512, 64) and q["wq_shape"] == (512, 512) and q["wo_shape"] == (512, 512)
    assert (
        q["q_shape"] == (2, 10, 512)
        and q["q_head_shape"] == (2, 10, 64)
        and q["q_heads_shape"] == (2, 8, 10, 64)
    )
    assert q["scores_shape"] == (2, 8, 10, 12) and q["scores_head_shape"] == (2, 10, 12)
    assert q["head_out_shape"] == (2, 10, 64) and q["concat_shape"] == (2, 10, 512)
    assert q["out_shape"] == (2, 10, 512) and r.output_shape == (10, 512)


def test_multihead_attention_macs_counted_by_hand() -> None:
    r = solvers.multihead_attention(16, 4, seq_len=5, source_len=7)
    projections = 5 * 16 * 16 + 7 * 16 * 16 + 7 * 16 * 16 + 5 * 16 * 16
    attention = 2 * 5 * 7 * 16
    assert r.quantities["macs_without_bias"] == projections + attention == 7264
    assert r.macs == 7264 + 5 * 16 + 2 * 7 * 16 + 5 * 16
    assert solvers.multihead_attention(16, 4).macs is None


def test_multihead_attention_errors() -> None:
    with pytest.raises(SolverError, match="embed_dim must be divisible by num_heads"):
        solvers.multihead_attention(10, 3)
    with pytest.raises(SolverError, match="source_len needs seq_len"):
        solvers.multihead_attention(8, 2, source_len=3)


def test_transformer_layers() -> None:
    enc = solvers.transformer_encoder_layer(512, 8)
    assert enc.params == 3_152_384
    assert [s.value for s in enc.steps[:4]] == ["1,050,624", "1,050,624", "1,049,088", "2,048"]
    dec = solvers.transformer_decoder_layer(512, 8)
    assert dec.params == 3_152_384 + 1_050_624 + 1024
    r = solvers.transformer_encoder_layer(64, 4, 256, seq_len=10)
    attn = solvers.multihead_attention(64, 4, seq_len=10, batch=1)
    assert r.macs == attn.macs + 10 * (64 * 256 + 256) + 10 * (256 * 64 + 64)


def test_batch_norm_parameters_versus_buffers_and_layer_norm() -> None:
    bn = solvers.batch_norm(64)
    assert bn.params == 128
    assert bn.quantities["buffers"] == 129 and bn.quantities["state_dict_values"] == 257
    assert solvers.batch_norm(64, affine=False).params == 0
    assert solvers.batch_norm(64, track_running_stats=False).quantities["buffers"] == 0
    assert solvers.layer_norm(512).params == 1024
    assert solvers.layer_norm((4, 5), bias=False).params == 20
    assert solvers.layer_norm(512, elementwise_affine=False).params == 0


def test_linear() -> None:
    r = solvers.linear(400, 120)
    assert r.params == 48_120 and r.output_shape == (120,) and r.macs == 48_120
    assert solvers.linear(400, 120, bias=False, batch=3).macs == 3 * 48_000
