"""The catalogue of demonstrations: names, titles, one-line summaries and option specifications.

Pure Python and cheap to import: the command line builds its flags from it, the TUI its forms, and
`bank check` validates each question's `demo:` link against it, all without loading NumPy.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from dlquiz.demos.options import OptionSpec, opt
from dlquiz.errors import UsageError

ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu", "elu")


@dataclass(frozen=True)
class DemoInfo:
    """A demonstration as listed: what it shows and which options it takes.

    Attributes:
        name: the command-line name (`dlquiz demo NAME`).
        title_zh: a short title in Chinese; title_en in English.
        summary_zh: one line on what it shows; summary_en in English.
        options: option name -> specification, in the order to show them.
        module: the module under dlquiz.demos that computes it.
        slow: it trains a model for longer than a few seconds (progress is reported).
    """

    name: str
    title_zh: str
    title_en: str
    summary_zh: str
    summary_en: str
    options: dict[str, OptionSpec] = field(default_factory=dict)
    module: str = ""
    slow: bool = False


def _demo(name: str, module: str, titles: tuple[str, str], summaries: tuple[str, str],
          *options: tuple[str, OptionSpec], slow: bool = False) -> DemoInfo:
    return DemoInfo(name, titles[0], titles[1], summaries[0], summaries[1], dict(options), module, slow)


DEMOS: dict[str, DemoInfo] = {d.name: d for d in (
    _demo("activations", "activations", ("激活函数及其导数", "Activation functions and their derivatives"),
          ("sigmoid、tanh、ReLU、Leaky ReLU、ELU 的 f 与 f′，标出饱和区",
           "f and f′ of sigmoid, tanh, ReLU, Leaky ReLU and ELU, with the saturation zones marked"),
          opt("functions", "str", list(ACTIVATIONS), "which functions", "要画的函数", choices=ACTIVATIONS,
              multiple=True),
          opt("show", "str", "both", "plot the function, its derivative, or both", "画函数、导数或两者",
              choices=("both", "function", "derivative")),
          opt("x", "float", None, "also evaluate f and f′ at this x", "另外在此 x 处求 f 和 f′", min=-50, max=50),
          opt("xmax", "float", 6.0, "plot x from -xmax to xmax", "横轴范围 ±xmax", min=1, max=50),
          opt("negative_slope", "float", 0.01, "Leaky ReLU's slope for x < 0", "Leaky ReLU 负半轴斜率", min=0, max=1),
          opt("alpha", "float", 1.0, "ELU's α", "ELU 的 α", min=0, max=10)),
    _demo("vanishing-gradients", "gradients", ("梯度消失", "Vanishing gradients"),
          ("20 层 MLP 每层的梯度范数：sigmoid/tanh/ReLU，默认/Xavier/He 初始化，有无 BatchNorm",
           "per-layer gradient norms of a deep MLP: sigmoid/tanh/ReLU, default/Xavier/He init, with/without BatchNorm"),
          opt("activation", "str", ["sigmoid", "tanh", "relu"], "hidden activations to compare", "比较的激活函数",
              choices=("sigmoid", "tanh", "relu"), multiple=True),
          opt("depth", "int", 20, "number of linear layers", "线性层的层数", min=2, max=100),
          opt("init", "str", ["default", "xavier", "he"], "weight initialisations to compare", "比较的初始化方法",
              choices=("default", "xavier", "he"), multiple=True),
          opt("batchnorm", "bool", [False, True], "without and/or with BatchNorm after each hidden layer",
              "隐藏层后是否加 BatchNorm", multiple=True),
          opt("width", "int", 64, "units per hidden layer", "每个隐藏层的单元数", min=2, max=512)),
    _demo("exploding-gradients", "exploding", ("梯度爆炸与梯度裁剪", "Exploding gradients and clipping"),
          ("长序列上的 RNN：每个时间步的梯度范数，以及裁剪与不裁剪的训练",
           "an RNN over a long sequence: gradient norm per time step, training with and without clipping"),
          opt("steps", "int", 50, "sequence length (time steps to backpropagate through)", "序列长度（时间步数）",
              min=2, max=400),
          opt("weight_scale", "float", 1.5, "largest singular value of the recurrent weight matrix W_hh",
              "循环权重 W_hh 的最大奇异值", min=0.1, max=5),
          opt("activation", "str", "tanh", "the RNN's nonlinearity", "RNN 的激活函数", choices=("tanh", "relu")),
          opt("clip", "float", 1.0, "max norm for gradient clipping", "梯度裁剪的最大范数", min=1e-6, max=1e6),
          opt("lr", "float", 0.05, "SGD learning rate of the training comparison", "训练对比用的 SGD 学习率",
              min=1e-6, max=10),
          opt("hidden", "int", 32, "hidden units", "隐藏单元数", min=2, max=256)),
    _demo("init", "initialisation", ("权重初始化", "Weight initialisation"),
          ("全零初始化让隐藏单元始终相同；高斯 σ=1、σ=0.01、Xavier、He 下各层激活值的方差",
           "zero init keeps hidden units identical; activation variance across depth for Gaussian, Xavier, He"),
          opt("schemes", "str", ["zero", "gaussian", "xavier", "he"], "initialisations to compare", "比较的初始化",
              choices=("zero", "gaussian", "xavier", "he"), multiple=True),
          opt("sigma", "float", [1.0, 0.01], "standard deviations of the Gaussian scheme", "高斯初始化的标准差",
              multiple=True, min=1e-6, max=100),
          opt("activation", "str", ["tanh", "relu"], "activations of the depth sweep", "逐层方差实验的激活函数",
              choices=("tanh", "relu", "sigmoid"), multiple=True),
          opt("depth", "int", 10, "layers in the variance sweep", "方差实验的层数", min=1, max=100),
          opt("width", "int", 256, "units per layer in the variance sweep", "方差实验每层单元数", min=2, max=1024)),
    _demo("softmax-overflow", "softmax", ("softmax 数值溢出", "Softmax overflow"),
          ("大 logits 上朴素 softmax 溢出为 NaN，减去最大值的 softmax 正确",
           "naive softmax overflows to NaN on large logits; subtracting the maximum fixes it"),
          opt("z", "float", [1000.0, 1001.0, 1002.0], "the logits", "logits", multiple=True, min=-1e6, max=1e6),
          opt("shift", "float", 0.0, "a constant added to every logit", "加到每个 logit 上的常数", min=-1e6, max=1e6),
          opt("dtype", "str", "float32", "floating-point type", "浮点类型", choices=("float32", "float64"))),
    _demo("losses", "losses", ("MSE、MAE 与 Huber 损失", "MSE, MAE and Huber loss"),
          ("三种回归损失的值与梯度，以及有离群点时拟合的直线",
           "values and gradients of three regression losses, and a line fitted to data with outliers"),
          opt("compare", "str", ["mse", "mae", "huber"], "losses to compare", "比较的损失函数",
              choices=("mse", "mae", "huber"), multiple=True),
          opt("y", "float", [1.0, 2.0, 3.0, 4.0], "targets for the worked table", "表格中的真实值", multiple=True),
          opt("yhat", "float", [1.5, 2.5, 3.5, 10.0], "predictions for the worked table", "表格中的预测值",
              multiple=True),
          opt("delta", "float", 1.0, "Huber's δ", "Huber 损失的 δ", min=1e-6, max=100),
          opt("show", "str", "both", "plot the losses, their gradients, or both", "画损失、梯度或两者",
              choices=("both", "value", "gradient")),
          opt("outliers", "int", 3, "outliers among the 30 points of the line fit", "直线拟合数据中的离群点数",
              min=0, max=10)),
    _demo("fitting", "fitting", ("欠拟合与过拟合", "Underfitting and overfitting"),
          ("多项式次数扫描：训练误差与测试误差重现欠拟合/过拟合表",
           "a capacity sweep over polynomial degree: train and test errors reproduce the under/overfitting table"),
          opt("degree", "int", [1, 3, 5, 9], "polynomial degree(s)", "多项式次数", multiple=True, min=0, max=15),
          opt("early_stopping", "bool", False, "also train with early stopping on a validation set",
              "同时用验证集早停训练"),
          opt("n_train", "int", 10, "training points", "训练样本数", min=4, max=200),
          opt("noise", "float", 0.2, "standard deviation of the label noise", "标签噪声的标准差", min=0, max=2),
          opt("steps", "int", 3000, "full-batch Adam steps per model", "每个模型的 Adam 步数", min=10, max=50000),
          slow=True),
    _demo("regularization", "regularization", ("正则化", "Regularization"),
          ("在会过拟合的网络上比较 dropout、L1/L2 与早停",
           "dropout, L1/L2 and early stopping on a network that overfits"),
          opt("method", "str", ["l2", "dropout", "early_stopping"], "regularizers to compare with the plain model",
              "与无正则化模型比较的方法", choices=("none", "l1", "l2", "dropout", "early_stopping"), multiple=True),
          opt("strength", "float", [0.01], "λ of the L1/L2 penalty (several values: one model each)",
              "L1/L2 惩罚系数 λ", multiple=True, min=0, max=10),
          opt("p", "float", 0.5, "dropout probability", "dropout 概率", min=0, max=0.95),
          opt("steps", "int", 2000, "full-batch Adam steps per model", "每个模型的 Adam 步数", min=10, max=20000),
          slow=True),
    _demo("batchnorm", "batchnorm", ("批量规范化", "Batch normalisation"),
          ("训练与推理模式的输出不同；running mean/var 如何收敛",
           "train-mode vs eval-mode outputs, and how the running statistics converge"),
          opt("batch_size", "int", 16, "samples per batch", "批量大小", min=2, max=1024),
          opt("steps", "int", 100, "training batches that update the running statistics", "更新滑动统计量的批次数",
              min=1, max=2000),
          opt("momentum", "float", 0.1, "momentum of the running statistics", "滑动统计量的动量", min=0, max=1),
          opt("compare", "str", ["batch", "layer"], "BatchNorm, and LayerNorm beside it", "BatchNorm 与 LayerNorm 对比",
              choices=("batch", "layer"), multiple=True)),
    _demo("conv", "conv", ("卷积：边缘检测与输出尺寸", "Convolution: edge detection and output size"),
          ("边缘检测卷积核作用在小图像上；输出尺寸由公式和引擎分别算出",
           "an edge-detection kernel on a small image; the output size by formula and by the engine"),
          opt("n", "int", 8, "image size n×n", "图像尺寸 n×n", min=1, max=512),
          opt("k", "int", 3, "kernel size", "卷积核尺寸", min=1, max=31),
          opt("p", "int", 0, "zero padding per side", "每边零填充", min=0, max=31),
          opt("s", "int", 1, "stride", "步幅", min=1, max=31),
          opt("kernel", "str", "vertical", "which kernel", "卷积核类型",
              choices=("vertical", "horizontal", "laplacian", "blur"))),
    _demo("pooling", "pooling", ("池化与平移", "Pooling and a one-pixel shift"),
          ("图像平移一个像素：最大池化、平均池化、不池化的输出各变了多少",
           "shift the image by one pixel: how much max pooling, average pooling and no pooling change"),
          opt("n", "int", 16, "feature map size n×n", "特征图尺寸 n×n", min=2, max=512),
          opt("k", "int", 2, "pooling window", "池化窗口", min=1, max=16),
          opt("s", "int", None, "stride (default: k)", "步幅（默认等于 k）", min=1, max=16),
          opt("p", "int", 0, "zero padding per side (at most k/2)", "每边填充（不超过 k/2）", min=0, max=8),
          opt("ceil_mode", "bool", False, "round the output size up", "输出尺寸向上取整"),
          # The on/off texture is the default: on it the course's claim shows plainly (most max-pooled outputs
          # stay equal); on a noisy digit max pooling still changes least, but fewer outputs stay exactly equal.
          opt("image", "str", "texture", "a random on/off texture or a noisy digit (as train-cnn sees)",
              "随机 0/1 纹理，或带噪声的数字图像", choices=("texture", "glyph"))),
    _demo("receptive-field", "receptive", ("感受野", "Receptive field"),
          ("中心输出对输入的梯度足迹：叠加 1、2、3 层 3×3 卷积后分别是 3×3、5×5、7×7",
           "the input-gradient footprint of one centre output after each stacked convolution (3×3 ×3 sees 7×7)"),
          opt("k", "int", [3, 3, 3], "kernel size of each layer", "每层卷积核尺寸", multiple=True, min=1, max=15),
          opt("s", "int", None, "stride of each layer (default 1)", "每层步幅（默认 1）", multiple=True, min=1, max=4),
          opt("d", "int", None, "dilation of each layer (default 1)", "每层膨胀率（默认 1）", multiple=True, min=1,
              max=8)),
    _demo("attention", "attention", ("注意力权重", "Attention weights"),
          ("注意力权重热图（有无因果掩码），以及除以 √d_k 对 softmax 饱和的影响",
           "attention weights as a heat map with and without a causal mask; what dividing by √d_k does"),
          opt("seq_len", "int", 8, "tokens in the sequence", "序列长度", min=2, max=32),
          opt("d_k", "int", 64, "query/key dimension", "查询/键的维度 d_k", min=1, max=1024)),
    _demo("lstm", "lstm", ("LSTM 的门与长期记忆", "LSTM gates and long-term memory"),
          ("序列上的门激活；记住第一个符号：LSTM 对比普通 RNN",
           "gate activations along a sequence; remembering the first token, LSTM vs plain RNN"),
          opt("steps", "int", 20, "sequence length: how long the first token must be remembered",
              "序列长度（第一个符号要记住的步数）", min=2, max=200),
          opt("hidden", "int", 16, "hidden units", "隐藏单元数", min=2, max=128),
          opt("iterations", "int", 300, "training iterations per model", "每个模型的训练迭代数", min=1, max=5000),
          slow=True),
    _demo("optimizers", "optimizers", ("优化器轨迹", "Optimizer trajectories"),
          ("病态二次函数上 SGD、动量与 Adam 的轨迹",
           "SGD, momentum and Adam trajectories on an ill-conditioned quadratic"),
          opt("optimizers", "str", ["sgd", "momentum", "adam"], "optimizers to compare", "比较的优化器",
              choices=("sgd", "momentum", "nesterov", "adam"), multiple=True),
          opt("lr", "float", None, "one learning rate for all (default: a suitable one each)",
              "统一的学习率（默认各用合适的值）", min=1e-6, max=100),
          opt("steps", "int", 60, "optimisation steps", "迭代步数", min=1, max=5000),
          opt("condition", "float", 50.0, "condition number of the quadratic (ratio of curvatures)",
              "二次函数的条件数（曲率之比）", min=1, max=1e4),
          opt("momentum", "float", 0.9, "momentum coefficient β", "动量系数 β", min=0, max=0.999)),
    _demo("train-cnn", "train_cnn", ("训练 LeNet", "Training LeNet"),
          ("在生成的数字图像上训练 LeNet：实时损失曲线、进度条和最终准确率",
           "LeNet on generated digit images: a live loss curve, a progress bar and the final accuracy"),
          opt("epochs", "int", 4, "passes over the training set", "训练轮数", min=1, max=50),
          opt("train", "int", 8000, "training images", "训练图像数", min=64, max=60000),
          opt("test", "int", 1000, "test images", "测试图像数", min=10, max=20000),
          opt("batch", "int", 64, "batch size", "批量大小", min=1, max=1024),
          opt("lr", "float", 3e-3, "Adam learning rate", "Adam 学习率", min=1e-6, max=1),
          slow=True),
)}


def _check_receptive(o: dict[str, Any]) -> None:
    for key in ("s", "d"):
        if o[key] is not None and len(o[key]) != len(o["k"]):
            raise UsageError(f"receptive-field: {key} has {len(o[key])} value(s) but k has {len(o['k'])}")
    if len(o["k"]) > 8:
        raise UsageError("receptive-field: at most 8 layers")


def _check_conv(o: dict[str, Any]) -> None:
    if o["n"] + 2 * o["p"] < o["k"]:
        raise UsageError(f"conv: the kernel ({o['k']}) is larger than the padded image ({o['n']}+2·{o['p']})")
    if o["kernel"] == "laplacian" and o["k"] % 2 == 0:
        raise UsageError("conv: the laplacian kernel needs an odd k")


def _check_pooling(o: dict[str, Any]) -> None:
    if 2 * o["p"] > o["k"]:
        raise UsageError(f"pooling: padding {o['p']} is more than half the window {o['k']} (PyTorch rejects it)")
    if o["n"] + 2 * o["p"] < o["k"]:
        raise UsageError(f"pooling: the window ({o['k']}) is larger than the padded map ({o['n']}+2·{o['p']})")


def _check_losses(o: dict[str, Any]) -> None:
    if len(o["y"]) != len(o["yhat"]):
        raise UsageError(f"losses: y has {len(o['y'])} values but yhat has {len(o['yhat'])}")


def _check_softmax(o: dict[str, Any]) -> None:
    if len(o["z"]) > 64:
        raise UsageError("softmax-overflow: at most 64 logits")


def _check_fitting(o: dict[str, Any]) -> None:
    if len(o["degree"]) > 16:
        raise UsageError("fitting: at most 16 degrees")


def _check_regularization(o: dict[str, Any]) -> None:
    if len(o["strength"]) > 6:
        raise UsageError("regularization: at most 6 strengths")


CHECKS: dict[str, Callable[[dict[str, Any]], None]] = {
    "receptive-field": _check_receptive, "conv": _check_conv, "pooling": _check_pooling, "losses": _check_losses,
    "softmax-overflow": _check_softmax, "fitting": _check_fitting, "regularization": _check_regularization,
}


def info(name: str) -> DemoInfo:
    """The catalogue entry of `name` (dashes or underscores).

    Raises:
        UsageError: no demonstration has that name.
    """
    key = name.strip().lower().replace("_", "-")
    if key not in DEMOS:
        import difflib

        close = difflib.get_close_matches(key, DEMOS, n=1)
        hint = f"; did you mean {close[0]}?" if close else f"; choose from {', '.join(DEMOS)}"
        raise UsageError(f"unknown demo {name!r}{hint}")
    return DEMOS[key]


def validate(name: str, args: dict[str, Any]) -> dict[str, Any]:
    """Every option of `name` with its checked value: those in `args`, defaults for the rest.

    Raises:
        UsageError: an unknown demo or option, a bad value, or options that contradict each other.
    """
    demo = info(name)
    unknown = sorted(set(args) - set(demo.options))
    if unknown:
        raise UsageError(f"unknown option {unknown[0]!r} for demo {demo.name}; options: {', '.join(demo.options)}")
    values = {key: spec.default if key not in args or args[key] is None else spec.coerce(args[key])
              for key, spec in demo.options.items()}
    if demo.name in CHECKS:
        CHECKS[demo.name](values)
    return values
