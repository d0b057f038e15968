"""`multikeras.utils` datasets without TensorFlow, and image files through Pillow.

Expected values marked "Keras 3" were produced by running Keras 3.15.1
(``KERAS_BACKEND=numpy``, format="tf") on the same inputs in a separate
script and printing its batches (``as_numpy_iterator``) and ``file_paths``;
they are recorded here so this file needs neither TensorFlow nor Keras.
"""

from __future__ import annotations

import io
import json
import os
import sys

import numpy as np
import pytest

import multikeras as mk
from multikeras.utils import (
    NumpyDataset,
    array_to_img,
    image_dataset_from_directory,
    img_to_array,
    load_img,
    save_img,
    split_dataset,
    text_dataset_from_directory,
    timeseries_dataset_from_array,
)

PIL = pytest.importorskip("PIL.Image")


def as_lists(dataset):
    def convert(element):
        if isinstance(element, tuple):
            return [convert(part) for part in element]
        return np.asarray(element).tolist()

    return [convert(element) for element in dataset]


def samples_of(batches):
    """The (window, target) samples of a pass, as a sorted list (a multiset)."""
    return sorted(json.dumps([x, y]) for xs, ys in batches for x, y in zip(xs, ys))


# --- timeseries_dataset_from_array -----------------------------------------------------------------------------

TIMESERIES_CASES = {  # arguments -> Keras 3's batches
    "stride_rate": (
        dict(data=np.arange(20), targets=np.arange(20) * 10, sequence_length=4, sequence_stride=3, sampling_rate=2,
             batch_size=3),
        [[[[0, 2, 4, 6], [3, 5, 7, 9], [6, 8, 10, 12]], [0, 30, 60]], [[[9, 11, 13, 15], [12, 14, 16, 18]], [90, 120]]],
    ),
    "bounds_unbatched": (
        dict(data=np.arange(30).reshape(15, 2), targets=None, sequence_length=3, start_index=2, end_index=13,
             batch_size=None),
        [[[4, 5], [6, 7], [8, 9]], [[6, 7], [8, 9], [10, 11]], [[8, 9], [10, 11], [12, 13]],
         [[10, 11], [12, 13], [14, 15]], [[12, 13], [14, 15], [16, 17]], [[14, 15], [16, 17], [18, 19]],
         [[16, 17], [18, 19], [20, 21]], [[18, 19], [20, 21], [22, 23]], [[20, 21], [22, 23], [24, 25]]],
    ),
    "short_targets": (
        dict(data=np.arange(12), targets=np.arange(5), sequence_length=2, batch_size=4),
        [[[[0, 1], [1, 2], [2, 3], [3, 4]], [0, 1, 2, 3]], [[[4, 5]], [4]]],
    ),
    "too_long": (dict(data=np.arange(5), targets=None, sequence_length=7, batch_size=2), []),
    "targets_offset": (
        dict(data=np.arange(10), targets=np.arange(10), sequence_length=2, start_index=4, end_index=9,
             sequence_stride=2, batch_size=2),
        [[[[4, 5], [6, 7]], [4, 6]]],
    ),
}


@pytest.mark.parametrize("case", sorted(TIMESERIES_CASES))
def test_timeseries_batches_equal_keras(case):
    arguments, expected = TIMESERIES_CASES[case]
    dataset = timeseries_dataset_from_array(**arguments)
    assert as_lists(dataset) == expected
    assert len(dataset) == len(expected)


def test_timeseries_shuffle_draws_the_same_windows_in_a_new_order_each_pass():
    arguments = dict(data=np.arange(30), targets=np.arange(30) + 100, sequence_length=5, batch_size=4)
    ordered = as_lists(timeseries_dataset_from_array(**arguments))
    shuffled = timeseries_dataset_from_array(**arguments, shuffle=True, seed=1)
    first, second = as_lists(shuffled), as_lists(shuffled)
    assert samples_of(first) == samples_of(second) == samples_of(ordered)
    assert [len(batch[1]) for batch in first] == [4, 4, 4, 4, 4, 4, 2]  # Keras 3: the same batch sizes
    assert first != ordered and first != second
    assert as_lists(timeseries_dataset_from_array(**arguments, shuffle=True, seed=1)) == first  # seeded


@pytest.mark.parametrize("arguments", [
    dict(start_index=-1), dict(start_index=10), dict(end_index=10), dict(start_index=5, end_index=4),
    dict(end_index=-2), dict(sampling_rate=0), dict(sampling_rate=10), dict(sequence_stride=0),
    dict(sequence_stride=10), dict(batch_size=0),
])
def test_timeseries_rejects_what_keras_rejects(arguments):
    with pytest.raises(ValueError, match=next(iter(arguments))):
        timeseries_dataset_from_array(np.arange(10), None, sequence_length=2, **arguments)


# --- split_dataset ----------------------------------------------------------------------------------------------

X, Y = np.arange(20).reshape(10, 2), np.arange(10) * 3
SPLIT_CASES = {  # arguments -> Keras 3's (left, right) elements
    "fraction": ((np.arange(10),), dict(left_size=0.8), ([0, 1, 2, 3, 4, 5, 6, 7], [8, 9])),
    "counts_drop_middle": (
        ((X, Y),), dict(left_size=3, right_size=4),
        ([[[0, 1], 0], [[2, 3], 3], [[4, 5], 6]], [[[12, 13], 18], [[14, 15], 21], [[16, 17], 24], [[18, 19], 27]]),
    ),
    "shuffled_list": (
        ([X, Y],), dict(right_size=0.3, shuffle=True, seed=7),
        ([[[16, 17], 24], [[6, 7], 9], [[2, 3], 3], [[8, 9], 12], [[14, 15], 21], [[0, 1], 0], [[18, 19], 27]],
         [[[12, 13], 18], [[4, 5], 6], [[10, 11], 15]]),
    ),
    "rounding": ((np.arange(10),), dict(left_size=0.35), ([0, 1, 2, 3], [4, 5, 6, 7, 8, 9])),
}


@pytest.mark.parametrize("case", sorted(SPLIT_CASES))
def test_split_dataset_equals_keras(case):
    positional, arguments, expected = SPLIT_CASES[case]
    left, right = split_dataset(*positional, **arguments)
    assert (as_lists(left), as_lists(right)) == expected
    assert (len(left), len(right)) == tuple(len(part) for part in expected)


def test_split_dataset_of_dicts_and_of_batched_datasets():
    left, right = split_dataset({"a": X, "b": Y}, left_size=2)
    assert [element["b"].tolist() for element in left] == [0, 3] and len(right) == 8
    batched = NumpyDataset.from_arrays((X, Y), batch_size=4)
    left, right = split_dataset(batched, left_size=0.5)  # parts are batched like their source
    assert as_lists(left) == [[X[:4].tolist(), Y[:4].tolist()], [X[4:5].tolist(), Y[4:5].tolist()]]
    assert as_lists(right)[-1] == [X[9:].tolist(), Y[9:].tolist()]


@pytest.mark.parametrize(("arguments", "error"), [
    (dict(), ValueError), (dict(left_size=1.5), ValueError), (dict(left_size="a"), TypeError),
    (dict(left_size=0.6, right_size=0.6), ValueError), (dict(left_size=10), ValueError),
    (dict(left_size=0), ValueError), (dict(left_size=6, right_size=5), ValueError),
    (dict(left_size=0.01), ValueError),  # Keras 3: every one of these raises the same type
])
def test_split_dataset_rejects_bad_sizes(arguments, error):
    with pytest.raises(error, match="split_dataset"):
        split_dataset(np.arange(10), **arguments)


def test_split_dataset_rejects_arrays_of_different_lengths_and_unknown_inputs():
    with pytest.raises(ValueError, match="same number of samples"):
        split_dataset((np.arange(10), np.arange(9)), left_size=0.5)
    with pytest.raises(TypeError, match="received int"):
        split_dataset(3, left_size=0.5)


# --- NumpyDataset: tf.data-style methods, and fit / evaluate / predict -----------------------------------------

def test_numpy_dataset_methods():
    dataset = NumpyDataset.from_arrays((np.arange(7), np.arange(7) * 2), batch_size=3)
    assert len(dataset) == dataset.cardinality() == 3 and dataset.prefetch(2) is dataset
    assert [x.tolist() for x, _ in dataset.take(2)] == [[0, 1, 2], [3, 4, 5]]
    assert len(dataset.take(-1)) == 3 and len(dataset.skip(5)) == 0
    assert [y.tolist() for _, y in dataset.skip(2).as_numpy_iterator()] == [[12]]
    assert [total.tolist() for total in dataset.map(lambda x, y: x + y)] == [[0, 3, 6], [9, 12, 15], [18]]
    with pytest.raises(ValueError, match="count"):
        dataset.take(-2)


def test_numpy_dataset_structures():
    # Lists come out as tuples (so map unpacks them), dicts keep their insertion order, nesting is kept, and None is
    # a leaf (an array without samples, refused).
    dataset = NumpyDataset.from_arrays([{"z": np.arange(3), "a": (np.arange(3) * 2, [np.arange(3) * 3])}, np.ones(3)],
                                       batch_size=2)
    first = next(iter(dataset))
    assert type(first) is tuple and list(first[0]) == ["z", "a"] and type(first[0]["a"][1]) is tuple
    assert first[0]["a"][1][0].tolist() == [0, 3] and first[1].tolist() == [1.0, 1.0]
    assert [x["z"].tolist() for x, _ in dataset] == [[0, 1], [2]]
    assert [int(t) for t in NumpyDataset.from_arrays([np.arange(3), np.arange(3) * 5]).map(lambda x, y: x + y)] == [
        0, 6, 12]
    left, _ = split_dataset(dataset, left_size=1)
    assert list(next(iter(left))[0]) == ["z", "a"]
    with pytest.raises(ValueError, match="same number of samples"):
        NumpyDataset.from_arrays((np.arange(3), None))


def test_fit_evaluate_predict_read_the_dataset_in_its_own_order(backend_name):
    with mk.backend.use(backend_name):
        series = np.sin(np.arange(40, dtype="float32"))
        dataset = timeseries_dataset_from_array(series[:-3], series[3:], sequence_length=3, batch_size=8)
        windows = np.concatenate([x for x, _ in dataset])
        targets = np.concatenate([y for _, y in dataset])
        model = mk.models.Sequential([mk.Input((3,)), mk.layers.Dense(1)])
        model.compile(loss="mse")
        np.testing.assert_allclose(model.evaluate(dataset, verbose=0),
                                   model.evaluate(windows, targets, batch_size=8, verbose=0), rtol=1e-5)
        np.testing.assert_allclose(model.predict(dataset.take(2), verbose=0),
                                   model.predict(windows[:16], verbose=0), rtol=1e-5, atol=1e-6)
        if mk.backend.capabilities().trainable:
            model.compile(optimizer="sgd", loss="mse")
            history = model.fit(dataset, epochs=1, verbose=0)
            assert np.isfinite(history.history["loss"][0])


# --- image files -----------------------------------------------------------------------------------------------

def test_save_and_load_round_trip(tmp_path):
    pixels = np.random.RandomState(0).randint(0, 256, (5, 7, 3)).astype("float32")
    save_img(tmp_path / "a.png", pixels, scale=False)
    image = load_img(tmp_path / "a.png")
    assert image.mode == "RGB" and image.size == (7, 5)
    np.testing.assert_array_equal(img_to_array(image), pixels)
    assert img_to_array(image, data_format="channels_first").shape == (3, 5, 7)
    assert img_to_array(load_img(str(tmp_path / "a.png"), color_mode="grayscale")).shape == (5, 7, 1)
    assert img_to_array(load_img(tmp_path / "a.png", color_mode="rgba")).shape == (5, 7, 4)
    assert load_img(tmp_path / "a.png", target_size=(2, 3), keep_aspect_ratio=True).size == (3, 2)
    with pytest.raises(ValueError, match="color_mode"):
        load_img(tmp_path / "a.png", color_mode="cmyk")
    with pytest.raises(ValueError, match="interpolation"):
        load_img(tmp_path / "a.png", target_size=(2, 2), interpolation="cubic")


def test_array_to_img_modes_scaling_and_formats():
    assert array_to_img(np.zeros((2, 3, 1))).mode == "L"
    assert array_to_img(np.full((2, 3, 1), 1000.0), scale=False).mode == "I"
    assert array_to_img(np.zeros((4, 2, 3)), data_format="channels_first").size == (3, 2)
    np.testing.assert_array_equal(np.asarray(array_to_img(np.array([[[0.0], [0.5], [1.0]]]))), [[0, 127, 255]])
    with pytest.raises(ValueError, match="channels"):
        array_to_img(np.zeros((2, 2, 2)))
    buffer = io.BytesIO()
    with pytest.warns(UserWarning, match="JPEG"):
        save_img(buffer, np.zeros((2, 2, 4)), file_format="jpg")
    assert load_img(io.BytesIO(buffer.getvalue())).size == (2, 2)


def test_missing_pillow_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "PIL", None)
    with pytest.raises(ImportError, match=r"multikeras\[image\]"):
        array_to_img(np.zeros((2, 2, 3)))


def test_pillow_is_not_imported_by_multikeras_or_the_array_datasets(run_python):
    result = run_python("""
import json, sys
import numpy as np
import multikeras as mk
list(mk.utils.timeseries_dataset_from_array(np.arange(5), None, sequence_length=2))
mk.utils.split_dataset(np.arange(5), left_size=2)
print(json.dumps("PIL" in sys.modules))
""", env={"MULTIKERAS_BACKEND": "numpy"})
    assert result.returncode == 0, result.stderr
    assert result.json() is False


# --- image_dataset_from_directory / text_dataset_from_directory ------------------------------------------------

SHAPES = {"b_dogs": [(5, 7), (6, 6), (4, 8)], "a_cats": [(6, 4), (5, 5)], "c_owls": [(3, 9), (7, 3), (5, 6), (4, 4)]}


@pytest.fixture
def tree(tmp_path):
    """Three classes of PNG and text files (one image of each class in a nested folder), plus files to skip."""
    rng = np.random.RandomState(0)
    for name, shapes in SHAPES.items():
        os.makedirs(tmp_path / name / "sub")
        for index, shape in enumerate(shapes):
            folder = tmp_path / name / ("sub" if index == 2 else "")
            save_img(folder / f"img{index}.png", rng.randint(0, 256, shape + (3,)).astype("float32"), scale=False)
            (tmp_path / name / f"t{index}.txt").write_text(f"{name} text number {index} é", encoding="utf-8")
    (tmp_path / "a_cats" / "notes.md").write_text("not an image")
    os.makedirs(tmp_path / ".hidden")
    return tmp_path


def relative(dataset, root):
    return [os.path.relpath(path, root) for path in dataset.file_paths]


WALK_ORDER = ["a_cats/img0.png", "a_cats/img1.png", "b_dogs/img0.png", "b_dogs/img1.png", "b_dogs/sub/img2.png",
              "c_owls/img0.png", "c_owls/img1.png", "c_owls/img3.png", "c_owls/sub/img2.png"]


@mk.backend.use("numpy")  # only the listing is checked: resize images on the cheapest backend
def test_image_dataset_lists_labels_and_splits_files_as_keras(tree):
    dataset = image_dataset_from_directory(tree, shuffle=False, image_size=(6, 6), batch_size=4,
                                           label_mode="categorical", verbose=False)
    assert relative(dataset, tree) == WALK_ORDER and dataset.class_names == ["a_cats", "b_dogs", "c_owls"]
    assert len(dataset) == 3
    assert [labels.argmax(-1).tolist() for _, labels in dataset] == [[0, 0, 1, 1], [1, 2, 2, 2], [2]]
    shuffled = image_dataset_from_directory(tree, seed=5, image_size=(6, 6), batch_size=4, verbose=False)
    assert relative(shuffled, tree) == [  # Keras 3
        "b_dogs/img0.png", "b_dogs/sub/img2.png", "c_owls/sub/img2.png", "c_owls/img3.png", "a_cats/img1.png",
        "a_cats/img0.png", "c_owls/img0.png", "c_owls/img1.png", "b_dogs/img1.png"]
    assert sorted(np.concatenate([labels for _, labels in shuffled]).tolist()) == [0, 0, 1, 1, 1, 2, 2, 2, 2]
    train, validation = image_dataset_from_directory(tree, seed=3, validation_split=0.34, subset="both",
                                                     image_size=(6, 6), verbose=False)
    assert relative(train, tree) == ["c_owls/img1.png", "b_dogs/img0.png", "c_owls/img3.png",  # Keras 3
                                     "b_dogs/sub/img2.png", "c_owls/img0.png", "a_cats/img0.png"]
    assert relative(validation, tree) == ["b_dogs/img1.png", "a_cats/img1.png", "c_owls/sub/img2.png"]
    chosen = image_dataset_from_directory(tree, seed=3, validation_split=0.34, subset="validation",
                                          image_size=(6, 6), class_names=["c_owls", "a_cats"], verbose=False)
    assert relative(chosen, tree) == ["c_owls/img0.png", "c_owls/img3.png"]  # Keras 3
    assert as_lists(chosen)[0][1] == [0, 0] and chosen.class_names == ["c_owls", "a_cats"]
    explicit = image_dataset_from_directory(tree, labels=[1, 0, 2, 2, 0, 1, 1, 0, 2], shuffle=False,
                                            image_size=(6, 6), batch_size=5, verbose=False)
    assert [labels.tolist() for _, labels in explicit] == [[1, 0, 2, 2, 0], [1, 1, 0, 2]]  # Keras 3
    assert explicit.class_names == ["0", "1", "2"]


def test_image_dataset_pixels_on_every_backend(tree, backend_name):
    with mk.backend.use(backend_name):
        same_size = image_dataset_from_directory(tree / "a_cats", labels=None, shuffle=False, image_size=(6, 4),
                                                 batch_size=None, verbose=False)
        first = next(iter(same_size))  # a_cats/img0.png is 6 x 4: resizing to its own size changes nothing
        np.testing.assert_array_equal(first, img_to_array(load_img(tree / "a_cats" / "img0.png")))
        grey = image_dataset_from_directory(tree, shuffle=False, image_size=(3, 5), color_mode="grayscale",
                                            data_format="channels_first", batch_size=4, verbose=False)
        images, labels = next(iter(grey))
        assert images.shape == (4, 1, 3, 5) and images.dtype == np.float32 and labels.dtype == np.int32
        with mk.backend.use("numpy"):
            reference = next(iter(image_dataset_from_directory(
                tree, shuffle=False, image_size=(3, 5), color_mode="grayscale", data_format="channels_first",
                batch_size=4, verbose=False)))[0]
        np.testing.assert_allclose(images, reference, rtol=1e-5, atol=1e-3)


@pytest.mark.parametrize(("arguments", "match"), [
    (dict(label_mode="binary"), "exactly 2 classes"),
    (dict(validation_split=0.2, subset="training"), "seed"),
    (dict(validation_split=0.2), "subset"),
    (dict(color_mode="cmyk"), "color_mode"),
    (dict(image_size=(2, 2, 2)), "image_size"),
    (dict(interpolation="cubic"), "interpolation"),
    (dict(labels="folders"), "labels"),
    (dict(labels=[0, 1]), "one label per file"),
    (dict(class_names=["zebras"]), "class_names"),
])
def test_image_dataset_rejects_bad_arguments(tree, arguments, match):
    with pytest.raises(ValueError, match=match):
        image_dataset_from_directory(tree, verbose=False, **arguments)


def test_text_dataset_equals_keras(tree):
    dataset = text_dataset_from_directory(tree, shuffle=False, batch_size=4, max_length=14, verbose=False)
    assert as_lists(dataset) == [  # Keras 3 (which yields the texts as bytes)
        [["a_cats text nu", "a_cats text nu", "b_dogs text nu", "b_dogs text nu"], [0, 0, 1, 1]],
        [["b_dogs text nu", "c_owls text nu", "c_owls text nu", "c_owls text nu"], [1, 2, 2, 2]],
        [["c_owls text nu"], [2]]]
    binary = text_dataset_from_directory(tree, shuffle=False, batch_size=None, class_names=["c_owls", "a_cats"],
                                         label_mode="binary", verbose=False)
    assert as_lists(binary)[3:5] == [["c_owls text number 3 é", [0.0]], ["a_cats text number 0 é", [1.0]]]
    shuffled = text_dataset_from_directory(tree, seed=11, batch_size=3, verbose=False)
    assert sorted(text for texts, _ in shuffled for text in texts) == sorted(
        f"{name} text number {index} é" for name, shapes in SHAPES.items() for index in range(len(shapes)))
