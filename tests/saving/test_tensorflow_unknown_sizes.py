"""Models and layers inside TensorFlow graphs traced with unknown sizes (``tf.function`` with an
``input_signature`` of ``None`` sizes, as ``tf.data`` pipelines and exported serving functions trace them).

There ``ops.shape`` gives scalar tensors for the unknown sizes, as in Keras 3, so code can compute with them
(``ops.reshape(x, (ops.shape(x)[0], -1))``); shape checks read ``static_shape`` instead. Every model of the
Keras-interop corpus (``keras_interop_cases``, one case per layer) is traced with an unknown batch size, and
every one-layer case with every size unknown, and must give the eager outputs.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import optree
import pytest
from keras_interop_cases import CASES, build_case, flatten_outputs, register_functions

import multikeras as mk
from multikeras import ops
from multikeras.utils.static_shapes import static_shape

tf = pytest.importorskip("tensorflow")

# Layers that need a size the graph does not know, and say so (data: Keras 3 fails on these too).
NEEDS_KNOWN_SIZES = {
    "CategoryEncoding_one_hot": "the last axis (an axis of size 1 is replaced by the one-hot axis)",
    "Discretization": "the last axis (one-hot output, as CategoryEncoding)",
    "ContrastLimitedAdaptiveHistogramEqualization": "height, width and channels (the tiles are laid out in Python)",
}


def _graph_and_eager_outputs(case_name: str, every_size_unknown: bool) -> tuple[list, list]:
    case = CASES[case_name]
    with mk.backend.use("tensorflow"):
        register_functions(mk)
        model = build_case(case, mk)
        inputs = optree.tree_map(tf.constant, case.model_inputs(case.draw_inputs()))

        def spec(array: Any) -> Any:
            unknown = (None,) * array.shape.rank if every_size_unknown else (None, *array.shape[1:])
            return tf.TensorSpec(unknown, array.dtype)

        if every_size_unknown:
            # The layers themselves, past the model's input checks (a model declares its input sizes).
            def run(x: Any) -> Any:
                for layer in model.layers:
                    x = layer(x, training=False)
                return x
        else:
            def run(x: Any) -> Any:
                return model(x, training=False)

        graph = tf.function(run, input_signature=[optree.tree_map(spec, inputs)])
        return flatten_outputs(graph(inputs), np.asarray), flatten_outputs(run(inputs), np.asarray)


@pytest.mark.parametrize("case_name", sorted(CASES))
def test_every_case_traced_with_an_unknown_batch_size_gives_the_eager_outputs(case_name):
    graph, eager = _graph_and_eager_outputs(case_name, every_size_unknown=False)
    assert len(graph) == len(eager)
    for got, expected in zip(graph, eager):
        np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-5)


# The cases built by ``layer_case``: a Sequential of an input and layers called one after the other.
ONE_LAYER_CASES = sorted(
    name for name, case in CASES.items()
    if case.build.__qualname__.startswith("_sequential.") and name not in NEEDS_KNOWN_SIZES
)


@pytest.mark.parametrize("case_name", ONE_LAYER_CASES)
def test_every_layer_traced_with_every_size_unknown_gives_the_eager_outputs(case_name):
    graph, eager = _graph_and_eager_outputs(case_name, every_size_unknown=True)
    assert len(graph) == len(eager)
    for got, expected in zip(graph, eager):
        np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("case_name", sorted(NEEDS_KNOWN_SIZES))
def test_layers_that_need_known_sizes_say_which_and_show_the_shape(case_name):
    with pytest.raises(ValueError) as caught:
        _graph_and_eager_outputs(case_name, every_size_unknown=True)
    message = str(caught.value)
    assert "must be known" in message or "needs the size" in message
    assert "None" in message  # the received shape


def test_ops_shape_in_a_graph_gives_tensors_for_unknown_sizes_and_ints_for_known_ones():
    seen = {}

    def probe(x):
        seen["shape"], seen["static"] = ops.shape(x), static_shape(x)
        batch = ops.shape(x)[0]
        return ops.reshape(x, (batch, -1)), ops.zeros((batch, 2)), mk.random.uniform((batch, 2), seed=1)

    with mk.backend.use("tensorflow"):
        graph = tf.function(probe, input_signature=[tf.TensorSpec((None, 3, None), tf.float32)])
        flat, zeros, drawn = graph(tf.ones((4, 3, 5)))
        batch, channels, width = seen["shape"]
        assert tf.is_tensor(batch) and tf.is_tensor(width) and channels == 3 and type(channels) is int
        assert seen["static"] == (None, 3, None)
        assert flat.shape == (4, 15) and zeros.shape == drawn.shape == (4, 2)
        # Eager tensors have every size known: plain ints.
        assert ops.shape(tf.ones((4, 3, 5))) == (4, 3, 5)


@pytest.mark.parametrize("image_size", [(9, 7), (5, 3), (3, 12)], ids=["larger", "smaller", "wider"])
@pytest.mark.parametrize("layer_name", ["RandomCrop", "CenterCrop", "Resizing_crop", "Resizing_pad"])
@pytest.mark.parametrize("training", [False, True])
def test_cropping_layers_with_unknown_image_sizes_pick_the_eager_window_at_run_time(layer_name, image_size, training):
    """The window (and, for images smaller than the target, the crop-and-resize) is chosen at run time and equals
    the eager result for larger, smaller and differently shaped images; random crops draw the same window from
    the same seed."""

    def make():
        return {
            "RandomCrop": lambda: mk.layers.RandomCrop(4, 5, seed=3),
            "CenterCrop": lambda: mk.layers.CenterCrop(4, 5),
            "Resizing_crop": lambda: mk.layers.Resizing(4, 5, crop_to_aspect_ratio=True),
            "Resizing_pad": lambda: mk.layers.Resizing(4, 5, pad_to_aspect_ratio=True, fill_value=0.5),
        }[layer_name]()

    images = np.random.default_rng(5).uniform(size=(2, *image_size, 3)).astype("float32")
    with mk.backend.use("tensorflow"):
        eager = make()(tf.constant(images), training=training)
        layer = make()
        graph = tf.function(lambda x: layer(x, training=training),
                            input_signature=[tf.TensorSpec((None, None, None, 3), tf.float32)])
        got = graph(tf.constant(images))
    assert got.shape == eager.shape == (2, 4, 5, 3)
    np.testing.assert_allclose(got.numpy(), eager.numpy(), rtol=1e-5, atol=1e-6)


def test_merging_layers_check_static_shapes_inside_a_graph_of_unknown_batch_size():
    with mk.backend.use("tensorflow"):
        concatenate = mk.layers.Concatenate()
        graph = tf.function(lambda a, b: concatenate([a, b]),
                            input_signature=[tf.TensorSpec((None, 2), tf.float32), tf.TensorSpec((None, 3), tf.float32)])
        assert graph(tf.ones((4, 2)), tf.zeros((4, 3))).shape == (4, 5)
        mismatched = tf.function(lambda a, b: concatenate([a, b]),
                                 input_signature=[tf.TensorSpec((None, 2, 1), tf.float32),
                                                  tf.TensorSpec((None, 3, 1), tf.float32)])
        with pytest.raises(ValueError, match="Concatenate"):
            mismatched(tf.ones((4, 2, 1)), tf.zeros((4, 3, 1)))


def test_category_encoding_count_weights_are_checked_on_static_shapes_inside_a_graph():
    with mk.backend.use("tensorflow"):
        layer = mk.layers.CategoryEncoding(num_tokens=4, output_mode="count")
        graph = tf.function(lambda ids, weights: layer(ids, count_weights=weights),
                            input_signature=[tf.TensorSpec((None, 3), tf.int32), tf.TensorSpec((None, 3), tf.float32)])
        counts = graph(tf.constant([[0, 1, 1], [3, 3, 3]]), tf.constant([[1.0, 2.0, 0.5], [1.0, 1.0, 1.0]]))
        np.testing.assert_allclose(counts.numpy(), [[1.0, 2.5, 0.0, 0.0], [0.0, 0.0, 0.0, 3.0]])
        mismatched = tf.function(lambda ids, weights: layer(ids, count_weights=weights),
                                 input_signature=[tf.TensorSpec((None, 3), tf.int32),
                                                  tf.TensorSpec((None, 2), tf.float32)])
        with pytest.raises(ValueError, match=r"count_weights.*\(None, 3\).*\(None, 2\)"):
            mismatched(tf.constant([[0, 1, 1]]), tf.constant([[1.0, 2.0]]))
