"""`Trainer`: compile, fit, evaluate and predict, one implementation for every backend.

The trainer never asks which backend it runs on. It writes each step
(:meth:`Trainer.train_step`, :meth:`Trainer.test_step`,
:meth:`Trainer.predict_step`) as ordinary layer code, and
:class:`~multikeras.trainers.step_function.StepFunction` turns it into a pure
function of the model's, optimizer's and metrics' state that the active
backend differentiates (``value_and_grad``) and compiles (``jit``).

A custom ``train_step(self, data)`` has one signature on every backend::

    def train_step(self, data):
        x, y = data

        def forward():
            y_pred = self(x, training=True)
            return self.compute_loss(x=x, y=y, y_pred=y_pred), y_pred

        (loss, y_pred), grads = self.value_and_grad(forward, has_aux=True)
        self.optimizer.apply(grads, self.trainable_variables)
        return self.compute_metrics(x, y, y_pred)
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import optree

from multikeras import ops
from multikeras.backend import config as backend_config
from multikeras.backend import dtypes
from multikeras.backend import global_settings
from multikeras.backend.errors import CapabilityError
from multikeras.backend.selection import current
from multikeras.metrics.metric import Metric
from multikeras.metrics.reduction_metrics import Mean
from multikeras.state.stateless_scope import StatelessScope
from multikeras.trainers.compile_utils import CompileLoss, CompileMetrics
from multikeras.trainers.step_function import StepFunction, value_and_grad_of_variables


def _structure_fixed_during(method: Callable[..., Any]) -> Callable[..., Any]:
    """Run a batch loop with the model's layer and weight lists computed once (see ``Layer._structure_fixed``)."""

    @functools.wraps(method)
    def loop(self: Any, *args: Any, **kwargs: Any) -> Any:
        with self._structure_fixed():
            return method(self, *args, **kwargs)

    return loop


class Trainer:
    """The training API of :class:`~multikeras.Model` (mixed in; see ``Model`` for examples)."""

    compiled = False
    optimizer: Any = None
    loss: Any = None
    stop_training = False
    stop_evaluating = False
    stop_predicting = False
    history: Any = None
    _initial_epoch: int | None = None
    _compile_loss: CompileLoss | None = None
    _compile_metrics: CompileMetrics | None = None
    _loss_tracker: Mean | None = None
    train_function: Callable[[Any], Any] | None = None
    test_function: Callable[[Any], Any] | None = None
    predict_function: Callable[[Any], Any] | None = None

    # Compile -----------------------------------------------------------------

    def compile(
        self,
        optimizer: Any = "rmsprop",
        loss: Any = None,
        loss_weights: Any = None,
        metrics: Any = None,
        weighted_metrics: Any = None,
        run_eagerly: bool = False,
        steps_per_execution: int = 1,
        jit_compile: bool | str = "auto",
        auto_scale_loss: bool = True,
    ) -> None:
        """Configure training: optimizer, loss, metrics and how steps run.

        Args:
            optimizer: an optimizer or its name.
            loss: a loss (name, function or ``Loss``) for every output, a list
                in output order, or a dict by output name.
            loss_weights: weights of the output losses (list or dict).
            metrics: metrics (names, functions, ``Metric``\\ s); a list of lists
                or a dict for per-output metrics.
            weighted_metrics: metrics that take the sample weights into account.
            run_eagerly: never compile the steps (for debugging).
            steps_per_execution: batches per call of the compiled function.
            jit_compile: ``True`` compiles the steps with the backend (XLA via
                jax.jit, tf.function, torch.compile); ``"auto"`` compiles where
                that is faster (jax, tensorflow; torch runs eagerly).
            auto_scale_loss: with a ``"mixed_float16"`` policy, wrap the
                optimizer in a ``LossScaleOptimizer``.
        """
        from multikeras import optimizers

        if not isinstance(steps_per_execution, int) or isinstance(steps_per_execution, bool) or steps_per_execution < 1:
            raise ValueError(f"compile: 'steps_per_execution' must be a positive int, received {steps_per_execution!r}.")
        if jit_compile not in (True, False, "auto"):
            raise ValueError(f"compile: 'jit_compile' must be True, False or 'auto', received {jit_compile!r}.")
        self.optimizer = optimizers.get(optimizer)
        if auto_scale_loss and getattr(self, "dtype_policy", None) is not None and self.dtype_policy.name == "mixed_float16":
            if not isinstance(self.optimizer, optimizers.LossScaleOptimizer):
                self.optimizer = optimizers.LossScaleOptimizer(self.optimizer)
        self.loss = loss
        self._compile_config = {
            "optimizer": optimizer, "loss": loss, "loss_weights": loss_weights, "metrics": metrics,
            "weighted_metrics": weighted_metrics, "run_eagerly": run_eagerly,
            "steps_per_execution": steps_per_execution, "jit_compile": jit_compile, "auto_scale_loss": auto_scale_loss,
        }
        output_names = self._output_names()
        self._compile_loss = CompileLoss(loss, loss_weights, output_names=output_names) if loss is not None else None
        self._compile_metrics = (
            CompileMetrics(metrics, weighted_metrics, output_names=output_names, loss=loss)
            if metrics is not None or weighted_metrics is not None else None
        )
        self._loss_tracker = Mean(name="loss")
        self.jit_compile = _resolve_jit_compile(jit_compile, self._layers_without_jit()) and not run_eagerly
        self.run_eagerly = run_eagerly
        self.steps_per_execution = steps_per_execution
        self.compiled = True
        self.stop_training = False
        self._reset_functions()

    def _layers_without_jit(self) -> list[str]:
        """The names of this model's layers that cannot run in a compiled step (``supports_jit = False``: they
        compute on the host, as ``Hashing`` and ``StringLookup`` do)."""
        return [layer.name for layer in self._flatten_layers() if not getattr(layer, "supports_jit", True)]

    def _reset_functions(self) -> None:
        self.train_function = self.test_function = self.predict_function = None
        self._train_function_without_logs = None
        self._built_for_training = False

    def _output_names(self) -> list[str] | None:
        structure = getattr(self, "_outputs_struct", None)
        if structure is None:
            return None
        if isinstance(structure, dict) and not any(isinstance(v, (list, tuple, dict)) for v in structure.values()):
            return sorted(structure)  # a flat dict: outputs are named by their keys
        # A list, or a nested structure: the output layers' names, in optree's flattened (sorted-key) order.
        return [t._keras_history[0].name if t._keras_history else f"output_{i}"
                for i, t in enumerate(optree.tree_leaves(structure, is_leaf=lambda t: hasattr(t, "_keras_history")))]

    def get_compile_config(self) -> dict[str, Any] | None:
        """The arguments of the last :meth:`compile` (serialized), or ``None``."""
        if not self.compiled:
            return None
        from multikeras.saving import serialization_lib

        return {key: serialization_lib.serialize_keras_object(value) for key, value in self._compile_config.items()}

    def compile_from_config(self, config: dict[str, Any]) -> None:
        """:meth:`compile` again from :meth:`get_compile_config`'s output."""
        from multikeras.saving import serialization_lib

        def restore(value: Any) -> Any:
            if isinstance(value, dict) and "class_name" in value:
                return serialization_lib.deserialize_keras_object(value)
            if isinstance(value, dict):
                return {key: restore(item) for key, item in value.items()}
            if isinstance(value, list):
                return [restore(item) for item in value]
            return value  # names ("adam", "mse", "accuracy") and plain values stay as compile() takes them

        self.compile(**{key: restore(value) for key, value in config.items()})

    # Metrics -----------------------------------------------------------------

    @property
    def metrics(self) -> list[Metric]:
        """The loss tracker, compiled metrics, per-output loss trackers, then metrics held in attributes."""
        result: list[Metric] = []
        if self.compiled:
            result.append(self._loss_tracker)
            if self._compile_metrics is not None:
                result.append(self._compile_metrics)
            if self._compile_loss is not None:
                result.extend(self._compile_loss.metrics)
        result += [m for m in self._attribute_metrics() if all(m is not r for r in result)]
        return result

    def _attribute_metrics(self) -> list[Metric]:
        """Metrics held in attributes of the model and its layers (directly or in lists)."""
        return self._cached_structure("attribute_metrics", self._collect_attribute_metrics)

    def _collect_attribute_metrics(self) -> list[Metric]:
        found: list[Metric] = []
        for layer in self._flatten_layers():
            for value in vars(layer).values():
                for item in value if isinstance(value, (list, tuple)) else (value,):
                    if isinstance(item, Metric) and all(item is not m for m in found):
                        found.append(item)
        return found

    @property
    def metrics_names(self) -> list[str]:
        return [m.name for m in self.metrics]

    @property
    def metrics_variables(self) -> list[Any]:
        return [v for m in self.metrics for v in m.variables]

    def reset_metrics(self) -> None:
        """Reset the state of every metric in :attr:`metrics`."""
        for metric in self.metrics:
            metric.reset_state()

    def get_metrics_result(self) -> dict[str, Any]:
        """``{name: value}`` for every metric (a compiled-metrics container contributes its entries)."""
        logs: dict[str, Any] = {}
        for metric in self.metrics:
            value = metric.result()
            if isinstance(value, dict):
                logs.update(value)
            else:
                logs[metric.name] = value
        return logs

    # Step building blocks ------------------------------------------------------

    def compute_loss(self, x: Any = None, y: Any = None, y_pred: Any = None, sample_weight: Any = None,
                     training: bool = True) -> Any:
        """The compiled loss of ``(y, y_pred)`` plus the model's own losses (regularization, ``add_loss``)."""
        del x
        total = None
        if self._compile_loss is not None and y is not None:
            total = self._compile_loss(y, y_pred, sample_weight)
        own = self.losses
        if own:
            extra = ops.sum(ops.stack([ops.cast(loss, backend_config.floatx()) for loss in own]))
            total = extra if total is None else total + ops.cast(extra, ops.dtype(total))
        if total is None:
            raise ValueError(
                f"Model '{self.name}': no loss to compute; pass loss=... to compile(), or add losses in the model "
                "(add_loss) or compute one in a custom train_step."
            )
        return total

    def compute_metrics(self, x: Any, y: Any, y_pred: Any, sample_weight: Any = None) -> dict[str, Any]:
        """Update the compiled metrics with a batch and return :meth:`get_metrics_result`."""
        self._update_compiled_metrics(y, y_pred, sample_weight)
        return self.get_metrics_result()

    def _update_compiled_metrics(self, y: Any, y_pred: Any, sample_weight: Any) -> None:
        if self._compile_metrics is not None and y is not None:
            self._compile_metrics.update_state(y, y_pred, sample_weight)

    def value_and_grad(self, fn: Callable[[], Any], variables: Sequence[Any] | None = None,
                       has_aux: bool = False) -> tuple[Any, list[Any]]:
        """``fn()`` and its gradients with respect to ``variables`` (the trainable variables by default).

        The same call works on every trainable backend and inside compiled
        steps; it is what a custom ``train_step`` uses instead of
        ``tf.GradientTape``, ``loss.backward()`` or ``jax.grad``.

        Returns:
            ``(value, grads)``, or ``((value, aux), grads)`` with ``has_aux``.
        """
        if variables is None:
            variables = self.trainable_variables
        return value_and_grad_of_variables(fn, variables, has_aux=has_aux)

    def train_step(self, data: Any) -> dict[str, Any]:
        """One optimization step on a batch; returns the logs (metric values).

        Override it for custom training; see the module docstring for the signature.
        """
        x, y, y_pred, sample_weight = self._train_step_updates(data)
        return self.compute_metrics(x, y, y_pred, sample_weight)

    def _train_step_without_logs(self, data: Any) -> None:
        """:meth:`train_step` with the same updates (weights, optimizer, loss and compiled metrics) but
        without computing the metrics' results, for an eager ``fit`` epoch whose batch logs nobody reads:
        the epoch's logs are then :meth:`get_metrics_result` once, at its end, from the same state."""
        x, y, y_pred, sample_weight = self._train_step_updates(data)
        self._update_compiled_metrics(y, y_pred, sample_weight)

    def _train_step_updates(self, data: Any) -> tuple[Any, Any, Any, Any]:
        from multikeras.trainers.data_adapters import unpack_x_y_sample_weight

        x, y, sample_weight = unpack_x_y_sample_weight(data)

        def forward() -> tuple[Any, tuple[Any, Any]]:
            y_pred = self(x, training=True)
            loss = self.compute_loss(x=x, y=y, y_pred=y_pred, sample_weight=sample_weight, training=True)
            return self.optimizer.scale_loss(loss), (loss, y_pred)

        variables = self.trainable_variables
        (_, (loss, y_pred)), grads = self.value_and_grad(forward, variables, has_aux=True)
        if variables:
            self.optimizer.apply(grads, variables)
        self._loss_tracker.update_state(loss, sample_weight=_batch_size(x))
        return x, y, y_pred, sample_weight

    def test_step(self, data: Any) -> dict[str, Any]:
        """Loss and metrics on a batch, without training."""
        from multikeras.trainers.data_adapters import unpack_x_y_sample_weight

        x, y, sample_weight = unpack_x_y_sample_weight(data)
        y_pred = self(x, training=False)
        loss = self.compute_loss(x=x, y=y, y_pred=y_pred, sample_weight=sample_weight, training=False)
        self._loss_tracker.update_state(loss, sample_weight=_batch_size(x))
        return self.compute_metrics(x, y, y_pred, sample_weight)

    def predict_step(self, data: Any) -> Any:
        """The model's outputs on a batch."""
        from multikeras.trainers.data_adapters import unpack_x_y_sample_weight

        x, _, _ = unpack_x_y_sample_weight(data)
        return self(x, training=False)

    # Step functions -------------------------------------------------------------

    def _state_variables(self, with_optimizer: bool) -> list[Any]:
        state = list(self.trainable_variables) + list(self.non_trainable_variables)
        if with_optimizer and self.optimizer is not None:
            state += self.optimizer.variables
        # Metrics held in attributes are state too, even when an overridden `metrics` property leaves them out.
        state += self.metrics_variables + [v for m in self._attribute_metrics() for v in m.variables]
        unique: dict[int, Any] = {}
        for variable in state:
            unique.setdefault(id(variable), variable)
        return list(unique.values())

    def _make_function(self, step: Callable[[Any], Any], with_optimizer: bool,
                       multi_step: bool) -> Callable[[Any], Any]:
        if multi_step and self.steps_per_execution > 1:
            def run(batches: Any) -> Any:
                logs = None
                for batch in batches:
                    logs = step(batch)
                return logs
        else:
            run = step
        if not self.jit_compile:
            # Eagerly, the step runs on the variables themselves: threading every value through a
            # StatelessScope (what a compiled step needs) would only add bookkeeping to each read and write.
            return run
        return StepFunction(run, self._state_variables(with_optimizer), jit=True)

    def make_train_function(self, force: bool = False) -> Callable[[Any], Any]:
        """Build (once) the compiled training function of one execution."""
        if self.train_function is None or force:
            self.train_function = self._make_function(self.train_step, with_optimizer=True, multi_step=True)
            self._train_function_without_logs = None
        return self.train_function

    def _train_function_without_logs_for(self, single: bool) -> Callable[[Any], Any]:
        """The execution of :meth:`_train_step_without_logs` (see :meth:`_defers_train_logs`)."""
        function = self._train_function_for(single)  # builds the model and the regular function first
        if single and self.steps_per_execution > 1:
            return function
        if getattr(self, "_train_function_without_logs", None) is None:
            self._train_function_without_logs = self._make_function(
                self._train_step_without_logs, with_optimizer=True, multi_step=True)
        return self._train_function_without_logs

    def _defers_train_logs(self) -> bool:
        """Whether an eager ``fit`` whose batch logs nobody reads may skip the per-step metric results.

        Only with the built-in steps (:meth:`train_step`, :meth:`compute_metrics`,
        :meth:`make_train_function` not overridden): a compiled step computes
        its results inside the compiled function, where they cost next to
        nothing, and an overridden one is called as written.
        """
        cls = type(self)
        return (not self.jit_compile and cls.train_step is Trainer.train_step
                and cls.compute_metrics is Trainer.compute_metrics
                and cls.make_train_function is Trainer.make_train_function)

    def make_test_function(self, force: bool = False) -> Callable[[Any], Any]:
        """Build (once) the compiled evaluation function of one execution."""
        if self.test_function is None or force:
            self.test_function = self._make_function(self.test_step, with_optimizer=False, multi_step=True)
        return self.test_function

    def make_predict_function(self, force: bool = False) -> Callable[[Any], Any]:
        """Build (once) the compiled prediction function of one batch."""
        if self.predict_function is None or force:
            jit = getattr(self, "jit_compile", None)
            if jit is None:  # predict without compile(): the backend's default
                jit = _resolve_jit_compile("auto", self._layers_without_jit())
            if jit:
                state = list(self.trainable_variables) + list(self.non_trainable_variables)
                self.predict_function = StepFunction(self.predict_step, state, jit=True)
            else:
                self.predict_function = self.predict_step
        return self.predict_function

    def _build_for_training(self, data: Any) -> None:
        """Create every variable a step needs (layers, lazily built metrics, optimizer slots) before compiling.

        Runs the model, loss and metrics once on the first batch in a scope
        that keeps no assignment, so nothing is created inside a compiled trace.
        """
        if getattr(self, "_built_for_training", False):
            return
        from multikeras.trainers.data_adapters import unpack_x_y_sample_weight

        x, y, sample_weight = unpack_x_y_sample_weight(data)
        with StatelessScope(collect_assignments=False):
            y_pred = self(x, training=False)
            if y is not None:
                if self._compile_loss is not None:
                    self._compile_loss(y, y_pred, sample_weight)
                if self._compile_metrics is not None:
                    self._compile_metrics.update_state(y, y_pred, sample_weight)
            # The log names in `metrics` order: the order of evaluate()'s and *_on_batch()'s list results.
            self._log_order = list(self.get_metrics_result())
        if self.optimizer is not None:
            self.optimizer.build(self.trainable_variables)
        self._built_for_training = True
        self.train_function = self.test_function = None

    def _assert_compiled(self, method: str) -> None:
        if not self.compiled:
            raise RuntimeError(
                f"Model '{self.name}': you must call compile() before {method}(); e.g. "
                "model.compile(optimizer='adam', loss='sparse_categorical_crossentropy')."
            )

    def _assert_trainable_backend(self, method: str) -> None:
        backend = current()
        if not backend.capabilities.trainable:
            raise CapabilityError(
                f"Model '{self.name}'.{method}: the '{backend.name}' backend cannot differentiate, so it cannot train; "
                "evaluate() and predict() work on it. Train with a backend that can (capabilities.trainable)."
            )

    # Loops -------------------------------------------------------------------

    @_structure_fixed_during
    def fit(
        self,
        x: Any = None,
        y: Any = None,
        batch_size: int | None = None,
        epochs: int = 1,
        verbose: int | str = "auto",
        callbacks: Any = None,
        validation_split: float = 0.0,
        validation_data: Any = None,
        shuffle: bool | str = True,
        class_weight: dict[int, float] | None = None,
        sample_weight: Any = None,
        initial_epoch: int = 0,
        steps_per_epoch: int | None = None,
        validation_steps: int | None = None,
        validation_batch_size: int | None = None,
        validation_freq: int | Sequence[int] = 1,
    ) -> Any:
        """Train for ``epochs`` epochs; returns the :class:`~multikeras.callbacks.History`.

        Arguments follow Keras 3: ``x``/``y`` as arrays (or dicts/lists of
        them), a generator, a ``PyDataset``, a ``tf.data.Dataset`` or a
        ``torch`` ``DataLoader``; ``validation_split`` holds out the last
        fraction of array inputs; ``validation_freq`` is an int (every n
        epochs) or the list of epochs (1-based) to validate after.
        """
        from multikeras import callbacks as callbacks_module
        from multikeras.trainers.data_adapters import EpochIterator, train_validation_split, unpack_x_y_sample_weight

        self._assert_compiled("fit")
        self._assert_trainable_backend("fit")
        _check_int("fit", "epochs", epochs, minimum=0)
        _check_int("fit", "initial_epoch", initial_epoch, minimum=0)
        cap = global_settings.max_epochs()
        if cap is not None and epochs > cap:  # config.set_max_epochs, as Keras 3
            warnings.warn(f"fit: limiting epochs to {cap} (config.set_max_epochs); received epochs={epochs}.",
                          stacklevel=2)
            epochs = cap
        if not isinstance(validation_freq, (list, tuple)):
            _check_int("fit", "validation_freq", validation_freq, minimum=1)
        if validation_split and validation_data is None:
            (x, y, sample_weight), validation_data = train_validation_split((x, y, sample_weight), validation_split=validation_split)
        if validation_data is not None:
            val_x, val_y, val_sample_weight = unpack_x_y_sample_weight(validation_data)
        iterator = EpochIterator(x, y, sample_weight, batch_size=batch_size, steps_per_epoch=steps_per_epoch,
                                 shuffle=shuffle, class_weight=class_weight, steps_per_execution=self.steps_per_execution)
        verbose = _resolve_verbose(verbose)
        if not isinstance(callbacks, callbacks_module.CallbackList):
            callbacks = callbacks_module.CallbackList(callbacks, add_history=True, add_progbar=verbose != 0, model=self,
                                                      verbose=verbose, epochs=epochs, steps=iterator.num_batches)
        self.history = next((c for c in callbacks.callbacks if isinstance(c, callbacks_module.History)), None)
        self.stop_training = False
        self._initial_epoch = None
        callbacks.on_train_begin()
        initial_epoch = self._initial_epoch or initial_epoch
        training_logs: dict[str, float] | None = None
        validation_iterator = None
        # Without a callback reading them, batch logs stay tensors until the epoch ends, so
        # a compiled step is not waited for before the next one is dispatched.
        reads_batch_logs = not hasattr(callbacks, "reads_train_batch_logs") or callbacks.reads_train_batch_logs()
        # Eagerly, and with nobody reading them, the metric results are computed once per epoch, from the
        # state after its last batch: the values the last batch's logs would have had.
        defer_logs = not reads_batch_logs and self._defers_train_logs()
        # Nothing to call at the start of a batch unless a callback has such a hook (Callback's are no-ops).
        begins_batches = not hasattr(callbacks, "implements") or callbacks.implements("on_train_batch_begin",
                                                                                        "on_batch_begin")
        train_function_for = self._train_function_without_logs_for if defer_logs else self._train_function_for
        for epoch in range(initial_epoch, epochs):
            self.reset_metrics()
            callbacks.on_epoch_begin(epoch)
            logs: dict[str, Any] | None = {}
            batches = 0
            for first_step, last_step, batch in self._executions(iterator):
                if begins_batches:
                    callbacks.on_train_batch_begin(first_step)
                logs = self._run(train_function_for, batch, require_logs=not defer_logs)
                batches += 1
                if reads_batch_logs:  # otherwise no callback has an end-of-batch hook of its own: nothing to call
                    callbacks.on_train_batch_end(last_step, logs)
                if self.stop_training:
                    break
            if defer_logs:
                logs = self.get_metrics_result() if batches else {}
            if not logs and not self.stop_training:
                raise ValueError(f"Model '{self.name}'.fit: the training data produced no batch in epoch {epoch + 1}.")
            epoch_logs = pythonify_logs(logs)
            if validation_data is not None and _should_validate(epoch, validation_freq):
                if validation_iterator is None:
                    validation_iterator = EpochIterator(val_x, val_y, val_sample_weight,
                                                        batch_size=validation_batch_size or batch_size,
                                                        steps_per_epoch=validation_steps, shuffle=False,
                                                        steps_per_execution=self.steps_per_execution)
                val_logs = self._evaluate_loop(validation_iterator, callbacks)
                epoch_logs.update({f"val_{name}": value for name, value in val_logs.items()})
            callbacks.on_epoch_end(epoch, epoch_logs)
            training_logs = epoch_logs
            if self.stop_training:
                break
        if self.optimizer is not None and epochs > initial_epoch:
            self.optimizer.finalize_variable_values(self.trainable_variables)
        callbacks.on_train_end(logs=training_logs)
        return self.history

    @_structure_fixed_during
    def evaluate(
        self,
        x: Any = None,
        y: Any = None,
        batch_size: int | None = None,
        verbose: int | str = "auto",
        sample_weight: Any = None,
        steps: int | None = None,
        callbacks: Any = None,
        return_dict: bool = False,
        **kwargs: Any,
    ) -> Any:
        """Loss and metrics on the given data: a scalar, a list in :attr:`metrics_names` order, or a dict."""
        from multikeras import callbacks as callbacks_module
        from multikeras.trainers.data_adapters import EpochIterator

        if kwargs:
            raise TypeError(f"Model '{self.name}'.evaluate: unexpected keyword arguments {sorted(kwargs)}.")
        self._assert_compiled("evaluate")
        iterator = EpochIterator(x, y, sample_weight, batch_size=batch_size, steps_per_epoch=steps, shuffle=False,
                                 steps_per_execution=self.steps_per_execution)
        verbose = _resolve_verbose(verbose)
        if not isinstance(callbacks, callbacks_module.CallbackList):
            callbacks = callbacks_module.CallbackList(callbacks, add_progbar=verbose != 0, model=self, verbose=verbose,
                                                      epochs=1, steps=iterator.num_batches)
        logs = self._evaluate_loop(iterator, callbacks)
        return self._format_logs(logs, return_dict)

    def _evaluate_loop(self, iterator: Any, callbacks: Any) -> dict[str, float]:
        self.stop_evaluating = False
        callbacks.on_test_begin()
        self.reset_metrics()
        logs: dict[str, Any] = {}
        for first_step, last_step, batch in self._executions(iterator):
            callbacks.on_test_batch_begin(first_step)
            logs = self._run(self._test_function_for, batch)
            callbacks.on_test_batch_end(last_step, logs)
            if self.stop_evaluating:
                break
        if not logs:
            raise ValueError(f"Model '{self.name}'.evaluate: the data produced no batch.")
        logs = pythonify_logs(logs)
        callbacks.on_test_end(logs)
        return logs

    def predict(
        self,
        x: Any,
        batch_size: int | None = None,
        verbose: int | str = "auto",
        steps: int | None = None,
        callbacks: Any = None,
    ) -> Any:
        """The model's outputs on ``x``, batch by batch, as NumPy arrays (same structure as the outputs)."""
        from multikeras import callbacks as callbacks_module
        from multikeras.trainers.data_adapters import EpochIterator

        iterator = EpochIterator(x, batch_size=batch_size, steps_per_epoch=steps, shuffle=False)
        verbose = _resolve_verbose(verbose)
        if not isinstance(callbacks, callbacks_module.CallbackList):
            callbacks = callbacks_module.CallbackList(callbacks, add_progbar=verbose != 0, model=self, verbose=verbose,
                                                      epochs=1, steps=iterator.num_batches)
        self.stop_predicting = False
        callbacks.on_predict_begin()
        collected: list[Any] = []
        for step, batch in iterator.enumerate_epoch():
            callbacks.on_predict_batch_begin(step)
            data = _to_tensors(batch)
            if self.predict_function is None:
                with StatelessScope(collect_assignments=False):
                    self.predict_step(data)  # builds the model outside any trace
                self.make_predict_function()
            outputs = optree.tree_map(ops.convert_to_numpy, self.predict_function(data))
            collected.append(outputs)
            callbacks.on_predict_batch_end(step, {"outputs": outputs})
            if self.stop_predicting:
                break
        if not collected:
            raise ValueError(f"Model '{self.name}'.predict: the data produced no batch.")
        callbacks.on_predict_end()
        return optree.tree_map(lambda *parts: np.concatenate(parts, axis=0), *collected)

    # On one batch ------------------------------------------------------------

    @_structure_fixed_during
    def train_on_batch(self, x: Any, y: Any = None, sample_weight: Any = None, class_weight: dict[int, float] | None = None,
                       return_dict: bool = False) -> Any:
        """One training step on one batch; returns the logs like :meth:`evaluate`."""
        self._assert_compiled("train_on_batch")
        self._assert_trainable_backend("train_on_batch")
        if class_weight is not None:
            from multikeras.trainers.data_adapters import EpochIterator

            iterator = EpochIterator(x, y, sample_weight, batch_size=_num_samples(x), class_weight=class_weight)
            (_, batch), = list(iterator.enumerate_epoch())
        else:
            batch = _pack(x, y, sample_weight)
        self.reset_metrics()
        logs = self._run(self._train_function_for, batch, single=True)
        return self._format_logs(pythonify_logs(logs), return_dict)

    @_structure_fixed_during
    def test_on_batch(self, x: Any, y: Any = None, sample_weight: Any = None, return_dict: bool = False) -> Any:
        """Loss and metrics on one batch."""
        self._assert_compiled("test_on_batch")
        self.reset_metrics()
        logs = self._run(self._test_function_for, _pack(x, y, sample_weight), single=True)
        return self._format_logs(pythonify_logs(logs), return_dict)

    def predict_on_batch(self, x: Any) -> Any:
        """The model's outputs on one batch, as NumPy arrays."""
        data = _to_tensors((x,))
        if self.predict_function is None:
            with StatelessScope(collect_assignments=False):
                self.predict_step(data)
            self.make_predict_function()
        return optree.tree_map(ops.convert_to_numpy, self.predict_function(data))

    # Running -----------------------------------------------------------------

    def _executions(self, iterator: Any) -> Any:
        """``(first_step, last_step, data)`` per execution: one batch, or a list of ``steps_per_execution``
        batches (the batch-begin callbacks see the execution's first step, the batch-end ones its last)."""
        if self.steps_per_execution == 1:
            for step, batch in iterator.enumerate_epoch():
                yield step, step, batch
            return
        for first_step, last_step, batches in iterator.enumerate_executions():
            yield first_step, last_step, list(batches)

    def _train_function_for(self, single: bool) -> Callable[[Any], Any]:
        if single and self.steps_per_execution > 1:
            if getattr(self, "_single_train_function", None) is None:
                self._single_train_function = self._make_function(self.train_step, with_optimizer=True, multi_step=False)
            return self._single_train_function
        return self.make_train_function()

    def _test_function_for(self, single: bool) -> Callable[[Any], Any]:
        if single and self.steps_per_execution > 1:
            if getattr(self, "_single_test_function", None) is None:
                self._single_test_function = self._make_function(self.test_step, with_optimizer=False, multi_step=False)
            return self._single_test_function
        return self.make_test_function()

    def _run(self, function_for: Callable[[bool], Callable[[Any], Any]], data: Any,
             single: bool = False, require_logs: bool = True) -> Any:
        """One execution; its logs as the step returned them (tensors; :func:`pythonify_logs` converts them)."""
        grouped = isinstance(data, list) and not single
        built = getattr(self, "_built_for_training", False)
        # A compiled step of a backend whose compiler converts NumPy arguments itself (faster than converting
        # them first: jax) takes host batches; building the model needs tensors, as does any eager step.
        convert = (_to_host_arrays if built and self.jit_compile and current().capabilities.jit_accepts_numpy
                   else _to_tensors)
        data = [convert(batch) for batch in data] if grouped else convert(data)
        if not built:
            self._build_for_training(data[0] if grouped else data)
            self._single_train_function = self._single_test_function = None
            if self._keras_structure_cache is not None:
                self._keras_structure_cache.clear()  # building added weights and metric variables
        logs = function_for(single)(data)
        return _require_dict(logs) if require_logs else logs

    def _format_logs(self, logs: dict[str, Any], return_dict: bool) -> Any:
        """What ``evaluate`` / ``*_on_batch`` return: the (sorted) logs dict, or as Keras 3 its values with the
        metrics' first (:attr:`metrics` order), then the other keys sorted; a single value alone."""
        if return_dict:
            return logs
        order = [name for name in getattr(self, "_log_order", ()) if name in logs]
        named = set(order)
        values = [logs[name] for name in order] + [logs[name] for name in sorted(logs) if name not in named]
        return values[0] if len(values) == 1 else values


def pythonify_logs(logs: dict[str, Any] | None) -> dict[str, Any]:
    """:func:`multikeras.callbacks.callback_list.pythonify_logs`, imported on first use: the callbacks
    (and the progress bar) load with the first ``fit``, not with ``import multikeras``."""
    from multikeras.callbacks.callback_list import pythonify_logs as convert

    return convert(logs)


def _resolve_jit_compile(jit_compile: bool | str, layers_without_jit: Sequence[str] = ()) -> bool:
    """``compile(jit_compile=...)`` for the active backend: ``"auto"`` compiles where the backend says training is
    faster compiled (jax, tensorflow; not torch); ``True`` on a backend that cannot compile warns and runs eagerly.
    A model with layers that cannot be compiled (``layers_without_jit``) runs eagerly, with a warning when
    ``True`` asked for compilation (as Keras 3 does)."""
    capabilities = current().capabilities
    if layers_without_jit and jit_compile:
        if jit_compile is True:
            warnings.warn(f"compile: jit_compile=True, but the layers {list(layers_without_jit)} compute on the host "
                          "and cannot run in a compiled step; running the steps eagerly.", stacklevel=3)
        return False
    if jit_compile == "auto":
        return bool(capabilities.supports_jit and capabilities.jit_training_by_default)
    if jit_compile and not capabilities.supports_jit:
        warnings.warn(f"compile: the '{current().name}' backend cannot compile; running the steps eagerly.", stacklevel=3)
        return False
    return bool(jit_compile)


def _to_tensors(batch: Any) -> Any:
    """A batch of host arrays as tensors of the active backend (floating point as ``floatx``)."""
    return _convert_batch(batch, _leaf_to_tensor)


def _to_host_arrays(batch: Any) -> Any:
    """A batch for a compiled step that takes NumPy arrays (``capabilities.jit_accepts_numpy``): host arrays
    with floating point cast to ``floatx`` on the host, Python numbers and lists as arrays, tensors kept."""
    if type(batch) is tuple:
        floatx = backend_config.floatx()
        for leaf in batch:
            if leaf is not None and (type(leaf) is not np.ndarray or (leaf.dtype.kind == "f" and leaf.dtype != floatx)):
                break
        else:
            return batch  # arrays that need no conversion, the common case of every step: the batch as it is
    return _convert_batch(batch, _leaf_to_host)


def _convert_batch(batch: Any, convert_leaf: Callable[[Any, np.dtype], Any]) -> Any:
    floatx = np.dtype(backend_config.floatx())
    if type(batch) is tuple and all(type(leaf) is np.ndarray or leaf is None for leaf in batch):
        return tuple(convert_leaf(leaf, floatx) for leaf in batch)  # (x, y[, sample_weight]) arrays: no tree walk
    return optree.tree_map(lambda leaf: convert_leaf(leaf, floatx), batch, none_is_leaf=True)


def _as_array(leaf: Any, floatx: np.dtype) -> Any:
    """Python numbers and lists as NumPy arrays (a float as ``floatx``); anything else as it is."""
    if isinstance(leaf, (int, float, list)):
        return np.asarray(leaf, dtype=floatx if isinstance(leaf, float) else None)
    return leaf


def _leaf_to_host(leaf: Any, floatx: np.dtype) -> Any:
    leaf = _as_array(leaf, floatx)
    if isinstance(leaf, np.ndarray) and leaf.dtype.kind == "f" and leaf.dtype != floatx:
        return leaf.astype(floatx)
    return leaf


def _leaf_to_tensor(leaf: Any, floatx: np.dtype) -> Any:
    if leaf is None:
        return None
    leaf = _as_array(leaf, floatx)
    if isinstance(leaf, np.ndarray) and leaf.dtype.kind == "f" and leaf.dtype != floatx:
        return ops.convert_to_tensor(leaf, dtype=floatx.name)
    if dtypes.is_text(leaf):
        return np.asarray(leaf)  # text has no tensor type (a string tensor becomes NumPy): read on the host
    return ops.convert_to_tensor(leaf)


def _require_dict(logs: Any) -> dict[str, Any]:
    if not isinstance(logs, dict):
        raise TypeError(f"train_step/test_step must return a dict of metric values, received {type(logs).__name__}.")
    return logs


def _batch_size(x: Any) -> Any:
    first = optree.tree_leaves(x)[0]
    return first.shape[0] if dtypes.is_text(first) else ops.shape(first)[0]  # text stays a host array


def _num_samples(x: Any) -> int:
    return int(np.shape(optree.tree_leaves(x)[0])[0])


def _pack(x: Any, y: Any, sample_weight: Any) -> tuple[Any, ...]:
    if sample_weight is not None:
        return (x, y, sample_weight)
    if y is not None:
        return (x, y)
    return (x,)


def _resolve_verbose(verbose: Any) -> int:
    if verbose == "auto":
        return 1
    if verbose not in (0, 1, 2):
        raise ValueError(f"verbose must be 0, 1, 2 or 'auto', received {verbose!r}.")
    return int(verbose)


def _should_validate(epoch: int, validation_freq: int | Sequence[int]) -> bool:
    if isinstance(validation_freq, (list, tuple)):
        return epoch + 1 in validation_freq
    return (epoch + 1) % validation_freq == 0


def _check_int(where: str, name: str, value: Any, minimum: int) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ValueError(f"{where}: '{name}' must be an int >= {minimum}, received {value!r}.")


__all__ = ["Trainer"]
