"""Keras 3's dict inputs of the image augmentation layers on every backend: ``{"images", "labels",
"bounding_boxes": {"boxes", "labels"}, "segmentation_masks"}``.

Colour layers pass boxes and masks through; RandomFlip, the affine layers (RandomRotation, RandomTranslation,
RandomZoom, RandomShear) and RandomCrop move them with the images from the same draw. Expected boxes and masks of the
deterministic settings were recorded from Keras 3.15.1 (KERAS_BACKEND=numpy, each layer called on the same 5x5 dict in
a separate process) and agree with the values worked out by hand in the comments; random cases are checked against
the images' own outcome. RandomCrop's boxes are checked by hand only: Keras 3.15.1 moves them by the wrong offsets.
"""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras import ops
from multikeras.layers.preprocessing.image_augmentation import (
    MixUp,
    RandomBrightness,
    RandomContrast,
    RandomCrop,
    RandomFlip,
    RandomGrayscale,
    RandomRotation,
    RandomShear,
    RandomTranslation,
    RandomZoom,
)

# A 5x5 image with pixel value 5 * row + column, a mask with class 1 at (0, 0) and (0, 1) and class 2 at (1, 0),
# and two boxes in xyxy.
IMAGE5 = np.arange(25, dtype="float32").reshape(1, 5, 5, 1)
MASK5 = np.zeros((1, 5, 5, 1), "float32")
MASK5[0, 0, 0:2, 0] = 1
MASK5[0, 1, 0, 0] = 2
BOXES5 = np.array([[[0, 0, 2, 1], [1, 1, 4, 3]]], "float32")
BOX_LABELS5 = np.array([[1, 2]], "float32")


def _np(x):
    return np.asarray(ops.convert_to_numpy(x))


def _data5():
    return {"images": IMAGE5.copy(), "bounding_boxes": {"boxes": BOXES5.copy(), "labels": BOX_LABELS5.copy()},
            "segmentation_masks": MASK5.copy()}


# Recorded from Keras 3.15.1 (numpy backend) with the same inputs: (layer, boxes, box labels, mask).
AFFINE_CASES = [
    # A quarter turn counter-clockwise about (2, 2): (x, y) -> (y, 4 - x).
    (lambda: RandomRotation((0.25, 0.25), bounding_box_format="xyxy"),
     [[0, 2, 1, 4], [1, 0, 3, 3]], [1, 2],
     [[0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [1, 0, 0, 0, 0], [1, 2, 0, 0, 0]]),
    # An eighth turn: the rotated corners' box, clipped to the image.
    (lambda: RandomRotation((0.125, 0.125), bounding_box_format="xyxy"),
     [[0.0, 0.5857864618, 1.2928931713, 2.7071068287], [0.5857864618, 0.0, 4.1213197708, 3.4142134190]], [1, 2],
     [[0, 0, 0, 0, 0], [1, 0, 0, 0, 0], [0, 0, 0, 0, 0], [2, 0, 0, 0, 0], [0, 0, 0, 0, 0]]),
    # One pixel down, two right; the second box is clipped at x = 5; the mask is reflected at the border.
    (lambda: RandomTranslation((0.2, 0.2), (0.4, 0.4), bounding_box_format="xyxy"),
     [[2, 1, 4, 2], [3, 2, 5, 4]], [1, 2],
     [[1, 1, 1, 1, 0], [1, 1, 1, 1, 0], [0, 2, 2, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0]]),
    # Three pixels up: both boxes leave the image, lose their area and their labels become -1.
    (lambda: RandomTranslation((-0.6, -0.6), (0.4, 0.4), bounding_box_format="xyxy"),
     [[2, 0, 4, 0], [3, 0, 5, 0]], [-1, -1], [[0] * 5] * 5),
    # Zoom out 1.5x about (2, 2): x -> 2 + (x - 2) / 1.5.
    (lambda: RandomZoom((0.5, 0.5), bounding_box_format="xyxy"),
     [[2 / 3, 2 / 3, 2, 4 / 3], [4 / 3, 4 / 3, 10 / 3, 8 / 3]], [1, 2],
     [[1, 1, 0, 0, 0], [2, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0]]),
    # Zoom in 0.6x vertically, out 1.2x horizontally.
    (lambda: RandomZoom((-0.4, -0.4), (0.2, 0.2), bounding_box_format="xyxy"),
     [[1 / 3, 0, 2, 1 / 3], [7 / 6, 1 / 3, 11 / 3, 11 / 3]], [1, 2],
     [[2, 0, 0, 0, 0], [2, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0]]),
]


@pytest.mark.parametrize("case", range(len(AFFINE_CASES)))
def test_affine_layers_move_boxes_and_masks_as_keras(backend_name, case):
    make, boxes, labels, mask = AFFINE_CASES[case]
    with mk.backend.use(backend_name):
        out = make()(_data5())
        np.testing.assert_allclose(_np(out["bounding_boxes"]["boxes"]), [boxes], atol=1e-5)
        assert _np(out["bounding_boxes"]["labels"]).tolist() == [labels]
        assert _np(out["segmentation_masks"])[0, :, :, 0].tolist() == mask
        assert _np(out["segmentation_masks"]).dtype == np.float32


def test_shear_moves_boxes_with_the_drawn_sign(backend_name):
    # The sign of the shear is random: read it from the image. Output (x, y) samples input (x + s y, y), so
    # corners move by x -> x - s y. With s = 0.5: [0, 0, 2, 1] keeps its box, [1, 1, 4, 3] -> [0, 1, 3.5, 3] (the
    # Keras 3.15.1 values for seed 3); with s = -0.5: [0, 0, 2.5, 1] and [1.5, 1, 5, 3] (clipped at x = 5).
    expected = {1: [[0, 0, 2, 1], [0, 1, 3.5, 3]], -1: [[0, 0, 2.5, 1], [1.5, 1, 5, 3]]}
    with mk.backend.use(backend_name):
        layer = RandomShear(x_factor=(0.5, 0.5), fill_mode="constant", bounding_box_format="xyxy", seed=3)
        signs = set()
        for _ in range(6):
            out = layer(_data5())
            # s = 0.5 reads x = 0.5 on row 1 (5.5); s = -0.5 reads x = -0.5, half in the zero fill (2.5).
            sign = 1 if abs(float(_np(out["images"])[0, 1, 0, 0]) - 5.5) < 1e-4 else -1
            signs.add(sign)
            np.testing.assert_allclose(_np(out["bounding_boxes"]["boxes"]), [expected[sign]], atol=1e-5)
            # Row 0 is not sheared; the mask's (1, 0) class moves right by one half, rounded by nearest sampling.
            assert _np(out["segmentation_masks"])[0, 0, :, 0].tolist() == [1, 1, 0, 0, 0]
        assert signs == {1, -1}


def test_flip_moves_boxes_and_masks_with_each_image(backend_name):
    # Eight copies of one 4x6 image: each is flipped on both axes or not; the image tells which.
    images = np.repeat(np.arange(24, dtype="float32").reshape(1, 4, 6, 1), 8, axis=0)
    boxes = np.repeat(np.array([[[0, 0, 2, 2], [1, 1, 3, 4]]], "float32"), 8, axis=0)
    flipped_boxes = [[4, 2, 6, 4], [3, 0, 5, 3]]  # x -> 6 - x, y -> 4 - y, sides swapped (Keras 3.15.1's values)
    with mk.backend.use(backend_name):
        layer = RandomFlip(seed=5, bounding_box_format="xyxy")
        out = layer({"images": images, "bounding_boxes": {"boxes": boxes, "labels": np.ones((8, 2), "int32")},
                     "segmentation_masks": images.astype("int32")})
        out_images = _np(out["images"])
        flipped = out_images[:, 0, 0, 0] == 23
        assert 0 < flipped.sum() < 8 and np.all(flipped | (out_images[:, 0, 0, 0] == 0))
        expected = np.where(flipped[:, None, None], np.array(flipped_boxes, "float32"), boxes)
        np.testing.assert_allclose(_np(out["bounding_boxes"]["boxes"]), expected, atol=1e-6)
        assert _np(out["bounding_boxes"]["labels"]).tolist() == [[1, 1]] * 8
        masks = _np(out["segmentation_masks"])
        assert masks.dtype == np.int32 and np.array_equal(masks, out_images.astype("int32"))


@pytest.mark.parametrize("fmt, boxes, moved", [
    # Horizontal flip of a 4x6 image in other formats: x -> 6 - x.
    ("rel_xyxy", [0, 0, 1 / 3, 0.5], [2 / 3, 0, 1, 0.5]),
    ("yxyx", [0, 0, 2, 2], [0, 4, 2, 6]),
    ("xywh", [1, 1, 2, 3], [3, 1, 2, 3]),
])
def test_flip_keeps_the_box_format(backend_name, fmt, boxes, moved):
    images = np.arange(24, dtype="float32").reshape(1, 4, 6, 1)
    with mk.backend.use(backend_name):
        layer = RandomFlip("horizontal", seed=0, bounding_box_format=fmt)
        seen = set()
        for _ in range(8):
            out = layer({"images": images, "bounding_boxes": {"boxes": np.array([[boxes]], "float32"),
                                                              "labels": np.ones((1, 1))}})
            was_flipped = float(_np(out["images"])[0, 0, 0, 0]) == 5.0
            seen.add(was_flipped)
            np.testing.assert_allclose(_np(out["bounding_boxes"]["boxes"])[0, 0], moved if was_flipped else boxes,
                                       atol=1e-6)
        assert seen == {True, False}


def test_random_crop_cuts_boxes_and_masks_with_the_images(backend_name):
    # A 6x8 image with pixel value 8 * row + column: the output's first pixel gives the window's (top, left).
    images = np.arange(48, dtype="float32").reshape(1, 6, 8, 1)
    data = {"images": images, "bounding_boxes": {"boxes": np.array([[[2, 2, 5, 4], [7, 0, 8, 1]]], "float32"),
                                                 "labels": np.array([[1, 2]], "int32")},
            "segmentation_masks": images.astype("int32")}
    with mk.backend.use(backend_name):
        layer = RandomCrop(3, 4, seed=1, bounding_box_format="xyxy")
        for _ in range(3):
            out = layer(data)
            first = int(_np(out["images"])[0, 0, 0, 0])
            top, left = divmod(first, 8)
            # Boxes move to the window's origin and are clipped to 4x3; a box left without area gets label -1.
            moved = np.clip(np.array([[2, 2, 5, 4], [7, 0, 8, 1]], "float32") - [left, top, left, top], 0, [4, 3, 4, 3])
            np.testing.assert_allclose(_np(out["bounding_boxes"]["boxes"])[0], moved, atol=1e-6)
            has_area = (moved[:, 2] - moved[:, 0]) * (moved[:, 3] - moved[:, 1]) > 0
            assert _np(out["bounding_boxes"]["labels"])[0].tolist() == np.where(has_area, [1, 2], -1).tolist()
            masks = _np(out["segmentation_masks"])
            assert masks.dtype == np.int32 and np.array_equal(masks, _np(out["images"]).astype("int32"))
        # Outside training the whole 6x8 image (already 3:4) is resized to 3x4: boxes and masks are halved.
        held = layer(data, training=False)
        np.testing.assert_allclose(_np(held["bounding_boxes"]["boxes"]), [[[1, 1, 2.5, 2], [3.5, 0, 4, 0.5]]])
        assert _np(held["segmentation_masks"]).shape == (1, 3, 4, 1) and _np(held["images"]).shape == (1, 3, 4, 1)
        # Relative boxes are fractions of the output image: a whole-image resize leaves them as they were.
        relative = np.array([[[0.25, 1 / 3, 0.625, 2 / 3]]], "float32")
        held = RandomCrop(3, 4, bounding_box_format="rel_xyxy")(
            {"images": images, "bounding_boxes": {"boxes": relative, "labels": np.ones((1, 1))}}, training=False)
        np.testing.assert_allclose(_np(held["bounding_boxes"]["boxes"]), relative, rtol=1e-6)
        # A single image smaller than the target: the central 6x7 window is resized to 8x10.
        small = RandomCrop(8, 10, bounding_box_format="xyxy")(
            {"images": images[0], "bounding_boxes": {"boxes": np.array([[2, 2, 5, 4]], "float32"),
                                                     "labels": np.array([1])}})
        np.testing.assert_allclose(_np(small["bounding_boxes"]["boxes"]), [[20 / 7, 8 / 3, 50 / 7, 16 / 3]],
                                   rtol=1e-6)
        assert layer.compute_output_shape({"images": (None, 6, 8, 3), "segmentation_masks": (None, 6, 8, 1)}) == {
            "images": (None, 3, 4, 3), "segmentation_masks": (None, 3, 4, 1)}


def test_colour_layers_pass_boxes_masks_and_other_entries_through(backend_name):
    data = {"images": IMAGE5, "labels": np.array([3]), "extra": "kept",
            "bounding_boxes": {"boxes": BOXES5, "labels": BOX_LABELS5}, "segmentation_masks": MASK5.astype("int32")}
    with mk.backend.use(backend_name):
        for layer in (RandomBrightness(0.5, seed=1, bounding_box_format="xyxy"),
                      RandomContrast(0.5, seed=1, bounding_box_format="xyxy")):
            out = layer(data)
            assert set(out) == set(data) and out["extra"] == "kept" and out is not data
            assert not np.array_equal(_np(out["images"]), IMAGE5)
            # The layer call converts NumPy entries to the backend's tensors; their values are kept.
            assert _np(out["labels"]).tolist() == [3]
            np.testing.assert_array_equal(_np(out["bounding_boxes"]["boxes"]), BOXES5)
            np.testing.assert_array_equal(_np(out["bounding_boxes"]["labels"]), BOX_LABELS5)
            masks = _np(out["segmentation_masks"])
            assert masks.dtype == np.int32 and np.array_equal(masks, MASK5)


def test_single_images_inference_and_the_callers_dict(backend_name):
    single = {"images": IMAGE5[0], "labels": np.array(4),
              "bounding_boxes": {"boxes": BOXES5[0], "labels": BOX_LABELS5[0], "extra": "kept"},
              "segmentation_masks": MASK5[0]}
    copy = {key: (dict(value) if isinstance(value, dict) else value) for key, value in single.items()}
    with mk.backend.use(backend_name):
        layer = RandomRotation((0.25, 0.25), bounding_box_format="xyxy")
        out = layer(single)
        np.testing.assert_allclose(_np(out["bounding_boxes"]["boxes"]), [[0, 2, 1, 4], [1, 0, 3, 3]], atol=1e-5)
        assert _np(out["bounding_boxes"]["labels"]).shape == (2,) and out["bounding_boxes"]["extra"] == "kept"
        assert _np(out["segmentation_masks"]).shape == (5, 5, 1) and _np(out["images"]).shape == (5, 5, 1)
        assert _np(out["labels"]).tolist() == 4
        # The caller's dicts are left as they were.
        assert all(single[key] is copy[key] for key in copy if key != "bounding_boxes")
        assert single["bounding_boxes"] == copy["bounding_boxes"]
        np.testing.assert_array_equal(single["bounding_boxes"]["boxes"], BOXES5[0])
        # Outside training only the images change (cast to the compute dtype), as in Keras 3.
        held = layer(_data5(), training=False)
        np.testing.assert_array_equal(_np(held["images"]), IMAGE5)
        np.testing.assert_array_equal(held["bounding_boxes"]["boxes"], BOXES5)
        np.testing.assert_array_equal(held["segmentation_masks"], MASK5)


# Compiled on the backends whose compilers take this call in seconds. torch.compile of it takes about 40 s on the
# CI machine, so the torch.compile path of the affine layers is not covered here (as in test_augmentation_training).
@pytest.mark.parametrize("compiling_backend", ["jax", "tensorflow"])
def test_compiled_calls_move_boxes_and_masks(compiling_backend):
    with mk.backend.use(compiling_backend):
        layer = RandomRotation((0.25, 0.25), bounding_box_format="xyxy")

        def rotate(images, boxes, labels, masks):
            out = layer({"images": images, "bounding_boxes": {"boxes": boxes, "labels": labels},
                         "segmentation_masks": masks})
            return out["bounding_boxes"]["boxes"], out["bounding_boxes"]["labels"], out["segmentation_masks"]

        boxes, labels, masks = mk.backend.jit(rotate)(*(ops.convert_to_tensor(x)
                                                         for x in (IMAGE5, BOXES5, BOX_LABELS5, MASK5)))
        np.testing.assert_allclose(_np(boxes), [[[0, 2, 1, 4], [1, 0, 3, 3]]], atol=1e-5)
        assert _np(labels).tolist() == [[1, 2]]
        assert _np(masks)[0, :, :, 0].tolist() == AFFINE_CASES[0][3]


def test_configs_round_trip_the_box_format(backend_name):
    with mk.backend.use(backend_name):
        for layer in (RandomFlip(bounding_box_format="xyxy", seed=1), RandomZoom(0.2, bounding_box_format="rel_yxyx"),
                      RandomBrightness(0.1, bounding_box_format="xyxy"), RandomShear(0.1, bounding_box_format="xywh")):
            config = layer.get_config()
            assert config["bounding_box_format"] == layer.bounding_box_format
            assert type(layer).from_config(config).get_config() == config
        # As in Keras 3.15.1, the key is written only when a format is set.
        assert "bounding_box_format" not in RandomRotation(0.1).get_config()


def test_errors_name_the_layer_and_what_was_received(backend_name):
    boxes = {"boxes": BOXES5, "labels": BOX_LABELS5}
    with mk.backend.use(backend_name):
        with pytest.raises(ValueError, match="random_flip.*'images' entry.*'labels'.*expected 'images'"):
            RandomFlip(name="random_flip")({"labels": IMAGE5})
        with pytest.raises(ValueError, match="bounding_box_format"):
            RandomFlip()({"images": IMAGE5, "bounding_boxes": boxes})
        with pytest.raises(ValueError, match="bounding_box_format"):
            RandomBrightness(0.1)({"images": IMAGE5, "bounding_boxes": boxes})
        with pytest.raises(ValueError, match="'boxes' and 'labels'; received \\['boxes'\\]"):
            RandomFlip(bounding_box_format="xyxy")({"images": IMAGE5, "bounding_boxes": {"boxes": BOXES5}})
        with pytest.raises(ValueError, match="\\(n, 4\\) for images of rank 3"):
            RandomFlip(bounding_box_format="xyxy")({"images": IMAGE5[0], "bounding_boxes": boxes})
        with pytest.raises(ValueError, match="segmentation_masks.*rank of the images"):
            RandomFlip()({"images": IMAGE5, "segmentation_masks": MASK5[0]})
        with pytest.raises(ValueError, match="unknown bounding box format"):
            RandomFlip(bounding_box_format="abc")
        with pytest.raises(NotImplementedError, match="MixUp|mix_up"):
            MixUp(bounding_box_format="xyxy")({"images": IMAGE5, "bounding_boxes": boxes})


def _layouts(tree):
    """``{key: (shape, dtype)}`` of a dict output (nested for the boxes), batch axis left out (unknown in a spec)."""
    return {key: (_layouts(value) if isinstance(value, dict) else
                  (tuple(value.shape)[1:], str(ops.dtype(value)) if not isinstance(value, mk.KerasTensor) else
                   str(value.dtype)))
            for key, value in tree.items() if key != "extra"}


# (make the layer, whether it takes boxes and masks): a representative set of the layers that take dicts.
SPEC_LAYERS = [
    (lambda: RandomFlip(bounding_box_format="xyxy", seed=1), True),
    (lambda: RandomRotation(0.2, bounding_box_format="xyxy", seed=1), True),
    (lambda: RandomCrop(2, 3, bounding_box_format="xyxy", seed=1), True),
    (lambda: mk.layers.CenterCrop(2, 3, bounding_box_format="xyxy"), True),
    (lambda: mk.layers.Resizing(2, 3, bounding_box_format="xyxy"), True),
    (lambda: RandomBrightness(0.2, bounding_box_format="xyxy", seed=1), True),
    (lambda: RandomGrayscale(0.5, bounding_box_format="xyxy", seed=1), True),
    (lambda: RandomContrast(0.2, bounding_box_format="xyxy", seed=1), True),
    (lambda: MixUp(seed=1), False),
]


@pytest.mark.parametrize("case", range(len(SPEC_LAYERS)))
def test_symbolic_dict_calls_give_the_eager_shapes_and_dtypes(backend_name, case):
    # Integer masks, labels and boxes: moved boxes come out float32, masks and labels keep int32 (mixed labels come
    # out float32), images in the compute dtype; the symbolic call must say the same, in and out of training.
    make, boxes_and_masks = SPEC_LAYERS[case]
    data = {"images": np.ones((2, 4, 4, 3), "float32"), "labels": np.array([0, 1], "int32"), "extra": "kept"}
    inputs = {"images": mk.Input((4, 4, 3)), "labels": mk.Input((), dtype="int32"), "extra": "kept"}
    if boxes_and_masks:
        data["segmentation_masks"] = np.ones((2, 4, 4, 1), "int32")
        data["bounding_boxes"] = {"boxes": np.array([[[0, 0, 2, 2]]] * 2, "int32"), "labels": np.ones((2, 1), "int32")}
        inputs["segmentation_masks"] = mk.Input((4, 4, 1), dtype="int32")
        inputs["bounding_boxes"] = {"boxes": mk.Input((1, 4), dtype="int32"), "labels": mk.Input((1,), dtype="int32")}
    with mk.backend.use(backend_name):
        for training in (True, False):
            layer = make()
            if isinstance(layer, (mk.layers.CenterCrop, mk.layers.Resizing)):
                eager, symbolic = layer(data), layer(inputs)  # no `training` argument: always the same move
            else:
                eager, symbolic = layer(data, training=training), layer(inputs, training=training)
            assert _layouts(symbolic) == _layouts(eager), (type(layer).__name__, training)
            assert symbolic["extra"] == "kept"
