"""`multikeras.utils.bounding_boxes` on every backend, against values recorded from Keras 3.

The literals marked "Keras 3" were printed by a script that ran Keras 3.15.1
(``KERAS_BACKEND=jax``, ``keras.utils.bounding_boxes``) on the same inputs;
they are rounded to 6 decimals and compared with a tolerance of 1e-5.
"""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras import ops
from multikeras.utils import bounding_boxes

BOXES = np.array([[10.0, 20.0, 50.0, 80.0], [0.0, 5.0, 30.0, 15.0]], "float32")  # xyxy; image 100 x 200

# Keras 3: convert_format(BOXES, "xyxy", target, height=100, width=200)
FROM_XYXY = {
    "xyxy": [[10, 20, 50, 80], [0, 5, 30, 15]],
    "yxyx": [[20, 10, 80, 50], [5, 0, 15, 30]],
    "xywh": [[10, 20, 40, 60], [0, 5, 30, 10]],
    "center_xywh": [[30, 50, 40, 60], [15, 10, 30, 10]],
    "center_yxhw": [[50, 30, 60, 40], [10, 15, 10, 30]],
    "rel_xyxy": [[0.05, 0.2, 0.25, 0.8], [0.0, 0.05, 0.15, 0.15]],
    "rel_yxyx": [[0.2, 0.05, 0.8, 0.25], [0.05, 0.0, 0.15, 0.15]],
    "rel_xywh": [[0.05, 0.2, 0.2, 0.6], [0.0, 0.05, 0.15, 0.1]],
    "rel_center_xywh": [[0.15, 0.5, 0.2, 0.6], [0.075, 0.1, 0.15, 0.1]],
}
# Keras 3: convert_format(BOXES, source, "xyxy", height=100, width=200), BOXES read as `source` boxes
TO_XYXY = {
    "yxyx": [[20, 10, 80, 50], [5, 0, 15, 30]],
    "xywh": [[10, 20, 60, 100], [0, 5, 30, 20]],
    "center_xywh": [[-15, -20, 35, 60], [-15, -2.5, 15, 12.5]],
    "center_yxhw": [[-20, -15, 60, 35], [-2.5, -15, 12.5, 15]],
    "rel_xyxy": [[2000, 2000, 10000, 8000], [0, 500, 6000, 1500]],
    "rel_yxyx": [[4000, 1000, 16000, 5000], [1000, 0, 3000, 3000]],
    "rel_xywh": [[2000, 2000, 12000, 10000], [0, 500, 6000, 2000]],
    "rel_center_xywh": [[-3000, -2000, 7000, 6000], [-3000, -250, 3000, 1250]],
}

IOU_BOXES1 = np.array([[0, 0, 10, 10], [5, 5, 15, 20], [2, 3, 4, 5], [-1, -1, -1, -1]], "float32")
IOU_BOXES2 = np.array([[0, 0, 10, 10], [20, 20, 30, 30], [3, 2, 12, 8]], "float32")

CLIP_BOXES = np.array([[-10, -20, 150, 160], [50, 40, 70, 80], [130, 5, 140, 50], [10, 10, 10, 30], [30, 40, 10, 20]],
                      "float32")
CLIP_LABELS = np.array([0, 1, 2, 3, 4], "int32")


def numpy(x):
    return np.asarray(ops.convert_to_numpy(x))


def assert_close(actual, expected, atol=1e-5):
    np.testing.assert_allclose(numpy(actual), np.asarray(expected, "float64"), rtol=1e-5, atol=atol)


# --- convert_format ----------------------------------------------------------------------------------------------


def test_convert_format_matches_keras(backend_name):
    with mk.backend.use(backend_name):
        for target, expected in FROM_XYXY.items():
            converted = bounding_boxes.convert_format(BOXES, "xyxy", target, height=100, width=200)
            assert ops.dtype(converted) == "float32", target
            assert_close(converted, expected)
        for source, expected in TO_XYXY.items():
            assert_close(bounding_boxes.convert_format(BOXES, source.upper(), "xyxy", height=100, width=200), expected)
        # relative to relative never goes through pixels (Keras 3: the same values for any height and width)
        assert_close(bounding_boxes.convert_format(BOXES / 100, "rel_xyxy", "rel_center_xywh", height=7, width=3),
                     [[0.3, 0.5, 0.4, 0.6], [0.15, 0.1, 0.3, 0.1]])
        # every format converts back to the same corners, on a batch
        batch = np.stack([BOXES, BOXES[::-1]])
        for layout in bounding_boxes.formats.FORMATS:
            there = bounding_boxes.convert_format(batch, "xyxy", layout, height=100, width=200)
            back = bounding_boxes.convert_format(there, layout, "xyxy", height=100, width=200)
            assert tuple(ops.shape(back)) == (2, 2, 4)
            assert_close(back, batch, atol=1e-4)


def test_convert_format_dtypes_and_dicts(backend_name):
    integers = np.array([[11, 21, 50, 80]], "int32")
    with mk.backend.use(backend_name):
        assert ops.dtype(bounding_boxes.convert_format(integers, "xyxy", "xyxy")) == "float32"  # cast, as Keras 3
        assert ops.dtype(bounding_boxes.convert_format(integers, "xyxy", "xywh", dtype=None)) == "float32"  # floatx
        half = bounding_boxes.convert_format(integers, "xyxy", "xywh", dtype="float16")
        assert ops.dtype(half) == "float16"
        assert_close(half, [[11, 21, 39, 59]])
        # integer boxes in a centre format need halves: they come out as floats (Keras 3 values)
        center = bounding_boxes.convert_format(integers, "xyxy", "center_xywh", dtype="int32")
        assert ops.dtype(center) == "float32"
        assert_close(center, [[30.5, 50.5, 39, 59]])
        assert_close(bounding_boxes.convert_format(integers, "xyxy", "rel_xyxy", height=7, width=9, dtype="int32"),
                     [[11 / 9, 3.0, 50 / 9, 80 / 7]])
        labels = np.array([3])
        data = {"boxes": integers, "labels": labels}
        converted = bounding_boxes.convert_format(data, "xyxy", "yxyx")
        assert converted is not data and data["boxes"] is integers  # the input dict is left alone
        assert_close(converted["boxes"], [[21, 11, 80, 50]])
        assert converted["labels"] is labels


def test_convert_format_errors():
    with mk.backend.use("numpy"):
        with pytest.raises(ValueError, match=r"convert_format: unknown bounding box format source='xyz'; expected "
                                             r"one of xyxy, yxyx"):
            bounding_boxes.convert_format(BOXES, "xyz", "xyxy")
        with pytest.raises(ValueError, match=r"target='rel_center_yxhw'"):  # Keras 3 has no such format either
            bounding_boxes.convert_format(BOXES, "xyxy", "rel_center_yxhw", height=1, width=1)
        with pytest.raises(ValueError, match=r"convert_format: `boxes` must have a last axis of length 4; "
                                             r"received shape \(2, 3\)"):
            bounding_boxes.convert_format(BOXES[:, :3], "xyxy", "xywh")
        with pytest.raises(ValueError, match=r"needs the image `height` and `width`; received height=100 and "
                                             r"width=None"):
            bounding_boxes.convert_format(BOXES, "xyxy", "rel_xyxy", height=100)
        with pytest.raises(ValueError, match=r"convert_format: a dict input needs a 'boxes' entry .*\['labels'\]"):
            bounding_boxes.convert_format({"labels": [1]}, "xyxy", "xywh")


# --- compute_iou / compute_ciou ----------------------------------------------------------------------------------


def test_compute_iou_matches_keras(backend_name):
    with mk.backend.use(backend_name):
        iou = bounding_boxes.compute_iou(IOU_BOXES1, IOU_BOXES2, "xyxy")
        assert ops.dtype(iou) == "float32" and tuple(ops.shape(iou)) == (4, 3)
        # Keras 3
        xyxy = [[1.0, 0.0, 0.375], [0.111111, 0.0, 0.114754], [0.04, 0.0, 0.035714], [0.0, 0.0, 0.0]]
        assert_close(iou, xyxy)
        assert_close(bounding_boxes.compute_iou(IOU_BOXES1, IOU_BOXES2, "center_yxhw"),
                     [[1.0, 0.0, 0.4], [0.230769, 0.066667, 0.302632], [0.176471, 0.0, 0.208333], [0.0, 0.0, 0.0]])
        assert_close(bounding_boxes.compute_iou(IOU_BOXES1 / 40, IOU_BOXES2 / 40, "rel_xywh", image_shape=(40, 30, 3)),
                     [[1.0, 0.0, 0.4], [0.066667, 0.0, 0.144509], [0.2, 0.0, 0.148515], [0.0, 0.0, 0.0]])
        # the all -1 box of IOU_BOXES1 is padding: its row becomes mask_val
        assert_close(bounding_boxes.compute_iou(IOU_BOXES1, IOU_BOXES2, "xyxy", use_masking=True),
                     xyxy[:3] + [[-1.0, -1.0, -1.0]])
        masked = bounding_boxes.compute_iou(IOU_BOXES2, IOU_BOXES1, "xyxy", use_masking=True, mask_val=-1)
        assert_close(ops.transpose(masked), xyxy[:3] + [[-1.0, -1.0, -1.0]])
        # batched, and an unbatched side shared by the batch
        batched = bounding_boxes.compute_iou(IOU_BOXES1[None], np.stack([IOU_BOXES2, IOU_BOXES2]), "xyxy")
        assert tuple(ops.shape(batched)) == (2, 4, 3)
        assert_close(batched[1], xyxy)
        assert tuple(ops.shape(bounding_boxes.compute_iou(IOU_BOXES1, IOU_BOXES2[None], "xyxy"))) == (1, 4, 3)
        integers = bounding_boxes.compute_iou(IOU_BOXES1.astype("int32"), IOU_BOXES2.astype("int32"), "xyxy")
        assert ops.dtype(integers) == "float32"
        # empty boxes give 0, not NaN
        assert_close(bounding_boxes.compute_iou(np.zeros((1, 4)), np.zeros((1, 4)), "xyxy"), [[0.0]])


def test_compute_ciou_matches_keras(backend_name):
    with mk.backend.use(backend_name):
        ciou = bounding_boxes.compute_ciou(IOU_BOXES1[:3], IOU_BOXES2, "xyxy")
        assert ops.dtype(ciou) == "float32" and tuple(ops.shape(ciou)) == (3,)
        assert_close(ciou, [1.0, -0.305246, -0.12079])  # Keras 3
        assert_close(bounding_boxes.compute_ciou(IOU_BOXES1[:3], IOU_BOXES2, "center_xywh"),
                     [1.0, -0.083092, 0.196936])  # Keras 3
        batched = bounding_boxes.compute_ciou(IOU_BOXES1[None, :3], IOU_BOXES2[None], "xyxy")
        assert tuple(ops.shape(batched)) == (1, 3)
        # Keras 3.15 refuses relative formats even with image_shape; here they give the absolute result
        assert_close(bounding_boxes.compute_ciou(IOU_BOXES1[:3] / 40, IOU_BOXES2 / 40, "rel_xyxy",
                                                 image_shape=(40, 40, 3)), numpy(ciou))
        assert_close(bounding_boxes.compute_ciou(np.zeros((1, 4)), np.zeros((1, 4)), "xyxy"), [0.0])


def test_iou_errors():
    with mk.backend.use("numpy"):
        with pytest.raises(ValueError, match=r"compute_iou: expected boxes1 and boxes2 of rank 2 .* received shapes "
                                             r"\(1, 1, 4, 4\) and \(3, 4\)"):
            bounding_boxes.compute_iou(IOU_BOXES1[None, None], IOU_BOXES2, "xyxy")
        with pytest.raises(ValueError, match=r"compute_iou: the relative format 'rel_xyxy' needs `image_shape`"):
            bounding_boxes.compute_iou(IOU_BOXES1, IOU_BOXES2, "rel_xyxy")
        with pytest.raises(ValueError, match=r"compute_ciou: unknown bounding box format "
                                             r"bounding_box_format='corners'"):
            bounding_boxes.compute_ciou(IOU_BOXES1, IOU_BOXES1, "corners")
        with pytest.raises(ValueError, match=r"compute_iou: `boxes2` must have a last axis of length 4"):
            bounding_boxes.compute_iou(IOU_BOXES1, IOU_BOXES2[:, :2], "xyxy")


# --- clip_to_image_size, pad, crop ---------------------------------------------------------------------------------

CLIPPED = [[0, 0, 120, 100], [50, 40, 70, 80], [120, 5, 120, 50], [10, 10, 10, 30], [30, 40, 10, 20]]  # Keras 3
CLIPPED_LABELS = [0, 1, -1, -1, 4]  # Keras 3: no area left -> -1; the inverted last box has a positive product


def test_clip_to_image_size_matches_keras(backend_name):
    with mk.backend.use(backend_name):
        data = {"boxes": CLIP_BOXES, "labels": CLIP_LABELS, "images": "kept"}
        clipped = bounding_boxes.clip_to_image_size(data, height=100, width=120)
        assert clipped is not data and clipped["images"] == "kept" and data["boxes"] is CLIP_BOXES
        assert_close(clipped["boxes"], CLIPPED)
        assert numpy(clipped["labels"]).tolist() == CLIPPED_LABELS and ops.dtype(clipped["labels"]) == "int32"
        relative = bounding_boxes.clip_to_image_size({"boxes": CLIP_BOXES / 100, "labels": CLIP_LABELS},
                                                     bounding_box_format="rel_xyxy")
        assert_close(relative["boxes"], [[0, 0, 1, 1], [0.5, 0.4, 0.7, 0.8], [1, 0.05, 1, 0.5], [0.1, 0.1, 0.1, 0.3],
                                         [0.3, 0.4, 0.1, 0.2]])  # Keras 3
        assert numpy(relative["labels"]).tolist() == CLIPPED_LABELS
        # integer boxes stay integers (the size is cast to them, as in Keras 3); a batch; one-hot labels
        integers = bounding_boxes.clip_to_image_size({"boxes": CLIP_BOXES.astype("int32")[None],
                                                      "labels": np.eye(5, dtype="float32")[None]},
                                                     height=100.5, width=120)
        assert ops.dtype(integers["boxes"]) == "int32"
        assert_close(integers["boxes"], [CLIPPED])
        expected_one_hot = np.eye(5)
        expected_one_hot[[2, 3]] = -1
        assert_close(integers["labels"], [expected_one_hot])
        # other formats: clipped in corners, returned in their format
        as_xywh = bounding_boxes.convert_format(CLIP_BOXES[:3], "xyxy", "xywh")
        assert_close(bounding_boxes.clip_to_image_size(as_xywh, 100, 120, bounding_box_format="xywh"),
                     numpy(bounding_boxes.convert_format(np.asarray(CLIPPED[:3], "float32"), "xyxy", "xywh")))


def test_pad_and_crop_match_keras(backend_name):
    with mk.backend.use(backend_name):
        padded = bounding_boxes.pad(CLIP_BOXES, 5, 7)
        assert_close(padded, [[-3, -15, 157, 165], [57, 45, 77, 85], [137, 10, 147, 55], [17, 15, 17, 35],
                              [37, 45, 17, 25]])  # Keras 3
        cropped = bounding_boxes.crop(CLIP_BOXES, 5, 7, 50, 60)
        assert_close(cropped, [[0, 0, 60, 50], [43, 35, 60, 50], [60, 0, 60, 45], [3, 5, 3, 25],
                               [23, 35, 3, 15]])  # Keras 3
        integers = CLIP_BOXES.astype("int32")
        assert ops.dtype(bounding_boxes.pad(integers, 5, 7)) == "int32"
        assert ops.dtype(bounding_boxes.pad(integers, 5.5, 7)) == "float32"  # as Keras 3
        assert ops.dtype(bounding_boxes.crop(integers, 5, 7, 50, 60)) == "int32"
        # centre formats move the same way, and integer ones stay integers
        center = bounding_boxes.convert_format(CLIP_BOXES[1:2], "xyxy", "center_yxhw", dtype="int32")
        assert_close(bounding_boxes.pad(center, 5, 7, bounding_box_format="center_yxhw"), [[65, 67, 40, 20]])
        assert ops.dtype(bounding_boxes.pad(ops.cast(center, "int32"), 5, 7, bounding_box_format="center_yxhw")) \
            == "int32"
        assert_close(bounding_boxes.crop(CLIP_BOXES[:1], 5, 7, 50, 60, bounding_box_format="yxyx"),
                     [[0, 0, 50, 60]])
        # one offset per image of a batch
        batch = np.stack([CLIP_BOXES[:2], CLIP_BOXES[:2]])
        shifted = bounding_boxes.pad(batch, np.array([0.0, 5.0], "float32"), np.array([0.0, 7.0], "float32"))
        assert_close(shifted, [CLIP_BOXES[:2], numpy(padded)[:2]])
        moved = bounding_boxes.crop({"boxes": batch, "labels": [1, 2]}, np.array([5, 0]), np.array([7, 0]), 50, 60)
        assert_close(moved["boxes"][0], numpy(cropped)[:2])
        assert moved["labels"] == [1, 2]


def test_geometry_errors():
    with mk.backend.use("numpy"):
        with pytest.raises(ValueError, match=r"clip_to_image_size: the absolute format 'xyxy' needs the image "
                                             r"`height` and `width`; received height=None and width=None"):
            bounding_boxes.clip_to_image_size({"boxes": CLIP_BOXES, "labels": CLIP_LABELS})
        with pytest.raises(NotImplementedError, match=r"pad: relative formats are not supported \(received "
                                                      r"bounding_box_format='rel_xyxy'\)"):
            bounding_boxes.pad(CLIP_BOXES, 1, 1, bounding_box_format="rel_xyxy")
        with pytest.raises(ValueError, match=r"crop: unknown bounding box format bounding_box_format='xyzw'"):
            bounding_boxes.crop(CLIP_BOXES, 1, 1, 5, 5, bounding_box_format="xyzw")
        with pytest.raises(ValueError, match=r"clip_to_image_size: a dict input needs a 'boxes' entry"):
            bounding_boxes.clip_to_image_size({"labels": CLIP_LABELS}, 10, 10)


# --- encode_box_to_deltas / decode_deltas_to_boxes ---------------------------------------------------------------

ANCHORS = np.array([[0, 0, 10, 10], [5, 5, 15, 25]], "float32")
TARGETS = np.array([[1, 2, 9, 12], [6, 4, 14, 22]], "float32")
DELTAS = np.array([[0.1, -0.2, 0.3, 0.05], [0.0, 0.5, -0.1, 0.2]], "float32")


def test_deltas_match_keras(backend_name):
    with mk.backend.use(backend_name):
        encoded = bounding_boxes.encode_box_to_deltas(ANCHORS, TARGETS, "xyxy", "xyxy")
        assert ops.dtype(encoded) == "float32"
        assert_close(encoded, [[0.2, 0.0, 0.0, -0.223144], [-0.1, 0.0, -0.105361, -0.223144]])  # Keras 3
        assert_close(bounding_boxes.encode_box_to_deltas(ANCHORS, TARGETS, "xyxy", "xyxy",
                                                         variance=[0.1, 0.1, 0.2, 0.2]),
                     [[2.0, 0.0, 0.0, -1.115718], [-1.0, 0.0, -0.526803, -1.115718]])  # Keras 3
        assert_close(bounding_boxes.encode_box_to_deltas(ANCHORS, TARGETS, "xywh", "yxyx"),
                     [[0.0, 0.2, -0.223144, 0.0], [-0.3, 0.033333, -1.139434, 0.182322]])  # Keras 3
        assert_close(bounding_boxes.encode_box_to_deltas(ANCHORS / 40, TARGETS / 40, "rel_xyxy", "rel_xyxy",
                                                         image_shape=(40, 40, 3)), numpy(encoded))
        decoded = bounding_boxes.decode_deltas_to_boxes(ANCHORS, DELTAS, "xyxy", "xyxy")
        assert_close(decoded, [[-2.256355, -0.749294, 8.256356, 12.749294],
                               [8.892986, 5.951626, 21.107014, 24.048374]])  # Keras 3
        assert_close(bounding_boxes.decode_deltas_to_boxes(ANCHORS, DELTAS, "xywh", "yxyx"),
                     [[-0.749294, -2.256355, 12.749294, 8.256356],
                      [6.189532, 10.839479, 28.810467, 29.160521]])  # Keras 3
        assert_close(bounding_boxes.decode_deltas_to_boxes(ANCHORS / 40, DELTAS, "rel_xyxy", "rel_xyxy",
                                                           image_shape=(40, 40, 3)), numpy(decoded) / 40)
        levels = bounding_boxes.decode_deltas_to_boxes({"p3": ANCHORS, "p4": ANCHORS[:1]},
                                                       {"p3": DELTAS, "p4": DELTAS[:1]}, "xyxy", "xyxy")
        assert_close(levels["p4"], numpy(decoded)[:1])
        # decoding inverts encoding, with a variance and a batch axis
        variance = [0.1, 0.1, 0.2, 0.2]
        deltas = bounding_boxes.encode_box_to_deltas(ANCHORS, TARGETS[None], "xyxy", "center_xywh",
                                                     encoding_format="center_xywh", variance=variance)
        assert tuple(ops.shape(deltas)) == (1, 2, 4)
        assert_close(bounding_boxes.decode_deltas_to_boxes(ANCHORS, deltas, "xyxy", "center_xywh",
                                                           encoded_format="center_xywh", variance=variance),
                     [TARGETS], atol=1e-4)


def test_deltas_errors():
    with mk.backend.use("numpy"):
        with pytest.raises(ValueError, match=r"encode_box_to_deltas: `encoding_format` must be 'center_yxhw' or "
                                             r"'center_xywh'; received encoding_format='xyxy'"):
            bounding_boxes.encode_box_to_deltas(ANCHORS, TARGETS, "xyxy", "xyxy", encoding_format="xyxy")
        with pytest.raises(ValueError, match=r"decode_deltas_to_boxes: `variance` must hold 4 numbers"):
            bounding_boxes.decode_deltas_to_boxes(ANCHORS, DELTAS, "xyxy", "xyxy", variance=[0.1, 0.1])
        with pytest.raises(ValueError, match=r"encode_box_to_deltas: the relative format 'rel_xyxy' needs "
                                             r"`image_shape`"):
            bounding_boxes.encode_box_to_deltas(ANCHORS, TARGETS, "rel_xyxy", "xyxy")
        with pytest.raises(ValueError, match=r"decode_deltas_to_boxes: dict inputs need the same keys"):
            bounding_boxes.decode_deltas_to_boxes({"a": ANCHORS}, {"b": DELTAS}, "xyxy", "xyxy")


# --- affine_transform --------------------------------------------------------------------------------------------

# one image per transform, each moving BOXES: angle, translate_x, translate_y, scale, shear_x, shear_y, center_x,
# center_y; rows 6 and 7 combine rotation with shear, row 8 everything
AFFINE = np.array([[30, 0, 0, 1, 0, 0, .5, .5],
                   [0, .1, -.2, 1, 0, 0, .5, .5],
                   [0, 0, 0, 1.5, 0, 0, .5, .5],
                   [0, 0, 0, 1, 10, 0, .5, .5],
                   [0, 0, 0, 1, 0, -15, .5, .5],
                   [30, 0, 0, 1, 10, 0, .5, .5],
                   [90, 0, 0, 1, 0, 10, .5, .5],
                   [-40, .1, .05, .8, 10, 20, .2, .7]], "float32")
# Keras 3 (jax): affine_transform(np.stack([BOXES] * 8), *AFFINE.T[:6], 100, 200, center_x=AFFINE[:, 6],
# center_y=AFFINE[:, 7]), printed by a script and rounded to 6 decimals (KERAS_BACKEND=numpy prints the same)
AFFINE_MOVED = [
    [[7.240728, 48.702251, 71.881744, 120.663773], [-8.919525, 45.711872, 22.061237, 69.372124]],
    [[29.900002, 0.199997, 69.900002, 60.199997], [19.900002, -14.800003, 49.900002, -4.800003]],
    [[-34.75, 5.25, 25.25, 95.25], [-49.75, -17.25, -4.75, -2.25]],
    [[4.798354, 20.0, 55.377968, 80.0], [-7.846551, 5.0, 23.916719, 15.0]],
    [[10.0, 33.263481, 50.0, 103.981453], [0.0, 23.622467, 30.0, 41.660942]],
    [[-5.154663, 48.702251, 72.17511, 120.663773], [-24.487106, 45.711872, 10.665596, 69.372124]],
    [[70.000008, 93.79837, 130.0, 144.377991], [55.000008, 111.153465, 65.000008, 142.916733]],
    [[28.146906, 43.122372, 73.81057, 98.153999], [51.864807, 29.364464, 70.741508, 55.7397]],
]


def test_affine_transform_matches_keras(backend_name):
    with mk.backend.use(backend_name):
        moved = bounding_boxes.affine_transform(np.stack([BOXES] * 8), *AFFINE.T[:6], 100, 200,
                                                center_x=AFFINE[:, 6], center_y=AFFINE[:, 7])
        assert ops.dtype(moved) == "float32"
        assert_close(moved, AFFINE_MOVED, atol=1e-4)
        # one image (n, 4) with numbers; the centre defaults to the middle
        last = [float(v) for v in AFFINE[6, :6]]
        assert_close(bounding_boxes.affine_transform(BOXES, *last, height=100, width=200), AFFINE_MOVED[6], atol=1e-4)
        # integer boxes become floatx; other absolute formats move the same corners
        integers = bounding_boxes.affine_transform(BOXES.astype("int32"), *last, 100, 200)
        assert ops.dtype(integers) == "float32"
        assert_close(integers, AFFINE_MOVED[6], atol=1e-4)
        as_yxyx = bounding_boxes.convert_format(BOXES, "xyxy", "yxyx")
        assert_close(bounding_boxes.affine_transform(as_yxyx, *last, 100, 200, bounding_box_format="yxyx"),
                     np.asarray(AFFINE_MOVED[6])[:, [1, 0, 3, 2]], atol=1e-4)


def test_affine_transform_errors():
    with mk.backend.use("numpy"):
        with pytest.raises(ValueError, match=r"affine_transform: `angle` must be a number or a tensor of shape "
                                             r"\(batch,\) for boxes of rank 3; received shape \(2, 1\)"):
            bounding_boxes.affine_transform(BOXES[None], np.zeros((2, 1)), 0, 0, 1, 0, 0, 10, 10)
        with pytest.raises(ValueError, match=r"affine_transform: `scale` must be a number or a tensor of shape "
                                             r"\(\) or \(1,\) for boxes of rank 2; received shape \(3,\)"):
            bounding_boxes.affine_transform(BOXES, 0, 0, 0, np.ones(3), 0, 0, 10, 10)
        with pytest.raises(ValueError, match=r"affine_transform: `boxes` must have shape \(n, 4\) or "
                                             r"\(batch, n, 4\); received shape \(4,\)"):
            bounding_boxes.affine_transform(BOXES[0], 0, 0, 0, 1, 0, 0, 10, 10)
        with pytest.raises(NotImplementedError, match=r"affine_transform: relative formats are not supported"):
            bounding_boxes.affine_transform(BOXES, 0, 0, 0, 1, 0, 0, 10, 10, bounding_box_format="rel_xyxy")


# --- compiled functions and the namespace ------------------------------------------------------------------------


def test_inside_a_compiled_function(backend_name):
    with mk.backend.use(backend_name):
        if not mk.backend.capabilities().supports_jit:
            return  # nothing compiles on this backend; the eager results are checked above

        # one call that goes through convert_format (centre <-> corners), clipping and labels; kept small,
        # as torch.compile takes seconds per op on a CPU (the other functions are built from the same ops)
        def clip(boxes):
            clipped = bounding_boxes.clip_to_image_size({"boxes": boxes, "labels": ops.arange(5)}, 100, 120,
                                                        bounding_box_format="center_xywh")
            return clipped["boxes"], clipped["labels"]

        boxes = bounding_boxes.convert_format(CLIP_BOXES, "xyxy", "center_xywh")
        compiled = mk.backend.jit(clip)(boxes)
        np.testing.assert_allclose(numpy(compiled[0]), numpy(clip(boxes)[0]), rtol=1e-5, atol=1e-5)
        assert numpy(compiled[1]).tolist() == CLIPPED_LABELS


def test_symbolic_inputs(backend_name):
    with mk.backend.use(backend_name):
        boxes, labels = mk.Input((None, 4)), mk.Input((5,), dtype="int32")
        assert bounding_boxes.convert_format(boxes, "xyxy", "center_yxhw").shape == (None, None, 4)
        assert bounding_boxes.compute_iou(boxes, boxes, "xyxy", use_masking=True).shape == (None, None, None)
        clipped = bounding_boxes.clip_to_image_size({"boxes": mk.Input((5, 4)), "labels": labels}, 10, 10)
        assert clipped["labels"].shape == (None, 5) and clipped["labels"].dtype == "int32"
        assert bounding_boxes.decode_deltas_to_boxes(boxes, boxes, "xyxy", "yxyx").shape == (None, None, 4)


def test_namespace():
    assert mk.utils.bounding_boxes is bounding_boxes
    assert "bounding_boxes" in mk.utils.__all__
    # everything keras.utils.bounding_boxes has (Keras 3.15.1)
    assert sorted(bounding_boxes.__all__) == ["affine_transform", "clip_to_image_size", "compute_ciou",
                                              "compute_iou", "convert_format", "crop", "decode_deltas_to_boxes",
                                              "encode_box_to_deltas", "pad"]
