"""MaxNumBoundingBoxes on every backend: padding and truncation, the dict layouts, shapes and dtypes, config.

Behaviour observed by running Keras 3.15.1 (``KERAS_BACKEND=jax``) on the same inputs: the first
``max_number`` boxes are kept, missing ones are filled with ``fill_value`` (boxes and labels), boxes come out
in the compute dtype and labels in their dtype; images pass through.
"""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras import layers, ops

BOXES = np.arange(20, dtype="float32").reshape(5, 4)
LABELS = np.arange(5, dtype="int32")


def numpy(x):
    return np.asarray(ops.convert_to_numpy(x))


def test_pads_and_truncates(backend_name):
    with mk.backend.use(backend_name):
        padded = layers.MaxNumBoundingBoxes(7)({"boxes": BOXES, "labels": LABELS})
        assert numpy(padded["boxes"]).tolist() == BOXES.tolist() + [[-1.0] * 4] * 2
        assert numpy(padded["labels"]).tolist() == [0, 1, 2, 3, 4, -1, -1]
        assert ops.dtype(padded["labels"]) == "int32"
        images = np.zeros((1, 4, 4, 3), "float32")
        data = {"images": images, "bounding_boxes": {"boxes": BOXES[None].astype("int32"), "labels": LABELS[None]},
                "labels": "kept"}
        cut = layers.MaxNumBoundingBoxes(2, fill_value=-5, bounding_box_format="xyxy")(data)
        assert cut is not data and cut["labels"] == "kept" and data["bounding_boxes"]["boxes"].shape == (1, 5, 4)
        assert numpy(cut["images"]).shape == (1, 4, 4, 3)
        assert numpy(cut["bounding_boxes"]["boxes"]).tolist() == [BOXES[:2].tolist()]
        assert ops.dtype(cut["bounding_boxes"]["boxes"]) == "float32"  # the compute dtype, as in Keras 3
        assert numpy(cut["bounding_boxes"]["labels"]).tolist() == [[0, 1]]
        # one-hot labels (Keras 3.15 fails on them): whole rows are filled
        one_hot = layers.MaxNumBoundingBoxes(6, fill_value=-2)({"boxes": BOXES[None], "labels": np.eye(5)[None]})
        assert numpy(one_hot["labels"]).tolist() == [np.eye(5).tolist() + [[-2.0] * 5]]
        # an images tensor alone passes through
        assert numpy(layers.MaxNumBoundingBoxes(3)(images)).shape == (1, 4, 4, 3)


def test_symbolic_shapes_and_model(backend_name):
    with mk.backend.use(backend_name):
        images, boxes, labels = mk.Input((4, 4, 3)), mk.Input((None, 4)), mk.Input((None,), dtype="int32")
        layer = layers.MaxNumBoundingBoxes(3, bounding_box_format="xyxy")
        out = layer({"images": images, "bounding_boxes": {"boxes": boxes, "labels": labels}})
        assert out["images"].shape == (None, 4, 4, 3)
        assert out["bounding_boxes"]["boxes"].shape == (None, 3, 4) and out["bounding_boxes"]["labels"].dtype == "int32"
        assert layer.compute_output_shape({"boxes": (5, 4), "labels": (5, 2)}) == {"boxes": (3, 4), "labels": (3, 2)}
        model = mk.Model([images, boxes, labels], [out["bounding_boxes"]["boxes"], out["bounding_boxes"]["labels"]])
        got_boxes, got_labels = model.predict([np.zeros((2, 4, 4, 3)), np.stack([BOXES, BOXES]),
                                               np.stack([LABELS, LABELS])], verbose=0)
        assert got_boxes.shape == (2, 3, 4) and got_labels.tolist() == [[0, 1, 2], [0, 1, 2]]


def test_config_and_arguments():
    layer = layers.MaxNumBoundingBoxes(4, fill_value=-2, bounding_box_format="YXYX", data_format="channels_first",
                                       name="m")
    config = layer.get_config()
    # Keras 3.15 writes the same keys except fill_value (it drops it, so a reloaded layer fills with -1)
    assert {key: config[key] for key in ("name", "data_format", "bounding_box_format", "max_number", "fill_value")} \
        == {"name": "m", "data_format": "channels_first", "bounding_box_format": "yxyx", "max_number": 4,
            "fill_value": -2}
    assert "bounding_box_format" not in layers.MaxNumBoundingBoxes(4).get_config()  # as Keras 3: only when set
    assert layers.MaxNumBoundingBoxes.from_config(config).get_config() == config
    with pytest.raises(ValueError, match=r"MaxNumBoundingBoxes 'bad': `max_number` must be a positive int, "
                                         r"received max_number=0"):
        layers.MaxNumBoundingBoxes(0, name="bad")
    with pytest.raises(ValueError, match=r"unknown bounding box format bounding_box_format='corners'"):
        layers.MaxNumBoundingBoxes(3, bounding_box_format="corners")
    with mk.backend.use("numpy"):
        with pytest.raises(ValueError, match=r"MaxNumBoundingBoxes 'b': inputs\['bounding_boxes'\] must be a dict "
                                             r"with 'boxes'"):
            layers.MaxNumBoundingBoxes(3, name="b")({"images": np.zeros((4, 4, 3)), "bounding_boxes": BOXES})
        with pytest.raises(ValueError, match=r"expected boxes of shape \(n, 4\) or \(batch, n, 4\), received shape "
                                             r"\(5, 2\)"):
            layers.MaxNumBoundingBoxes(3)({"boxes": BOXES[:, :2]})
