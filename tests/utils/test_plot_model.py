"""`multikeras.utils.model_to_dot` and `plot_model` on every backend: the graph's structure, not pixels.

The literals marked "Keras 3" were printed by a script that ran Keras 3.15.1 (``KERAS_BACKEND=numpy``,
``keras.utils.model_to_dot``) on the same models: each node's HTML label with its tags removed, and the
edges as (source title, target title) pairs. Keras 3 cannot write an image here (it needs the graphviz
binary); multikeras draws with matplotlib, so the image tests check that valid files are written.
"""

from __future__ import annotations

import re
import struct
import sys
from typing import Any

import matplotlib
import pytest

import multikeras as mk
from multikeras.utils.model_visualization.graph import NOT_BUILT_MESSAGE, build_model_graph
from multikeras.utils.model_visualization.layout import layered_layout

matplotlib.use("Agg")
pydot = pytest.importorskip("pydot")

L = mk.layers


def branch_model() -> Any:
    inputs = mk.Input((4,), name="x")
    a = L.Dense(3, activation="relu", name="a")(inputs)
    b = L.Dense(3, name="b")(inputs)
    return mk.Model(inputs, L.Dense(1, activation="sigmoid", name="out")(L.Add(name="add")([a, b])), name="branchy")


def sequential_model() -> Any:
    return mk.Sequential([mk.Input((4,)), L.Dense(3, name="d1"), L.Dense(2, name="d2", trainable=False)], name="seq")


def nested_sequential_model() -> Any:
    inner = mk.Sequential([mk.Input((3,)), L.Dense(3, name="i1"), L.Dense(2, name="i2")], name="inner")
    x = mk.Input((3,), name="x")
    return mk.Model(x, L.Dense(1, name="head")(inner(x)), name="outer")


def nested_functional_model() -> Any:
    xi = mk.Input((3,), name="xi")
    inner = mk.Model(xi, L.Dense(2, name="fi")(xi), name="finner")
    x = mk.Input((3,), name="x")
    return mk.Model(x, L.Dropout(0.1, name="drop")(inner(x)), name="outer2")


def ops_model() -> Any:
    x = mk.Input((2,), name="x")
    return mk.Model(x, mk.ops.sum(mk.ops.add(x, x) * 2.0, axis=1))


BRANCH_EDGES = [("a (Dense)", "add (Add)"), ("add (Add)", "out (Dense)"), ("b (Dense)", "add (Add)"),
                ("x (InputLayer)", "a (Dense)"), ("x (InputLayer)", "b (Dense)")]

# (model, model_to_dot keywords, Keras 3 labels sorted, Keras 3 edges sorted)
CASES = {
    "branch_all": (branch_model, {"show_shapes": True, "show_dtype": True, "show_layer_activations": True,
                                  "show_trainable": True}, [
        "a (Dense) Activation: relu Input shape: (None, 4) Output shape: (None, 3) Output dtype: float32 Trainable",
        "add (Add) Input shape: [(None, 3), (None, 3)] Output shape: (None, 3) Output dtype: float32",
        "b (Dense) Activation: linear Input shape: (None, 4) Output shape: (None, 3) Output dtype: float32 Trainable",
        "out (Dense) Activation: sigmoid Input shape: (None, 3) Output shape: (None, 1) Output dtype: float32 "
        "Trainable",
        "x (InputLayer) Output shape: (None, 4) Output dtype: float32",
    ], BRANCH_EDGES),
    "branch_plain": (branch_model, {}, ["a (Dense)", "add (Add)", "b (Dense)", "out (Dense)", "x (InputLayer)"],
                     BRANCH_EDGES),
    "sequential_no_names": (sequential_model, {"show_layer_names": False, "show_trainable": True},
                            ["Dense Non-trainable", "Dense Trainable"], [("Dense", "Dense")]),
    "ops": (ops_model, {"show_layer_names": False}, ["Add", "InputLayer", "Multiply", "Sum"],
            [("Add", "Multiply"), ("InputLayer", "Add"), ("Multiply", "Sum")]),
    "nested": (nested_sequential_model, {}, ["head (Dense)", "inner (Sequential)", "x (InputLayer)"],
               [("inner (Sequential)", "head (Dense)"), ("x (InputLayer)", "inner (Sequential)")]),
    "nested_sequential_expanded": (nested_sequential_model, {"expand_nested": True, "show_shapes": True}, [
        "head (Dense) Input shape: (None, 2) Output shape: (None, 1)",
        "i1 (Dense) Input shape: (None, 3) Output shape: (None, 3)",
        "i2 (Dense) Input shape: (None, 3) Output shape: (None, 2)",
        "x (InputLayer) Output shape: (None, 3)",
    ], [("i1 (Dense)", "i2 (Dense)"), ("i2 (Dense)", "head (Dense)"), ("x (InputLayer)", "i1 (Dense)")]),
    "nested_functional_expanded": (nested_functional_model, {"expand_nested": True, "show_trainable": True,
                                                             "show_layer_activations": True},
                                   ["drop (Dropout)", "fi (Dense) Activation: linear Trainable", "x (InputLayer)",
                                    "xi (InputLayer)"],
                                   [("fi (Dense)", "drop (Dropout)"), ("x (InputLayer)", "xi (InputLayer)"),
                                    ("xi (InputLayer)", "fi (Dense)")]),
}


def _plain(label: str) -> str:
    """A node's HTML-like label (``<...>``) as its text, tags removed."""
    return " ".join(re.sub(r"<[^>]+>", " ", label[1:-1]).split())


def _walk(graph: Any) -> tuple[list[Any], list[Any]]:
    nodes = [n for n in graph.get_nodes() if n.get_name() not in ("node", "edge", "graph")]
    edges = list(graph.get_edges())
    for sub in graph.get_subgraphs():
        inner_nodes, inner_edges = _walk(sub)
        nodes += inner_nodes
        edges += inner_edges
    return nodes, edges


def _title(text: str) -> str:
    return re.split(r" (?=Activation|Input shape|Output|Trainable|Non-trainable)", text)[0]


def _dot_structure(dot: Any) -> tuple[list[str], list[tuple[str, str]]]:
    nodes, edges = _walk(dot)
    labels = {node.get_name(): _plain(node.get("label")) for node in nodes}
    titles = {name: _title(text) for name, text in labels.items()}
    return sorted(labels.values()), sorted((titles[e.get_source()], titles[e.get_destination()]) for e in edges)


@pytest.mark.parametrize("case", sorted(CASES))
def test_model_to_dot_labels_and_edges_match_keras(backend_name: str, case: str) -> None:
    make, options, labels, edges = CASES[case]
    with mk.backend.use(backend_name):
        dot = mk.utils.model_to_dot(make(), **options)
    assert isinstance(dot, pydot.Dot)
    assert _dot_structure(dot) == (labels, edges)


def test_dot_graph_attributes_and_clusters(backend_name: str) -> None:
    with mk.backend.use(backend_name):
        model = nested_sequential_model()
        dot = mk.utils.model_to_dot(model, rankdir="LR", dpi=72, expand_nested=True)
        cluster = mk.utils.model_to_dot(model, subgraph=True)
    assert (dot.get_rankdir(), str(dot.get_dpi()), dot.get_splines()) == ("LR", "72", "ortho")
    (inner,) = dot.get_subgraphs()
    assert inner.get_name() == "cluster_inner" and inner.get_label() == "inner"
    assert sorted(_title(_plain(n.get("label"))) for n in inner.get_nodes()) == ["i1 (Dense)", "i2 (Dense)"]
    assert isinstance(cluster, pydot.Cluster) and cluster.get_label() == "outer"


def test_graph_depths_and_expand_nested(backend_name: str) -> None:
    with mk.backend.use(backend_name):
        graph = build_model_graph(branch_model())
        flat = build_model_graph(nested_sequential_model())
        expanded = build_model_graph(nested_sequential_model(), expand_nested=True)
    assert {box.title: box.depth for box in graph.boxes.values()} == {
        "x (InputLayer)": 0, "a (Dense)": 1, "b (Dense)": 1, "add (Add)": 2, "out (Dense)": 3}
    assert [box.title for box in flat.boxes.values()] == ["x (InputLayer)", "inner (Sequential)", "head (Dense)"]
    assert [(box.title, box.cluster, box.depth) for box in expanded.boxes.values()] == [
        ("x (InputLayer)", None, 0), ("i1 (Dense)", "inner", 1), ("i2 (Dense)", "inner", 2), ("head (Dense)", None, 3)]


def test_subclassed_and_shared_layers(backend_name: str) -> None:
    class Two(mk.Model):
        def __init__(self) -> None:
            super().__init__(name="two")
            self.first, self.second = L.Dense(2), L.Dense(2)

        def call(self, x: Any) -> Any:
            return self.second(self.first(x))

    with mk.backend.use(backend_name):
        subclassed = Two()
        subclassed(mk.ops.ones((1, 3)))
        x = mk.Input((2,), name="x")
        shared = L.Dense(2, name="shared")
        reused = mk.Model(x, shared(shared(x)))
        assert build_model_graph(subclassed).named_edges() == []
        assert [box.title for box in build_model_graph(subclassed).boxes.values()] == ["two (Two)"]
        graph = build_model_graph(reused)
    assert [box.title for box in graph.boxes.values()] == ["x (InputLayer)", "shared (Dense)"]
    assert ("shared (Dense)", "shared (Dense)") in graph.named_edges()  # the second call feeds on the first
    layered_layout(graph)  # a self-loop leaves every depth finite


def test_rankdir_sets_the_direction_of_the_layout(backend_name: str) -> None:
    with mk.backend.use(backend_name):
        graph = build_model_graph(branch_model())
    by_title = {box.title: box.key for box in graph.boxes.values()}
    for rankdir, along, across in (("TB", "y", "x"), ("LR", "x", "y")):
        places = {title: layered_layout(graph, rankdir).places[key] for title, key in by_title.items()}
        flow = [getattr(places[t], along) for t in ("x (InputLayer)", "a (Dense)", "add (Add)", "out (Dense)")]
        step = -1 if rankdir == "TB" else 1  # TB: each layer below the last; LR: right of it
        assert all(step * (later - earlier) > 0 for earlier, later in zip(flow, flow[1:])), (rankdir, flow)
        a, b = places["a (Dense)"], places["b (Dense)"]
        assert getattr(a, along) == getattr(b, along) and getattr(a, across) != getattr(b, across)


def _png_size(path: Any) -> tuple[int, int]:
    with open(path, "rb") as handle:
        header = handle.read(24)
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", header[16:24])


def test_plot_model_writes_each_format(backend_name: str, tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "IPython", None)  # no notebook: plot_model returns None
    with mk.backend.use(backend_name):
        model = branch_model()
        for name in ("m.png", "m.svg", "m.pdf", "m.jpg", "m.dot", "noextension"):
            assert mk.utils.plot_model(model, to_file=str(tmp_path / name), show_layer_names=True, dpi=50) is None
        mk.utils.plot_model(model, to_file=str(tmp_path / "big.png"), show_layer_names=True, dpi=100)
    svg = (tmp_path / "m.svg").read_text()
    assert svg.lstrip().startswith("<?xml") and all(f"{n} (" in svg for n in ("x", "a", "b", "add", "out"))
    assert (tmp_path / "m.pdf").read_bytes()[:5] == b"%PDF-"
    assert (tmp_path / "m.jpg").read_bytes()[:3] == b"\xff\xd8\xff"
    dot_text = (tmp_path / "m.dot").read_text()
    assert dot_text.startswith("digraph G {") and "rankdir=TB;" in dot_text and "<b>add</b> (Add)" in dot_text
    small, big = _png_size(tmp_path / "m.png"), _png_size(tmp_path / "noextension")
    assert small == big  # no extension: a PNG, as Keras 3 writes
    width, height = _png_size(tmp_path / "big.png")
    assert abs(width - 2 * small[0]) <= 2 and abs(height - 2 * small[1]) <= 2  # dpi sets the pixel size


def test_errors(backend_name: str, tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    with mk.backend.use(backend_name):
        unbuilt = mk.Sequential([L.Dense(2)])
        model = branch_model()
        for function in (mk.utils.model_to_dot, mk.utils.plot_model):
            with pytest.raises(ValueError, match=re.escape(NOT_BUILT_MESSAGE)):
                function(unbuilt)
            with pytest.raises(ValueError, match=r"rankdir must be 'TB' .* or 'LR' .*received 'BT'"):
                function(model, rankdir="BT")
            with pytest.raises(ValueError, match=r"Unrecognized keyword arguments: \{'colour': 1\}"):
                function(model, colour=1)
            with pytest.raises(ValueError, match="`layer_range` is no longer supported"):
                function(model, layer_range=["a", "b"])
        with pytest.raises(ValueError, match=r"unknown extension '\.gif'"):
            mk.utils.plot_model(model, to_file=str(tmp_path / "m.gif"))
        monkeypatch.setitem(sys.modules, "pydot", None)
        with pytest.raises(ImportError, match="pip install pydot"):
            mk.utils.model_to_dot(model)
        monkeypatch.setitem(sys.modules, "matplotlib", None)
        with pytest.raises(ImportError, match="pip install matplotlib"):
            mk.utils.plot_model(model, to_file=str(tmp_path / "m.png"))
    assert not (tmp_path / "m.png").exists()
