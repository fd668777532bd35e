"""Glyphs: a procedurally generated 10-class image set (16×16 digits with shifts and noise), no downloads.

The digits are drawn from a 5×7 bitmap font at twice the size, placed at a random offset, dimmed at
random and covered with Gaussian noise. The same seed always gives the same images.
"""

from __future__ import annotations

import numpy as np

SIZE = 16
CLASSES = tuple("0123456789")

_FONT = {  # 5×7 bitmaps, one string per row
    "0": ("01110", "10001", "10011", "10101", "11001", "10001", "01110"),
    "1": ("00100", "01100", "00100", "00100", "00100", "00100", "01110"),
    "2": ("01110", "10001", "00001", "00010", "00100", "01000", "11111"),
    "3": ("11111", "00010", "00100", "00010", "00001", "10001", "01110"),
    "4": ("00010", "00110", "01010", "10010", "11111", "00010", "00010"),
    "5": ("11111", "10000", "11110", "00001", "00001", "10001", "01110"),
    "6": ("00110", "01000", "10000", "11110", "10001", "10001", "01110"),
    "7": ("11111", "00001", "00010", "00100", "01000", "01000", "01000"),
    "8": ("01110", "10001", "10001", "01110", "10001", "10001", "01110"),
    "9": ("01110", "10001", "10001", "01111", "00001", "00010", "01100"),
}


def templates() -> np.ndarray:
    """The ten clean glyphs at double size: (10, 14, 10) float32 of zeros and ones."""
    small = np.array([[[c == "1" for c in row] for row in _FONT[d]] for d in CLASSES], dtype=np.float32)
    return small.repeat(2, axis=1).repeat(2, axis=2)


def glyphs(n: int, seed: int = 0, noise: float = 0.35, max_shift: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """n noisy glyph images and their labels.

    Args:
        n: how many images.
        seed: the random seed; the same seed gives the same images.
        noise: standard deviation of the added Gaussian noise (the ink is 0.6 to 1.0 bright).
        max_shift: the largest sideways offset from the centre (0 to 3); vertical offsets stop at 1 pixel,
            since the glyph is 14 of the 16 rows tall.

    Returns:
        images (n, 1, 16, 16) float32 and labels (n,) int64 in 0..9.
    """
    if n < 0 or noise < 0 or not 0 <= max_shift <= 3:
        raise ValueError("need n >= 0, noise >= 0 and 0 <= max_shift <= 3")
    rng = np.random.default_rng(seed)
    shapes = templates()
    gh, gw = shapes.shape[1:]
    labels = rng.integers(0, len(CLASSES), size=n)
    top = (SIZE - gh) // 2 + rng.integers(
        -min(max_shift, (SIZE - gh) // 2), min(max_shift, (SIZE - gh) // 2) + 1, n
    )
    left = (SIZE - gw) // 2 + rng.integers(-max_shift, max_shift + 1, n)
    canvas = np.zeros((n, SIZE, SIZE), dtype=np.float32)
    rows = top[:, None, None] + np.arange(gh)[None, :, None]
    cols = left[:, None, None] + np.arange(gw)[None, None, :]
    brightness = rng.uniform(0.6, 1.0, size=(n, 1, 1)).astype(np.float32)
    canvas[np.arange(n)[:, None, None], rows, cols] = shapes[labels] * brightness
    canvas += rng.normal(0.0, noise, size=canvas.shape).astype(np.float32)
    return canvas[:, None], labels.astype(np.int64)


def train_test(
    n_train: int, n_test: int, seed: int = 0, noise: float = 0.35, max_shift: int = 3
) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """A training set and a test set drawn with different seeds derived from `seed`."""
    return glyphs(n_train, 2 * seed, noise, max_shift), glyphs(n_test, 2 * seed + 1, noise, max_shift)
