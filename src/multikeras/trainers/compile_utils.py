"""What ``compile(loss=..., metrics=...)`` turns into: one loss and one metric set over a model's outputs.

A model's outputs may be a single tensor, a list or a dict; ``loss``,
``loss_weights``, ``metrics`` and ``weighted_metrics`` may each be given once
for every output, as a list in output order, or as a dict keyed by output
name. :class:`CompileLoss` and :class:`CompileMetrics` resolve that against
the first batch (:meth:`build`) and then run inside compiled steps.

Outputs may also nest (``{"score": y, "parts": [z1, z2]}``). Then each
argument either follows the same structure (a value at a branch covers every
output under it, ``None`` or a missing key means none) or is a flat list in
optree's flattened order (dict keys sorted), as Keras 3 accepts; see
:class:`_OutputTree`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import optree

from multikeras import ops
from multikeras.metrics.metric import Metric
from multikeras.metrics.reduction_metrics import Mean, MeanMetricWrapper


def _flatten(structure: Any) -> list[Any]:
    if structure is not None and not isinstance(structure, (list, tuple, dict)):
        return [structure]  # one output's tensor, every step: no tree walk
    return optree.tree_leaves(structure, none_is_leaf=True)


def _per_output(value: Any, output_names: Sequence[str], what: str, is_single: Callable[[Any], bool]) -> list[Any]:
    """``value`` spread over the outputs: the same for all, a list in output order, or a dict by name."""
    count = len(output_names)
    if isinstance(value, dict):
        unknown = sorted(set(value) - set(output_names))
        if unknown:
            raise ValueError(
                f"compile: {what} has keys {unknown} that are not output names; the model's outputs are {list(output_names)}."
            )
        return [value.get(name) for name in output_names]
    if isinstance(value, (list, tuple)) and not is_single(value):
        if count == 1 and len(value) != 1:
            return [list(value)]
        if len(value) != count:
            raise ValueError(
                f"compile: {what} is a list of {len(value)} entries, but the model has {count} outputs "
                f"{list(output_names)}; pass one entry per output, or a dict keyed by output name."
            )
        return list(value)
    return [value] * count


def _is_container(value: Any) -> bool:
    return isinstance(value, (list, tuple, dict))


def _is_nested(structure: Any) -> bool:
    """Whether ``structure`` holds containers inside a container (flat lists and dicts keep the flat code path)."""
    children = structure.values() if isinstance(structure, dict) else structure if isinstance(structure, (list, tuple)) else ()
    return any(_is_container(child) for child in children)


def _sketch(value: Any) -> Any:
    """``value`` for an error message: arrays become ``<shape>``, other leaves their repr, containers are kept."""
    def leaf(item: Any) -> Any:
        return f"<{tuple(item.shape)}>" if hasattr(item, "shape") else item
    return optree.tree_map(leaf, value, none_is_leaf=True)


def _path_text(path: tuple[Any, ...]) -> str:
    return "/".join(str(key) for key in path) if path else "<top level>"


class _OutputTree:
    """A nested output structure, and how compile arguments and targets spread over its leaves.

    Leaves are in optree's flattened order (dict keys sorted), the order of
    Keras 3's ``output_names``. Observed in Keras 3.15.1 (jax and torch) for
    ``{"score": y, "parts": [z1, z2]}`` with output layers ``s``, ``p1``, ``p2``:
    the flattened order is ``parts/0, parts/1, score``; the per-output loss
    logs are ``score_loss``, ``parts/p1_loss``, ``parts/p2_loss`` (the path
    joined by ``/``, its last list index replaced by the output layer's name);
    metrics are prefixed by the output layer's name (``s_mae``, ``p1_mse``).
    For ``[y, [z1, z2]]`` the logs are ``s_loss``, ``1/p1_loss``, ``1/p2_loss``.
    """

    def __init__(self, y_pred: Any, output_names: Sequence[str] | None):
        paths, leaves, _ = optree.tree_flatten_with_path(y_pred, none_is_leaf=True)
        self.count = len(leaves)
        self.paths: list[tuple[Any, ...]] = list(paths)
        self.skeleton = optree.tree_map(lambda _: "X", y_pred, none_is_leaf=True)
        self.layer_names = (list(output_names) if output_names and len(output_names) == self.count
                            else [f"output_{i}" for i in range(self.count)])
        self.loss_names = [
            "/".join([str(key) for key in path[:-1]] + [path[-1] if isinstance(path[-1], str) else layer])
            for path, layer in zip(self.paths, self.layer_names)
        ]

    def spread(self, value: Any, what: str, where: str = "compile", strict: bool = False) -> list[Any]:
        """``value`` as one entry per output leaf.

        ``value`` follows the output structure (tuples and lists alike) or is a
        flat list of one entry per output in flattened order. Unless ``strict``
        (targets, sample weights), a non-container value at a branch covers all
        outputs under it; ``None`` or a missing dict key always means none.
        """
        skeleton = self.skeleton
        if (isinstance(value, (list, tuple)) and len(value) == self.count
                and not (isinstance(skeleton, (list, tuple)) and len(skeleton) == len(value))):
            return list(value)
        result: list[Any] = []
        self._walk(value, skeleton, (), result, what, where, strict, value)
        return result

    def _walk(self, value: Any, node: Any, path: tuple[Any, ...], out: list[Any], what: str, where: str,
              strict: bool, whole: Any) -> None:
        if not _is_container(node):
            out.append(value)
            return
        leaves = len(optree.tree_leaves(node, none_is_leaf=True))
        if value is None:
            out.extend([None] * leaves)
            return
        if isinstance(node, dict) and isinstance(value, dict):
            unknown = sorted(set(value) - set(node), key=str)
            if unknown:
                self._fail(f"has keys {unknown} at {_path_text(path)} that the outputs there do not have", what,
                           where, whole)
            for key in sorted(node):
                self._walk(value.get(key), node[key], path + (key,), out, what, where, strict, whole)
            return
        if isinstance(node, (list, tuple)) and isinstance(value, (list, tuple)):
            if len(value) != len(node):
                self._fail(f"holds {len(value)} entries at {_path_text(path)}, where the model has {len(node)} "
                           "outputs", what, where, whole)
            for index, (item, child) in enumerate(zip(value, node)):
                self._walk(item, child, path + (index,), out, what, where, strict, whole)
            return
        if strict or _is_container(value):
            kind = "a dict" if isinstance(node, dict) else "a list"
            held = f"an array {_sketch(value)}" if hasattr(value, "shape") else repr(_sketch(value))
            self._fail(f"holds {held} at {_path_text(path)}, where the outputs are {kind}", what,
                       where, whole)
        out.extend([value] * leaves)

    def _fail(self, problem: str, what: str, where: str, whole: Any) -> None:
        raise ValueError(
            f"{where}: '{what}' {problem}; expected the structure of the model's outputs {self.skeleton} "
            f"(or a flat list of {self.count} entries in the order {self.loss_names}), received {what}={_sketch(whole)}."
        )


class CompileLoss:
    """The total loss of ``compile(loss=..., loss_weights=...)`` over a model's outputs.

    Calling it returns ``sum(weight_i * loss_i(y_true_i, y_pred_i, sample_weight_i))``.
    With more than one output loss, each one is also tracked (``<output>_loss`` in the logs).

    Args:
        loss: a loss (name, function, ``Loss``) for every output, a list, or a dict by output name.
        loss_weights: a float per output (list or dict), or ``None`` for 1.0.
        output_names: names of the model's outputs, in order.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     compiled = CompileLoss("mse", output_names=["out"])
        ...     float(compiled(mk.ops.zeros((2, 1)), mk.ops.ones((2, 1))))
        1.0
    """

    def __init__(self, loss: Any, loss_weights: Any = None, output_names: Sequence[str] | None = None):
        self._loss = loss
        self._loss_weights = loss_weights
        self._output_names = list(output_names) if output_names else None
        self.built = False
        self._trackers: list[Metric | None] = []
        self._tree: _OutputTree | None = None

    def build(self, y_true: Any, y_pred: Any) -> None:
        """Resolve the losses against the structure of the outputs (the first batch)."""
        from multikeras import losses

        if _is_nested(y_pred):
            self._build_nested(y_true, y_pred, losses)
            return
        flat_pred = _flatten(y_pred)
        names = self._output_names if self._output_names and len(self._output_names) == len(flat_pred) else (
            [f"output_{i}" for i in range(len(flat_pred))] if len(flat_pred) > 1 else ["output"])
        if isinstance(y_pred, dict):
            names = sorted(y_pred)  # optree flattens dicts in sorted-key order
        self.output_names = names
        entries = _per_output(self._loss, names, "loss", lambda v: False)
        weights = _per_output(self._loss_weights, names, "loss_weights", lambda v: False) if self._loss_weights is not None else [1.0] * len(names)
        self._losses = []
        for name, entry in zip(names, entries):
            if entry is None:
                self._losses.append(None)
                continue
            self._losses.append(_to_loss(entry, losses))
        self._weights = [1.0 if w is None else float(w) for w in weights]
        if not any(self._losses):
            raise ValueError(f"compile: no loss applies to any of the outputs {names}; received loss={self._loss!r}.")
        active = [i for i, fn in enumerate(self._losses) if fn is not None]
        self._trackers = [Mean(name=f"{names[i]}_loss") if (len(active) > 1 and i in active) else None for i in range(len(names))]
        flat_true = self._flatten_like(y_true, names, "y")
        self._check_shapes(flat_true, flat_pred)
        self.built = True

    def _build_nested(self, y_true: Any, y_pred: Any, losses: Any) -> None:
        tree = self._tree = _OutputTree(y_pred, self._output_names)
        self.output_names = tree.loss_names
        entries = tree.spread(self._loss, "loss")
        weights = tree.spread(self._loss_weights, "loss_weights") if self._loss_weights is not None else [None] * tree.count
        self._losses = [None if entry is None else _to_loss(entry, losses) for entry in entries]
        self._weights = [1.0 if w is None else float(w) for w in weights]
        active = [i for i, fn in enumerate(self._losses) if fn is not None]
        if not active:
            raise ValueError(f"compile: no loss applies to any of the outputs {tree.skeleton}; received loss={self._loss!r}.")
        self._trackers = [Mean(name=f"{tree.loss_names[i]}_loss") if (len(active) > 1 and i in active) else None
                          for i in range(tree.count)]
        flat_true = self._nested_targets(y_true)
        missing = [tree.loss_names[i] for i in active if flat_true[i] is None]
        if missing:
            raise ValueError(
                f"fit: y has no target for the outputs {missing}, which have a loss; expected y structured as the "
                f"model's outputs {tree.skeleton}, received y={_sketch(y_true)}."
            )
        self._check_shapes(flat_true, optree.tree_leaves(y_pred, none_is_leaf=True))
        self.built = True

    def _nested_targets(self, y: Any) -> list[Any]:
        assert self._tree is not None
        return self._tree.spread(y, "y", where="fit", strict=True)

    def _flatten_like(self, y: Any, names: list[str], what: str) -> list[Any]:
        if isinstance(y, dict):
            missing = [n for i, n in enumerate(names) if self._losses[i] is not None and n not in y]
            if missing:
                raise ValueError(f"fit: {what} is a dict without entries for the outputs {missing}; its keys are {sorted(y)}.")
            return [y.get(n) for n in names]
        flat = _flatten(y)
        if len(flat) != len(names):
            raise ValueError(
                f"fit: the model has {len(names)} outputs {names}, but {what} holds {len(flat)} arrays; "
                "pass one target per output (a list in output order or a dict by output name)."
            )
        return flat

    def _check_shapes(self, flat_true: list[Any], flat_pred: list[Any]) -> None:
        for name, fn, t, p in zip(self.output_names, self._losses, flat_true, flat_pred):
            if fn is None or t is None:
                continue
            t_shape, p_shape = tuple(t.shape), tuple(p.shape)
            if t_shape[:1] != p_shape[:1]:
                raise ValueError(
                    f"fit: output '{name}' predicts {p_shape[0]} samples, but its target holds {t_shape[0]} "
                    f"(target shape {t_shape}, prediction shape {p_shape})."
                )

    @property
    def metrics(self) -> list[Metric]:
        """The per-output loss trackers (none for a single loss)."""
        return [t for t in self._trackers if t is not None]

    def __call__(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> Any:
        if not self.built:
            self.build(y_true, y_pred)
        names = self.output_names
        flat_pred = _flatten(y_pred)
        if self._tree is not None:
            flat_true = self._nested_targets(y_true)
        else:
            flat_true = self._flatten_like(y_true, names, "y")
        if sample_weight is None or not isinstance(sample_weight, (list, tuple, dict)):
            flat_weights = [sample_weight] * len(names)
        elif self._tree is not None:
            flat_weights = self._tree.spread(sample_weight, "sample_weight", where="fit", strict=True)
        else:
            flat_weights = self._flatten_like(sample_weight, names, "sample_weight")
        total = None
        for fn, weight, tracker, t, p, sw in zip(self._losses, self._weights, self._trackers, flat_true, flat_pred, flat_weights):
            if fn is None or t is None:
                continue
            value = fn(t, p, sample_weight=sw)
            if tracker is not None:
                tracker.update_state(value, sample_weight=ops.shape(p)[0])
            value = value * weight if weight != 1.0 else value
            total = value if total is None else total + value
        return total


def _to_loss(entry: Any, losses: Any) -> Any:
    resolved = losses.get(entry)
    if isinstance(resolved, losses.Loss):
        return resolved
    if callable(resolved):
        name = entry if isinstance(entry, str) else getattr(resolved, "__name__", "loss")
        return losses.LossFunctionWrapper(resolved, name=name)
    raise ValueError(f"compile: could not interpret the loss {entry!r}.")


class CompileMetrics(Metric):
    """The metrics of ``compile(metrics=..., weighted_metrics=...)`` over a model's outputs.

    Strings are resolved against the first batch: ``"accuracy"`` becomes
    binary, categorical or sparse categorical accuracy from the loss and the
    shapes, as in Keras. With several outputs, metric names are prefixed with
    the output name (``"out_accuracy"``).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     compiled = CompileMetrics(["mae"], None, output_names=["out"])
        ...     compiled.update_state(mk.ops.zeros((2, 1)), mk.ops.ones((2, 1)))
        ...     {k: float(v) for k, v in compiled.result().items()}
        {'mae': 1.0}
    """

    def __init__(self, metrics: Any, weighted_metrics: Any, output_names: Sequence[str] | None = None, loss: Any = None,
                 name: str = "compile_metrics"):
        super().__init__(name=name)
        self._metrics_arg = metrics
        self._weighted_arg = weighted_metrics
        self._output_names = list(output_names) if output_names else None
        self._loss = loss
        self.built = False
        self._plain: list[list[Metric]] = []
        self._weighted: list[list[Metric]] = []
        self._tree: _OutputTree | None = None

    @property
    def metrics(self) -> list[Metric]:
        return [m for group in self._plain + self._weighted for m in group]

    @property
    def variables(self) -> list[Any]:
        return [v for m in self.metrics for v in m.variables]

    def build(self, y_true: Any, y_pred: Any) -> None:
        """Resolve names and structure against the first batch."""
        if _is_nested(y_pred):
            self._build_nested(y_true, y_pred)
            return
        flat_pred = _flatten(y_pred)
        names = self._output_names if self._output_names and len(self._output_names) == len(flat_pred) else (
            [f"output_{i}" for i in range(len(flat_pred))] if len(flat_pred) > 1 else ["output"])
        if isinstance(y_pred, dict):
            names = sorted(y_pred)
        self.output_names = names
        flat_true = _flatten(y_true) if not isinstance(y_true, dict) else [y_true.get(n) for n in names]
        losses = _per_output(self._loss, names, "loss", lambda v: False) if self._loss is not None else [None] * len(names)
        multi = len(names) > 1
        self._plain = self._resolve(self._metrics_arg, names, flat_true, flat_pred, losses, multi, "metrics")
        self._weighted = self._resolve(self._weighted_arg, names, flat_true, flat_pred, losses, multi, "weighted_metrics",
                                       suffix="weighted_")
        self.built = True

    def _build_nested(self, y_true: Any, y_pred: Any) -> None:
        tree = self._tree = _OutputTree(y_pred, self._output_names)
        self.output_names = tree.layer_names
        flat_pred = optree.tree_leaves(y_pred, none_is_leaf=True)
        flat_true = tree.spread(y_true, "y", where="fit", strict=True)
        losses = tree.spread(self._loss, "loss") if self._loss is not None else [None] * tree.count
        self._plain = self._resolve_nested(self._metrics_arg, flat_true, flat_pred, losses, "metrics")
        self._weighted = self._resolve_nested(self._weighted_arg, flat_true, flat_pred, losses, "weighted_metrics",
                                              taken=self._plain)
        self.built = True

    def _resolve_nested(self, arg: Any, flat_true: list[Any], flat_pred: list[Any], losses: list[Any], what: str,
                        taken: list[list[Metric]] | None = None) -> list[list[Metric]]:
        """Metrics per output leaf of a nested structure, named ``<output layer>_<metric>`` as in Keras 3."""
        tree = self._tree
        assert tree is not None
        if arg is None:
            return [[] for _ in range(tree.count)]
        if not _is_container(arg):
            raise TypeError(f"compile: expected a list or dict for '{what}', received {type(arg).__name__} {arg!r}.")
        if isinstance(arg, (list, tuple)) and not any(_is_container(entry) for entry in arg):
            per_output: list[Any] = [list(arg)] * tree.count  # a plain list: every metric for every output
        else:
            per_output = tree.spread(arg, what)
        result = []
        for i, (entries, t, p, loss) in enumerate(zip(per_output, flat_true, flat_pred, losses)):
            entries = [] if entries is None else (list(entries) if isinstance(entries, (list, tuple)) else [entries])
            used = {m.name for m in taken[i]} if taken else set()
            group = []
            for entry in entries:
                if t is None:
                    continue  # no target for this output: nothing to measure
                metric = _to_metric(entry, t, p, loss)
                name = f"{tree.layer_names[i]}_{metric.name}"
                # Observed in Keras 3.15.1: a weighted metric whose name a plain one already has gets "weighted_".
                metric.name = f"{tree.layer_names[i]}_weighted_{metric.name}" if name in used else name
                group.append(metric)
            result.append(group)
        return result

    def _resolve(self, arg: Any, names: list[str], flat_true: list[Any], flat_pred: list[Any], losses: list[Any],
                 multi: bool, what: str, suffix: str = "") -> list[list[Metric]]:
        if arg is None:
            return [[] for _ in names]
        if not isinstance(arg, (list, tuple, dict)):
            raise TypeError(f"compile: expected a list or dict for '{what}', received {type(arg).__name__} {arg!r}.")
        if isinstance(arg, dict):
            per_output = _per_output(arg, names, what, lambda v: False)
        elif multi and any(isinstance(m, (list, tuple)) for m in arg):
            per_output = _per_output(list(arg), names, what, lambda v: False)
        else:
            per_output = [list(arg)] * len(names)
        result = []
        for name, entries, t, p, loss in zip(names, per_output, flat_true, flat_pred, losses):
            entries = [] if entries is None else (list(entries) if isinstance(entries, (list, tuple)) else [entries])
            group = []
            for entry in entries:
                metric = _to_metric(entry, t, p, loss)
                if multi:
                    metric.name = f"{name}_{metric.name}"
                elif suffix and isinstance(entry, str):
                    metric.name = f"{suffix}{metric.name}"
                group.append(metric)
            result.append(group)
        return result

    def update_state(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> None:
        if not self.built:
            self.build(y_true, y_pred)
        names = self.output_names
        flat_pred = _flatten(y_pred)
        tree = self._tree
        if tree is not None:
            flat_true = tree.spread(y_true, "y", where="fit", strict=True)
        else:
            flat_true = [y_true.get(n) for n in names] if isinstance(y_true, dict) else _flatten(y_true)
        if sample_weight is None or not isinstance(sample_weight, (list, tuple, dict)):
            flat_weights = [sample_weight] * len(names)
        elif tree is not None:
            flat_weights = tree.spread(sample_weight, "sample_weight", where="fit", strict=True)
        elif isinstance(sample_weight, dict):
            flat_weights = [sample_weight.get(n) for n in names]
        else:
            flat_weights = _flatten(sample_weight)
        for plain, weighted, t, p, sw in zip(self._plain, self._weighted, flat_true, flat_pred, flat_weights):
            if t is None:
                continue
            for metric in plain:
                metric.update_state(t, p)
            for metric in weighted:
                metric.update_state(t, p, sample_weight=sw)

    def result(self) -> dict[str, Any]:
        results: dict[str, Any] = {}
        for metric in self.metrics:
            value = metric.result()
            if isinstance(value, dict):
                results.update(value)
            else:
                results[metric.name] = value
        return results

    def reset_state(self) -> None:
        for metric in self.metrics:
            metric.reset_state()


def _to_metric(entry: Any, y_true: Any, y_pred: Any, loss: Any) -> Metric:
    from multikeras import metrics

    if isinstance(entry, Metric):
        return entry
    if isinstance(entry, str):
        lowered = entry.lower()
        if lowered in ("accuracy", "acc"):
            metric = metrics.resolve_accuracy(tuple(y_true.shape), tuple(y_pred.shape), loss)
            metric.name = entry
            return metric
        if lowered in ("crossentropy", "ce"):
            metric = metrics.resolve_crossentropy(tuple(y_true.shape), tuple(y_pred.shape), loss)
            metric.name = entry
            return metric
        resolved = metrics.get(entry)
        if isinstance(resolved, Metric):
            resolved.name = entry
            return resolved
        return MeanMetricWrapper(resolved, name=entry)
    if callable(entry):
        if isinstance(entry, type) and issubclass(entry, Metric):
            return entry()
        return MeanMetricWrapper(entry, name=getattr(entry, "__name__", "metric"))
    if isinstance(entry, dict):
        return metrics.get(entry)
    raise ValueError(f"compile: could not interpret the metric {entry!r}; expected a name, a Metric or a function.")
