"""The glyph generator: deterministic, well-formed, and learnable."""

from __future__ import annotations

import numpy as np
import pytest

from solvers.engine import datasets


def test_same_seed_same_images_other_seed_other_images() -> None:
    a, b, c = datasets.glyphs(50, seed=3), datasets.glyphs(50, seed=3), datasets.glyphs(50, seed=4)
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])
    assert not np.array_equal(a[0], c[0])


def test_shapes_dtypes_and_classes() -> None:
    images, labels = datasets.glyphs(500, seed=0)
    assert images.shape == (500, 1, 16, 16) and images.dtype == np.float32
    assert labels.dtype == np.int64 and set(labels.tolist()) == set(range(10))


def test_templates_are_distinct_and_noise_free_images_match_a_shifted_template() -> None:
    shapes = datasets.templates()
    flat = shapes.reshape(10, -1)
    assert len({row.tobytes() for row in flat}) == 10
    images, labels = datasets.glyphs(20, seed=1, noise=0.0, max_shift=0)
    ink = images[:, 0] > 0
    assert (ink.sum(axis=(1, 2)) == flat[labels].sum(axis=1)).all()


def test_train_and_test_sets_differ() -> None:
    (x_train, _), (x_test, _) = datasets.train_test(10, 10, seed=0)
    assert not np.array_equal(x_train, x_test)


def test_nearest_template_classifies_clean_glyphs_perfectly() -> None:
    images, labels = datasets.glyphs(200, seed=2, noise=0.0, max_shift=0)
    shapes = datasets.templates()
    top, left = (16 - 14) // 2, (16 - 10) // 2
    crops = (images[:, 0, top : top + 14, left : left + 10] > 0).astype(np.float32)
    distances = ((crops[:, None] - shapes[None]) ** 2).sum(axis=(2, 3))
    assert (distances.argmin(axis=1) == labels).all()


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="max_shift"):
        datasets.glyphs(5, max_shift=4)
