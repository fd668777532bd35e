"""Hand-worked wrong answers, one or more per computable misconception, each with where it comes from.

Every value was worked by hand from the source named beside it (a seed-audit entry, a seed, or a bank item
or catalogue entry that cites one); the tests check that the solvers trace each value to its misconception.
`calc` rows go through the calculator's check (`dlquiz calc … --check`), `template` rows through the template
solvers that grade drawn and computed questions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Example:
    id: str
    api: str  # "calc" or "template"
    solver: str
    kwargs: dict[str, Any]
    field: str
    value: Any
    source: str
    also: tuple[str, ...] = field(default=())


C = "calc"
T = "template"
LENET_C1 = {"input_shape": (1, 32, 32), "out_channels": 6, "kernel_size": 5}
LENET_C3 = {"input_shape": (6, 14, 14), "out_channels": 16, "kernel_size": 5}
CONV_32_K3_P1 = {"input_shape": (1, 32, 32), "out_channels": 1, "kernel_size": 3, "padding": 1}
CONV_28_S2 = {"input_shape": (1, 28, 28), "out_channels": 1, "kernel_size": 3, "stride": 2}
MHA_512 = {"embed_dim": 512, "num_heads": 8}
TRANSFORMER_BASE = {"d_model": 512, "nhead": 8, "dim_feedforward": 2048}
RF_STRIDED = {"kernel_sizes": [3, 2, 3], "strides": [1, 2, 1]}
TINY = {"x": 1.5, "w1": 1.0, "b1": -0.5, "w2": 0.5, "b2": 0.0, "t": 2.0}

EXAMPLES: tuple[Example, ...] = (
    # Convolution output size: seed 001 N1 = (N0 + 2P − F)/S + 1 and audit A04.
    Example("conv.padding-once", C, "conv2d", CONV_32_K3_P1, "output_shape", "31", "A04: 32 + 1 − 3 + 1"),
    Example("conv.padding-ignored", C, "conv2d", CONV_32_K3_P1, "output_shape", "30", "A04: 32 − 3 + 1"),
    Example("conv.plus-one-forgotten", C, "conv2d", LENET_C1, "output_shape", "27", "001 LeNet C1: 32 − 5"),
    Example("conv.no-floor", C, "conv2d", CONV_28_S2, "output_shape", "13.5", "A04: (28 − 3)/2 + 1"),
    Example("conv.ceil-instead-of-floor", C, "conv2d", CONV_28_S2, "output_shape", "14", "A04: ⌈25/2⌉ + 1"),
    Example("conv.dilation-ignored", C, "conv2d", {**CONV_32_K3_P1, "padding": 0, "dilation": 2}, "output_shape",
            "30", "004 dilated conv: K_eff = 5, not 3: 32 − 3 + 1"),
    Example("conv-variants.effective-kernel-dilation", C, "conv2d", {**CONV_32_K3_P1, "dilation": 2},
            "effective_kernel", "6", "004: a 3×3 kernel with d = 2 spans 5, not 2·3"),
    Example("conv.out-channels-equal-in", C, "conv2d", LENET_C1, "output_shape", "1x28x28",
            "001: A1 = B (channels = kernels), LeNet C1 has 6"),
    # Parameter counts: 001's F×F×A0×B and audit A05, A07.
    Example("conv.bias-omitted", C, "conv2d", LENET_C1, "params", "150", "A05: LeNet C1 5·5·1·6"),
    Example("conv.bias-added", C, "conv2d", {**LENET_C1, "bias": False}, "params", "156", "A05: 150 + 6"),
    Example("conv.groups-ignored", C, "conv2d", {"input_shape": (64, 56, 56), "out_channels": 64,
            "kernel_size": 3, "padding": 1, "groups": 4, "bias": False}, "params", "36864",
            "A05 (groups): 3·3·64·64 instead of 3·3·16·64"),
    Example("conv.params-per-kernel-only", C, "conv2d", {**LENET_C1, "bias": False}, "params", "25",
            "A05: one 5×5×1 kernel of LeNet C1"),
    Example("conv.params-ignore-input-channels", C, "conv2d", LENET_C3, "params", "416",
            "001 F×F×A0×B without A0: LeNet C3 5·5·16 + 16"),
    Example("conv.weight-sharing-ignored", C, "conv2d", LENET_C3, "params", "241600",
            "001 weight sharing: LeNet C3 2416 per position × 10·10"),
    Example("conv.bias-per-weight", C, "conv2d", {"input_shape": (64, 64, 64), "out_channels": 128,
            "kernel_size": 3, "stride": 2, "padding": 1}, "params", "81920", "A05: 73728 + 64·128 biases"),
    Example("conv-variants.dilation-adds-params", C, "conv2d", {**CONV_32_K3_P1, "dilation": 2, "bias": False},
            "params", "25", "004: the dilated 3×3 counted as its 5×5 span"),
    Example("conv-variants.one-by-one-no-mixing", C, "conv2d", {"input_shape": (256, 56, 56), "out_channels": 64,
            "kernel_size": 1}, "params", "512", "001 1×1 conv taken as a per-channel scale: 256 + 256"),
    Example("conv.macs-as-flops", C, "conv2d", {"input_shape": (64, 56, 56), "out_channels": 64, "kernel_size": 3,
            "padding": 1, "bias": False}, "flops", "115605504", "56·56·64·3·3·64 MACs given as FLOPs"),
    Example("conv.flops-as-macs", C, "conv2d", {"input_shape": (64, 56, 56), "out_channels": 64, "kernel_size": 3,
            "padding": 1, "bias": False}, "macs", "231211008", "2 × 115,605,504 given as MACs"),
    Example("basics.macs-without-bias-adds", C, "conv2d", LENET_C1, "macs", "117600",
            "001 LeNet C1: 6·28·28·25 without the 4704 bias adds"),
    # Pooling: 001 pooling and 003 (per channel, no parameters).
    Example("pooling.ceil-vs-floor", C, "max_pool2d", {"input_shape": (1, 5, 5), "kernel_size": 2},
            "output_shape", "3", "001 pooling: ⌈(5 − 2)/2⌉ + 1 with ceil_mode off"),
    Example("pooling.stride-defaults-to-one", C, "max_pool2d", {"input_shape": (1, 32, 32), "kernel_size": 2},
            "output_shape", "31", "001 pooling: MaxPool2d(2) with stride taken as 1"),
    Example("pooling.has-params", C, "max_pool2d", {"input_shape": (64, 56, 56), "kernel_size": 3},
            "params", "576", "001: pooling has no parameters; 3·3·64 counted", also=("basics.param-vs-hyperparam",)),
    Example("pooling.mixes-channels", C, "max_pool2d", {"input_shape": (3, 32, 32), "kernel_size": 2},
            "output_shape", "1x16x16", "003: pooling works per channel"),
    Example("classic-cnn.gap-has-params", C, "adaptive_avg_pool2d", {"input_shape": (512, 7, 7), "output_size": 1},
            "params", "512", "001 trend: global average pooling replaces FC, with no parameters"),
    # Transposed convolution: audit A40.
    Example("conv-variants.transposed-as-conv-formula", C, "conv_transpose2d", {"input_shape": (1, 4, 4),
            "out_channels": 1, "kernel_size": 4, "stride": 2, "padding": 1}, "output_shape", "2",
            "A40: ⌊(4 + 2 − 4)/2⌋ + 1"),
    Example("conv-variants.transposed-padding-enlarges", C, "conv_transpose2d", {"input_shape": (1, 4, 4),
            "out_channels": 1, "kernel_size": 4, "stride": 2, "padding": 1}, "output_shape", "12",
            "A40: 3·2 + 2 + 3 + 1"),
    Example("conv-variants.output-padding-forgotten", C, "conv_transpose2d", {"input_shape": (1, 4, 4),
            "out_channels": 1, "kernel_size": 3, "stride": 2, "padding": 1, "output_padding": 1}, "output_shape",
            "7", "A40: 3·2 − 2 + 2 + 1 without output_padding"),
    # Receptive field: audit A07, A10.
    Example("classic-cnn.rf-sum-of-kernels", C, "receptive_field", {"kernel_sizes": [3, 3, 3]}, "rf", "9",
            "A10: three 3×3 add up to 7, not 3 + 3 + 3"),
    Example("classic-cnn.rf-product-of-kernels", C, "receptive_field", {"kernel_sizes": [3, 3, 3]}, "rf", "27",
            "A10: not 3·3·3"),
    Example("classic-cnn.rf-stride-ignored", C, "receptive_field", RF_STRIDED, "rf", "6",
            "A07: 1 + 2 + 1 + 2 without the pool's stride"),
    Example("conv-variants.stride-enlarges-own-rf", C, "receptive_field", RF_STRIDED, "rf", "9",
            "A07: the pool's stride applied to its own window: 1 + 2 + 1·2 + 2·2"),
    # Depthwise-separable: audit A41.
    Example("conv-variants.depthwise-as-separable", C, "depthwise_separable", {"input_shape": (32, 14, 14),
            "out_channels": 64, "kernel_size": 3, "padding": 1, "bias": False}, "params", "288",
            "A41: 3·3·32 depthwise only", also=("conv-variants.separable-no-pointwise",)),
    # Fully connected layers.
    Example("basics.fc-bias-forgotten", C, "linear", {"in_features": 784, "out_features": 256}, "params",
            "200704", "001 FCNN: 784·256 without the 256 biases"),
    Example("basics.fc-count-by-neurons", C, "linear", {"in_features": 784, "out_features": 256}, "params",
            "1040", "001 FCNN: 784 + 256 neurons"),
    # Recurrent layers: audit A22 and 001 § 14.
    Example("rnn.lstm-three-gates-params", C, "lstm", {"input_size": 10, "hidden_size": 20}, "params", "1920",
            "A22: 3·(20·30 + 40) with 3 blocks"),
    Example("rnn.gru-two-blocks", C, "gru", {"input_size": 10, "hidden_size": 20}, "params", "1280",
            "004 GRU: 2·(20·30 + 40)"),
    Example("rnn.single-bias", C, "lstm", {"input_size": 300, "hidden_size": 512, "num_layers": 2}, "params",
            "3764224", "A22: 3768320 − 2·4·512"),
    Example("rnn.bias-omitted", C, "gru", {"input_size": 100, "hidden_size": 200}, "params", "180000",
            "004 GRU: 3·200·300 without biases"),
    Example("rnn.bias-counted-when-excluded", C, "gru", {"input_size": 100, "hidden_size": 200, "bias": False},
            "params", "181200", "004 GRU: 3·(200·300 + 400) for bias=False"),
    Example("rnn.bidirectional-forgotten", C, "lstm", {"input_size": 100, "hidden_size": 200,
            "bidirectional": True}, "params", "241600", "001 LSTM: 4·(200·300 + 400), one direction"),
    Example("rnn.layers-same-input", C, "lstm", {"input_size": 300, "hidden_size": 512, "num_layers": 2},
            "params", "3334144", "001 LSTM: layer 2 counted with input 300 instead of 512"),
    Example("rnn.forget-recurrent-weights", C, "rnn", {"input_size": 100, "hidden_size": 200}, "params",
            "20400", "004 RNN: 200·100 + 2·200 without W_hh"),
    Example("rnn.params-grow-with-length", C, "rnn", {"input_size": 100, "hidden_size": 200, "seq_len": 10},
            "params", "604000", "004: shared W, U, V; 60400 counted for each of 10 steps"),
    # Attention: audit A25 and 001 § 15.
    Example("attention.projection-bias-omitted", C, "multihead_attention", MHA_512, "params", "1048576",
            "001 § 15, d_model 512: 4·512² without the 2048 biases"),
    Example("attention.out-proj-forgotten", C, "multihead_attention", {"embed_dim": 128, "num_heads": 8}, "params",
            "49536", "001 § 15: 3·(128² + 128) without W^O"),
    Example("attention.multihead-more-params", C, "multihead_attention", {"embed_dim": 128, "num_heads": 8},
            "params", "528384", "001 § 15: 8·66048"),
    Example("attention.dk-as-dmodel", C, "multihead_attention", MHA_512, "d_k", "512", "A25: d_k = 512/8 = 64"),
    Example("attention.scores-shape-dk", C, "multihead_attention", {**MHA_512, "seq_len": 10},
            "scores_head_shape", "10x64", "A25: Q_i·K_iᵀ is 10×10, not 10×64"),
    Example("attention.weights-vs-activations", C, "multihead_attention", {**MHA_512, "seq_len": 10},
            "q_head_shape", "512x64", "A25: [d_model, d_k] is W_i^Q's shape, Q_i is 10×64"),
    # Transformer layers: 001 § 16 and the paper's base sizes.
    Example("transformer.ffn-params-partial", C, "transformer_encoder_layer", TRANSFORMER_BASE, "params",
            "2103296", "001 § 16 FFN: 3152384 − (2048·512 + 512), one linear left out"),
    Example("transformer.layernorm-params-forgotten", C, "transformer_encoder_layer", TRANSFORMER_BASE, "params",
            "3150336", "001 § 16 Add & Norm: 3152384 − 2·2·512"),
    Example("transformer.sublayer-count", C, "transformer_decoder_layer", TRANSFORMER_BASE, "params", "3152384",
            "004 decoder: three sub-layers; an encoder's count"),
    # Normalisation: audit A34.
    Example("regularization.bn-buffers-as-params", C, "batch_norm", {"num_features": 64}, "params", "256",
            "A34: γ, β plus running_mean, running_var"),
    # Activations: audit A12, A12b, A13, A50.
    Example("activation.derivative-in-x", T, "activation", {"name": "sigmoid", "x": 2}, "dy", -2.0,
            "A12: x(1 − x) = 2·(−1)"),
    Example("activation.tanh-derivative", T, "activation", {"name": "tanh", "x": 0.5}, "dy", 1.213552,
            "A50: 1 + tanh²(0.5), the lost minus sign"),
    Example("activation.sigmoid-tanh-confused", T, "activation_compare", {"first": "tanh", "second": "sigmoid",
            "x": [0]}, "dy_ratio[0]", 2.0, "004: tanh(x) = 2σ(2x) − 1 read as a doubled sigmoid"),
    Example("activation.relu-derivative-at-zero", T, "activation", {"name": "relu", "x": 0}, "dy", 1.0,
            "A12b: frameworks take ReLU′(0) = 0"),
    Example("activation.leaky-slope-convention", T, "activation", {"name": "leaky_relu", "x": -2, "alpha": 0.25},
            "y", -8.0, "A13: x/a with a = 0.25 instead of a·x"),
    Example("activation.elu-vs-leaky", T, "activation", {"name": "elu", "x": -1, "alpha": 1.0}, "y", -1.0,
            "001 ELU: α·x instead of α(e^x − 1)"),
    Example("activation.sigmoid-derivative-max-one", T, "gradient_chain", {"layers": 5, "activation": "sigmoid"},
            "product", 1.0, "001 § 13: σ′ ≤ 0.25, so 0.25⁵, not 1⁵"),
    # Softmax and losses: audit A37, A38, A49, A51.
    Example("softmax.no-exp", T, "softmax", {"z": [1, 2, 3]}, "p_max", 0.5, "001 softmax: 3/(1 + 2 + 3)"),
    Example("softmax.multilabel", T, "softmax", {"z": [2.0, 1.0, 0.1]}, "p[0]", 0.880797, "σ(2) per class"),
    Example("softmax.wrong-stabilizer", T, "softmax", {"z": [1, 2, 3]}, "p_max", 0.448441,
            "A12b: e^1/(e^(1/3) + e^(2/3) + e^1) after dividing by max(z)"),
    Example("loss.log-base", T, "cross_entropy", {"z": [0.7, 0.2, 0.1], "target": 0, "from_logits": False},
            "loss", 0.514573, "001 CE: −log₂ 0.7"),
    Example("loss.ce-all-terms", T, "cross_entropy", {"z": [0.7, 0.2, 0.1], "target": 0, "from_logits": False},
            "loss", 4.268698, "001 CE: −(ln 0.7 + ln 0.2 + ln 0.1)"),
    Example("loss.ce-logit-as-prob", T, "cross_entropy", {"z": [2.0, 1.0, 0.1], "target": 2}, "loss", 2.302585,
            "A57: −ln 0.1 on a logit"),
    Example("loss.ce-gradient-form", T, "cross_entropy", {"z": [2.0, 1.0, 0.1], "target": 0}, "grad[0]",
            0.340999, "A51: y − p = 1 − 0.659001"),
    Example("loss.bce-wrong-term", T, "binary_cross_entropy", {"p": 0.8, "y": 0}, "loss", 0.223144,
            "004 BCE: −ln 0.8 for y = 0"),
    Example("loss.sse-vs-mse", T, "regression_loss", {"y": [3, -0.5, 2, 7], "yhat": [2.5, 0, 2, 8]}, "mse", 1.5,
            "004 MSE: 0.25 + 0.25 + 0 + 1 not divided by 4"),
    Example("loss.huber-branch", T, "regression_loss", {"y": [1, 2, 3, 4], "yhat": [1.5, 2.5, 3.5, 10]},
            "huber", 1.59375, "A49: (3·0.125 + 6)/4 without −½δ"),
    Example("loss.huber-vs-smoothl1", T, "regression_loss", {"y": [0], "yhat": [3], "delta": 2.0}, "huber", 2.0,
            "A49: SmoothL1_2(3) = 3 − 1 instead of Huber_2(3) = 2·(3 − 1) = 4"),
    Example("loss.kl-sign", T, "kl_divergence", {"p": [0.5, 0.5], "q": [0.8, 0.2]}, "kl", 1.609438,
            "A37: H(P,Q) + H(P) = 0.916291 + 0.693147"),
    Example("loss.kl-symmetric", T, "kl_divergence", {"p": [0.5, 0.5], "q": [0.8, 0.2]}, "kl", 0.192745,
            "A37: D_KL(Q‖P)"),
    Example("loss.hinge-zero-when-signs-agree", T, "hinge_loss", {"y": 1, "score": 0.3}, "loss", 0.0,
            "A38: 1 − 0.3 > 0 inside the margin"),
    # Optimisers: audit A47 and 001 § 8.
    Example("optimizer.momentum-ignores-velocity", T, "sgd_momentum", {"w": 1.0, "g": 0.5, "lr": 0.1,
            "momentum": 0.9, "v": 0.2}, "w_new", 0.95, "001 § 8 momentum: 1 − 0.1·0.5"),
    Example("optimizer.momentum-convention", T, "sgd_momentum", {"w": 1.0, "g": 0.5, "lr": 0.1, "momentum": 0.9,
            "v": 0.2}, "v_new", 0.23, "001 § 8: 0.9·0.2 + 0.1·0.5, the moving average"),
    Example("optimizer.adam-no-bias-correction", T, "adam", {"w": 0.5, "g": -2.0, "lr": 0.01, "t": 1}, "w_new",
            0.531623, "A47: 0.5 + 0.01·0.2/√0.004"),
    Example("optimizer.adam-divide-by-v", T, "adam", {"w": 0.5, "g": -2.0, "lr": 0.01, "t": 1}, "w_new", 0.505,
            "A47: 0.5 + 0.01·2/4"),
    Example("optimizer.adamw-equals-l2", T, "adam", {"w": 1.0, "g": 0.5, "lr": 0.1, "t": 1, "weight_decay": 0.1,
            "decoupled": True}, "w_new", 0.9, "A47: L2 in the gradient, 1 − 0.1·0.6/0.6"),
    # Regularisation, initialisation, gradients: audit A17, A48, A60 and 001 §§ 10, 11, 13.
    Example("regularization.bn-unbiased-variance", T, "batch_norm", {"x": [1.0, 2.0, 3.0, 6.0]}, "y[3]", 1.388729,
            "001 § 11 BN: 3/√(14/3)"),
    Example("regularization.l1-l2-swapped", T, "penalty_grad", {"w": 0.01, "lam": 0.1}, "grad_l1", 0.001,
            "001 § 11: L2's 2·0.05·0.01 given for L1"),
    Example("regularization.dropout-at-test", T, "dropout_scale", {"p": 0.2, "x": 3.0}, "kept", 2.4,
            "A17: 3·0.8, the paper's test-time scaling"),
    Example("regularization.dropout-p-keep", T, "dropout_scale", {"p": 0.2, "x": 3.0}, "kept", 15.0,
            "A17: 3/0.2 with p read as the keep probability"),
    Example("init.zero-preactivation-zero", T, "tiny_net", {**TINY, "w1": 0.0, "b1": 0.5}, "z1", 0.0,
            "A48: z = w·x + b = 0.5, not 0"),
    Example("init.variance-formula-swapped", T, "init_scale", {"scheme": "xavier", "fan_in": 256, "fan_out": 128},
            "var", 0.0078125, "A60: He's 2/256 for Xavier's 2/384"),
    Example("init.gaussian-always-stable", T, "variance_propagation", {"n_in": 512, "layers": 10, "std": 0.05,
            "activation": "relu"}, "factor", 1.0, "A60: (512·0.0025/2)^10 = 0.0115, not 1"),
    Example("gradients.explode-output-side", T, "gradient_chain", {"layers": 20, "factor": 1.5}, "product",
            0.00030073, "A45: (2/3)^20 instead of 1.5^20"),
    Example("basics.chain-rule-missing-factor", T, "tiny_net", TINY, "dw1", -1.225853,
            "001 backprop: (y − t)·w2·x without σ′(z1)"),
    # Recurrent steps: audit A23, 001 § 14.
    Example("rnn.gru-z-convention", T, "gru_step", {"z": 0.8, "n": 0.5, "h_prev": 1.0}, "h", 0.6,
            "A23: 0.2·1 + 0.8·0.5 in colah's convention"),
    Example("rnn.forget-gate-reversed", T, "lstm_step", {"f": 0.9, "i": 0.5, "g": 0.8, "o": 0.6, "c_prev": 1.0},
            "h", 0.277270, "001 § 14: c = 0.1·1 + 0.4, h = 0.6·tanh 0.5"),
    Example("rnn.ht-ct-swapped", T, "lstm_step", {"f": 0.9, "i": 0.5, "g": 0.8, "o": 0.6, "c_prev": 1.0}, "h",
            1.3, "001 § 14: c_t = 0.9 + 0.4 given as h_t"),
    # Attention by hand: audit A28.
    Example("attention.softmax-skipped", T, "attention_output", {"scores": [8, 4, 0], "values": [10, 20, 30],
            "d_k": 16}, "output", 40.0, "A28: 2·10 + 1·20 + 0·30 without softmax"),
    Example("attention.no-scaling", T, "attention_output", {"scores": [8, 4, 0], "values": [10, 20, 30],
            "d_k": 16}, "output", 10.186389, "004: softmax(8, 4, 0) weighting"),
    Example("attention.scale-by-dk", T, "attention_output", {"scores": [8, 4, 0], "values": [10, 20, 30],
            "d_k": 16}, "output", 18.350463, "004: softmax(0.5, 0.25, 0) weighting"),
    # Model sizes: audits A10, A31, A32, A53, A54 and 001 §§ 18–20.
    Example("basics.neuron-is-vector", T, "neurons", {"shape": [16, 32, 32]}, "neurons", 16.0,
            "A53: one neuron per channel"),
    Example("conv.kernel-flip", T, "correlate1d", {"x": [1, 2, 3, 4], "w": [1, 0, -1]}, "y[0]", 2.0,
            "A54: the flipped kernel, 1·(−1) + 3·1"),
    Example("classic-cnn.vgg-equal-params", T, "conv_stack", {"k": 3, "channels": [256, 256, 256, 256]},
            "n_params", 3211264.0, "A10: one 7×7, 49·256² instead of 27·256²"),
    Example("cnn-vs-transformer.attention-linear-cost", T, "vit_tokens", {"image_size": 448, "patch_size": 16,
            "cls_token": False, "base_image_size": 224}, "score_ratio", 4.0, "A32: 784/196 tokens, not squared"),
    Example("pretrained-models.vit-pixels-as-tokens", T, "vit_tokens", {"image_size": 224, "patch_size": 16,
            "cls_token": False}, "patches", 50176.0, "A32 ViT: 224² pixels instead of 14² patches"),
    Example("pretrained-models.bert-mask-all", T, "mlm_masking", {"tokens": 200}, "masked", 30.0,
            "A31: 15% of 200 all masked, not 80% of them"),
    Example("finetune.lora-full-rank", T, "lora_params", {"d_out": 768, "d_in": 768, "r": 8}, "n_params",
            589824.0, "001 § 18 fine-tuning: 768² instead of 2·768·8"),
    Example("imbalance.focal-upweights-easy", T, "focal_loss", {"p_t": 0.9}, "loss", 0.085343,
            "004 § 1.8: 0.9²·0.10536 instead of 0.1²·0.10536"),
    Example("imbalance.weight-majority", T, "class_balance", {"negatives": 9000, "positives": 1000}, "pos_weight",
            0.111111, "004 § 1.8: 1000/9000 instead of 9000/1000"),
)
