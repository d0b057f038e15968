"""Keras 3's dict inputs of CenterCrop, Resizing and RandomPerspective on every backend: ``{"images", "labels",
"bounding_boxes": {"boxes", "labels"}, "segmentation_masks"}``, with a ``bounding_box_format``.

Expected values marked "Keras" were recorded from Keras 3.15.1 (KERAS_BACKEND=numpy) called on the same 4x6 dict;
the others are worked out by hand in the comments where Keras 3.15.1 differs: it resizes CenterCrop's masks with
bilinear sampling (class ids get mixed), and Resizing's crop_to_aspect_ratio / pad_to_aspect_ratio scale the boxes
without moving them by the crop or padding offset. RandomPerspective's expected values were recorded from Keras
3.15.1's ``transform_bounding_boxes`` / ``transform_segmentation_masks`` / ``transform_images`` given the same fixed
corner points (its draws cannot be matched, so the test layer fixes its points).
"""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras import layers, ops
from multikeras.layers.preprocessing.image_augmentation import RandomPerspective

# A 4x6 image with pixel value 6 * row + column, a mask with classes 1..4 at four pixels, three xyxy boxes.
IMAGE = np.arange(24, dtype="float32").reshape(1, 4, 6, 1)
MASK = np.zeros((1, 4, 6, 1), "float32")
MASK[0, 0, 0, 0], MASK[0, 1, 2, 0], MASK[0, 2, 3, 0], MASK[0, 3, 5, 0] = 1, 2, 3, 4
BOXES = np.array([[[0, 0, 2, 1], [1, 1, 5, 3], [0, 0, 0.5, 0.5]]], "float32")
BOX_LABELS = np.array([[1, 2, 3]], "float32")
SIZE = np.array([6, 4, 6, 4], "float32")


def _np(x):
    return np.asarray(ops.convert_to_numpy(x))


def _data(fmt="xyxy"):
    boxes = BOXES / SIZE if fmt == "rel_xyxy" else BOXES
    return {"images": IMAGE.copy(), "labels": np.array([[7.0]], "float32"),
            "bounding_boxes": {"boxes": boxes.copy(), "labels": BOX_LABELS.copy()},
            "segmentation_masks": MASK.copy()}


CASES = [
    # Keras: the central 2x4 window starts at (row 1, column 1); boxes move by (-1, -1) and are clipped, the two
    # left without area get label -1.
    (lambda fmt: layers.CenterCrop(2, 4, bounding_box_format=fmt),
     [[7, 8, 9, 10], [13, 14, 15, 16]],
     [[0, 0, 1, 0], [0, 0, 4, 2], [0, 0, 0, 0]], [-1, 2, -1],
     [[0, 2, 0, 0], [0, 0, 3, 0]]),
    # Images and boxes as Keras: 6x3 is taller than the input, so the 4x2 window at column 2 is resized by 1.5.
    # Masks by hand with nearest sampling (rows 0, 1, 1, 2, 3, 3 and columns 0, 1, 1 of the window); Keras gives
    # bilinear mixes such as 1.6666666.
    (lambda fmt: layers.CenterCrop(6, 3, bounding_box_format=fmt),
     [[2, 2.5, 3], [5, 5.5, 6], [9, 9.5, 10], [13, 13.5, 14], [17, 17.5, 18], [20, 20.5, 21]],
     [[0, 0, 0, 1.5], [0, 1.5, 3, 4.5], [0, 0, 0, 0.75]], [-1, 2, -1],
     [[0, 0, 0], [2, 0, 0], [2, 0, 0], [0, 3, 3], [0, 0, 0], [0, 0, 0]]),
    # Keras: boxes scaled by (1/2, 1/2), masks with nearest sampling (rows 1, 3 and columns 1, 3, 5).
    (lambda fmt: layers.Resizing(2, 3, bounding_box_format=fmt),
     [[3.5, 5.5, 7.5], [15.5, 17.5, 19.5]],
     [[0, 0, 1, 0.5], [0.5, 0.5, 2.5, 1.5], [0, 0, 0.25, 0.25]], [1, 2, 3],
     [[0, 0, 0], [0, 0, 4]]),
    # Keras: upsampling the rows by 2.
    (lambda fmt: layers.Resizing(8, 3, bounding_box_format=fmt),
     [[0.5, 2.5, 4.5], [2, 4, 6], [5, 7, 9], [8, 10, 12], [11, 13, 15], [14, 16, 18], [17, 19, 21],
      [18.5, 20.5, 22.5]],
     [[0, 0, 1, 2], [0.5, 2, 2.5, 6], [0, 0, 0.25, 1]], [1, 2, 3],
     [[0, 0, 0], [0, 0, 0], [0, 0, 0], [0, 0, 0], [0, 3, 0], [0, 3, 0], [0, 0, 4], [0, 0, 4]]),
    # Images and masks as Keras. Boxes by hand: the 4x4 window starts at column 1, so x moves by -1 before the
    # scaling by 1/2: (0, 0, 2, 1) -> (-0.5, 0, 0.5, 0.5) clipped; the third box is left without area (label -1).
    (lambda fmt: layers.Resizing(2, 2, crop_to_aspect_ratio=True, bounding_box_format=fmt),
     [[4.5, 6.5], [16.5, 18.5]],
     [[0, 0, 0.5, 0.5], [0, 0.5, 2, 1.5], [0, 0, 0, 0.25]], [1, 2, -1],
     [[2, 0], [0, 0]]),
    # Images and masks as Keras. Boxes by hand: one row of padding on top and bottom (6x6), then scaling by 1/3:
    # (0, 0, 2, 1) -> (0, 1, 2, 2) / 3.
    (lambda fmt: layers.Resizing(2, 2, pad_to_aspect_ratio=True, bounding_box_format=fmt),
     [[1, 4], [19, 22]],
     [[0, 1 / 3, 2 / 3, 2 / 3], [1 / 3, 2 / 3, 5 / 3, 4 / 3], [0, 1 / 3, 1 / 6, 0.5]], [1, 2, 3],
     [[0, 0], [0, 0]]),
]


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("fmt", ["xyxy", "rel_xyxy"])
def test_boxes_and_masks_follow_the_crop_or_resize(backend_name, case, fmt):
    make, images, boxes, box_labels, mask = case
    with mk.backend.use(backend_name):
        out = make(fmt)(_data(fmt))
        np.testing.assert_allclose(_np(out["images"])[0, :, :, 0], images, atol=1e-4)
        out_h, out_w = np.array(images).shape
        scale = np.array([out_w, out_h, out_w, out_h], "float32") if fmt == "rel_xyxy" else 1.0
        np.testing.assert_allclose(_np(out["bounding_boxes"]["boxes"])[0] * scale, boxes, atol=1e-5)
        assert _np(out["bounding_boxes"]["labels"])[0].tolist() == box_labels
        np.testing.assert_array_equal(_np(out["segmentation_masks"])[0, :, :, 0], mask)
        assert _np(out["labels"]).tolist() == [[7.0]]


def test_single_images_other_entries_training_and_mask_dtype(backend_name):
    single = {"images": IMAGE[0], "labels": np.array([7.0], "float32"), "extra": "kept",
              "bounding_boxes": {"boxes": BOXES[0], "labels": BOX_LABELS[0], "extra": "kept"},
              "segmentation_masks": MASK[0].astype("int32")}
    with mk.backend.use(backend_name):
        layer = layers.CenterCrop(2, 4, bounding_box_format="xyxy")
        for training in (None, True, False):
            # Keras: the crop is the same in training and outside it.
            out = layer(single, training=training)
            assert set(out) == set(single) and out["extra"] == "kept" and out["bounding_boxes"]["extra"] == "kept"
            np.testing.assert_allclose(_np(out["bounding_boxes"]["boxes"]), [[0, 0, 1, 0], [0, 0, 4, 2], [0, 0, 0, 0]])
            masks = _np(out["segmentation_masks"])
            assert masks.dtype == np.int32 and masks[:, :, 0].tolist() == [[0, 2, 0, 0], [0, 0, 3, 0]]
            assert _np(out["images"]).shape == (2, 4, 1)
        np.testing.assert_array_equal(single["bounding_boxes"]["boxes"], BOXES[0])
        # Masks alone need no box format (Keras); uint8 images keep their dtype in Resizing.
        out = layers.Resizing(2, 3)({"images": IMAGE.astype("uint8"), "segmentation_masks": MASK.astype("int32")})
        assert _np(out["images"]).dtype == np.uint8 and _np(out["segmentation_masks"]).dtype == np.int32
        assert _np(out["segmentation_masks"])[0, :, :, 0].tolist() == [[0, 0, 0], [0, 0, 4]]


def test_dict_output_shapes_and_symbolic_calls(backend_name):
    shapes = {"images": (1, 4, 6, 1), "labels": (1, 1), "bounding_boxes": {"boxes": (1, 3, 4), "labels": (1, 3)},
              "segmentation_masks": (1, 4, 6, 1)}
    with mk.backend.use(backend_name):
        for layer, size in ((layers.CenterCrop(2, 4, bounding_box_format="xyxy"), (2, 4)),
                            (layers.Resizing(2, 3, bounding_box_format="xyxy"), (2, 3))):
            expected = dict(shapes, images=(1, *size, 1), segmentation_masks=(1, *size, 1))
            assert layer.compute_output_shape(shapes) == expected
            inputs = {"images": mk.Input((4, 6, 1), dtype="uint8"),
                      "segmentation_masks": mk.Input((4, 6, 1), dtype="int32"),
                      "bounding_boxes": {"boxes": mk.Input((3, 4)), "labels": mk.Input((3,))}}
            out = layer(inputs)
            assert tuple(out["images"].shape) == (None, *size, 1)
            masks = out["segmentation_masks"]
            assert tuple(masks.shape) == (None, *size, 1) and masks.dtype == "int32"
            assert tuple(out["bounding_boxes"]["boxes"].shape) == (None, 3, 4)
            # CenterCrop casts images to the compute dtype; Resizing keeps integer images' dtype.
            assert out["images"].dtype == ("float32" if isinstance(layer, layers.CenterCrop) else "uint8")


def test_configs_and_errors(backend_name):
    with mk.backend.use(backend_name):
        for layer in (layers.CenterCrop(2, 4, bounding_box_format="rel_xyxy"),
                      layers.Resizing(2, 3, crop_to_aspect_ratio=True, bounding_box_format="xywh")):
            config = layer.get_config()
            # Keras: the key follows data_format, and is written only when a format is set.
            keys = list(config)
            assert keys[keys.index("data_format") + 1] == "bounding_box_format"
            assert config["bounding_box_format"] == layer.bounding_box_format
            assert type(layer).from_config(config).get_config() == config
        assert "bounding_box_format" not in layers.CenterCrop(2, 2).get_config()
        assert "bounding_box_format" not in layers.Resizing(2, 2).get_config()
        with pytest.raises(ValueError, match="CenterCrop 'crop'.*'bounding_boxes' entry.*bounding_box_format"):
            layers.CenterCrop(2, 4, name="crop")(_data())
        with pytest.raises(ValueError, match="Resizing 'resize'.*'images' entry"):
            layers.Resizing(2, 4, name="resize")({"labels": IMAGE})
        with pytest.raises(ValueError, match=r"Resizing .*\(n, 4\) for images of rank 3"):
            layers.Resizing(2, 4, bounding_box_format="xyxy")({"images": IMAGE[0], "bounding_boxes":
                                                               {"boxes": BOXES, "labels": BOX_LABELS}})
        with pytest.raises(ValueError, match="unknown bounding box format"):
            layers.CenterCrop(2, 4, bounding_box_format="abc")


# RandomPerspective ---------------------------------------------------------------------------------------------------

IMAGE5 = np.arange(25, dtype="float32").reshape(1, 5, 5, 1)
MASK5 = np.zeros((1, 5, 5, 1), "float32")
MASK5[0, 0, 0:2, 0], MASK5[0, 1, 0, 0], MASK5[0, 3, 3, 0] = 1, 2, 3
BOXES5 = np.array([[[0, 0, 2, 1], [1, 1, 4, 3], [3, 3, 5, 5]]], "float32")
CORNERS5 = [[0, 0], [4, 0], [0, 4], [4, 4]]


class FixedPerspective(RandomPerspective):
    """RandomPerspective warping every image from the image corners to ``end`` (no random draw)."""

    def __init__(self, end, **kwargs):
        super().__init__(**kwargs)
        self.end = np.array([end], "float32")

    def draw_parameters(self, images):
        return (ops.convert_to_tensor([True]), ops.convert_to_tensor(np.array([CORNERS5], "float32")),
                ops.convert_to_tensor(self.end))


# (end points, boxes, box labels, mask, fill value), recorded from Keras 3.15.1.
PERSPECTIVE_CASES = [
    ([[0, 0], [3.5, 0.5], [0.5, 4], [4.5, 3.5]],
     [[0, 0, 2.1590908, 1.0227273], [1.2073171, 0.9390244, 4.2173915, 2.7702703], [3.4534883, 2.6224489, 5, 4.6025643]],
     [1, 2, 3],
     [[1, 1, 0, 0, 0], [2, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0]], 0.0),
    # The fill value reaches the mask where the warp reads outside the input.
    ([[1, 0.5], [3, 0], [0, 4], [4, 3]],
     [[0.8571429, 0.25, 2, 1], [1.2, 0.4285714, 3.6, 2.4], [2.8, 1.6, 5, 5]], [1, 2, 3],
     [[9, 9, 9, 0, 9], [9, 2, 0, 0, 9], [9, 0, 0, 3, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 9]], 9.0),
    # Halving: the third box shrinks to (1.5, 1.5, 2.5, 2.5).
    ([[0, 0], [2, 0], [0, 2], [2, 2]],
     [[0, 0, 1, 0.5], [0.5, 0.5, 2, 1.5], [1.5, 1.5, 2.5, 2.5]], [1, 2, 3],
     [[1, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0]], 0.0),
]


@pytest.mark.parametrize("case", PERSPECTIVE_CASES)
def test_perspective_moves_boxes_and_masks_as_keras(backend_name, case):
    end, boxes, box_labels, mask, fill_value = case
    with mk.backend.use(backend_name):
        layer = FixedPerspective(end, fill_value=fill_value, bounding_box_format="xyxy")
        out = layer({"images": IMAGE5, "segmentation_masks": MASK5.astype("int32"),
                     "bounding_boxes": {"boxes": BOXES5, "labels": BOX_LABELS.copy()}})
        np.testing.assert_allclose(_np(out["bounding_boxes"]["boxes"])[0], boxes, atol=1e-5)
        assert _np(out["bounding_boxes"]["labels"])[0].tolist() == box_labels
        masks = _np(out["segmentation_masks"])
        assert masks.dtype == np.int32 and masks[0, :, :, 0].tolist() == mask
        if fill_value == 0.0 and end[1] == [2, 0]:
            # Keras: the image halved into the top-left corner.
            np.testing.assert_allclose(_np(out["images"])[0, :3, :3, 0], [[0, 2, 4], [10, 12, 14], [20, 22, 24]])


def test_perspective_boxes_follow_each_random_draw(backend_name):
    # A box drawn around a block of ones of the mask: after any warp the moved mask pixels stay inside the moved box
    # (pixel centres, half a pixel of slack for nearest sampling), and images the draw leaves alone keep their boxes.
    images = np.tile(IMAGE5, (8, 1, 1, 1))
    masks = np.zeros((8, 5, 5, 1), "int32")
    masks[:, 1:4, 1:4] = 1
    boxes = np.tile(np.array([[[1, 1, 4, 4]]], "float32"), (8, 1, 1))
    with mk.backend.use(backend_name):
        layer = RandomPerspective(factor=(0.5, 0.5), scale=0.8, seed=3, bounding_box_format="xyxy")
        out = layer({"images": images, "segmentation_masks": masks,
                     "bounding_boxes": {"boxes": boxes, "labels": np.ones((8, 1), "float32")}})
        moved_images, moved_masks = _np(out["images"]), _np(out["segmentation_masks"])
        moved_boxes = _np(out["bounding_boxes"]["boxes"])
        warped = [not np.allclose(moved_images[i], images[i]) for i in range(8)]
        assert any(warped)
        for i in range(8):
            if not warped[i]:
                np.testing.assert_array_equal(moved_boxes[i], boxes[i])
                np.testing.assert_array_equal(moved_masks[i], masks[i])
                continue
            rows, cols = np.nonzero(moved_masks[i, :, :, 0])
            x1, y1, x2, y2 = moved_boxes[i, 0]
            assert rows.size and (cols + 0.5 >= x1 - 0.5).all() and (cols + 0.5 <= x2 + 0.5).all()
            assert (rows + 0.5 >= y1 - 0.5).all() and (rows + 0.5 <= y2 + 0.5).all()
        # One image (no batch axis) in a relative format, outside training: everything passes through.
        single = {"images": IMAGE5[0], "bounding_boxes": {"boxes": BOXES5[0] / 5, "labels": BOX_LABELS[0]},
                  "segmentation_masks": MASK5[0]}
        held = RandomPerspective(scale=0.5, bounding_box_format="rel_xyxy")(single, training=False)
        np.testing.assert_allclose(_np(held["bounding_boxes"]["boxes"]), BOXES5[0] / 5)
        relative = FixedPerspective([[0, 0], [2, 0], [0, 2], [2, 2]], bounding_box_format="rel_xyxy")(single)
        np.testing.assert_allclose(_np(relative["bounding_boxes"]["boxes"]) * 5,
                                   [[0, 0, 1, 0.5], [0.5, 0.5, 2, 1.5], [1.5, 1.5, 2.5, 2.5]], atol=1e-5)
