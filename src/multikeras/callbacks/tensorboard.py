"""`TensorBoard`: writes training curves and weight histograms for TensorBoard.

Event files are written with the ``tensorboardX`` package, which needs no
TensorFlow, so the callback works with every backend (``pip install
tensorboardX``; it is imported when training starts). Layout, as with Keras:

* ``<log_dir>/train``: ``epoch_<metric>`` per epoch (``epoch_learning_rate``
  too), ``batch_<metric>`` every ``update_freq`` batches, weight histograms
  ``<variable path>/histogram`` every ``histogram_freq`` epochs;
* ``<log_dir>/validation``: ``epoch_<metric>`` of the ``val_*`` logs per epoch,
  and ``evaluation_<metric>_vs_iterations`` against the training step.
"""

from __future__ import annotations

import importlib.util
import os
import time
import warnings
from typing import Any

import numpy as np

from multikeras.callbacks._learning_rate import get_learning_rate
from multikeras.callbacks.callback import Callback

_MISSING_WRITER = (
    "TensorBoard: writing TensorBoard event files needs the `tensorboardX` package "
    "(it writes them without TensorFlow). Install it with `pip install tensorboardX`."
)


def _summary_writer_class() -> Any:
    try:
        from tensorboardX import SummaryWriter
    except ImportError as error:
        raise ImportError(_MISSING_WRITER) from error
    return SummaryWriter


class TensorBoard(Callback):
    """Logs metrics and weight histograms for TensorBoard (``tensorboard --logdir <log_dir>``).

    Args:
        log_dir: directory of the logs (``train/`` and ``validation/`` inside).
        histogram_freq: every how many epochs to write histograms of the
            weights (``0``: never).
        write_graph: accepted for compatibility; no graph is written (graphs
            are a TensorFlow artifact).
        write_images: also write 2-D weights (and 1-D ones as a row) as images
            (needs Pillow), when histograms are written.
        write_steps_per_second: also log the training speed (steps per second).
        update_freq: ``"epoch"``: scalars at each epoch end only; ``"batch"`` or
            an integer ``N``: also the batch logs every ``N`` batches.
        profile_batch: not supported (must be 0).
        embeddings_freq, embeddings_metadata: not supported (must be 0 / None).

    Example:
        >>> import tempfile
        >>> callback = TensorBoard(log_dir=tempfile.mkdtemp(), update_freq="batch")
        >>> callback.update_freq
        1
    """

    def __init__(
        self,
        log_dir: str | os.PathLike = "logs",
        histogram_freq: int = 0,
        write_graph: bool = True,
        write_images: bool = False,
        write_steps_per_second: bool = False,
        update_freq: str | int = "epoch",
        profile_batch: int | tuple[int, int] | str = 0,
        embeddings_freq: int = 0,
        embeddings_metadata: Any = None,
    ):
        super().__init__()
        if importlib.util.find_spec("tensorboardX") is None:
            raise ImportError(_MISSING_WRITER)
        if update_freq == "batch":
            update_freq = 1
        if update_freq != "epoch" and (isinstance(update_freq, bool) or not isinstance(update_freq, int) or update_freq <= 0):
            raise ValueError(
                f"TensorBoard: `update_freq` must be 'epoch', 'batch' or a positive integer. Received: update_freq={update_freq!r}."
            )
        if not isinstance(histogram_freq, int) or histogram_freq < 0:
            raise ValueError(f"TensorBoard: `histogram_freq` must be a non-negative integer. Received: {histogram_freq!r}.")
        if profile_batch not in (0, None, "0", (0, 0)):
            warnings.warn(f"TensorBoard: profiling is not supported; ignoring profile_batch={profile_batch!r}.", stacklevel=2)
        if embeddings_freq or embeddings_metadata is not None:
            warnings.warn("TensorBoard: embeddings are not supported; ignoring embeddings_freq/embeddings_metadata.", stacklevel=2)
        self.log_dir = os.fspath(log_dir)
        self.histogram_freq = histogram_freq
        self.write_graph = write_graph
        self.write_images = write_images
        self.write_steps_per_second = write_steps_per_second
        self.update_freq = update_freq
        self.profile_batch = profile_batch
        self.embeddings_freq = embeddings_freq
        self.embeddings_metadata = embeddings_metadata
        self._train_dir = os.path.join(self.log_dir, "train")
        self._val_dir = os.path.join(self.log_dir, "validation")
        self._writers: dict[str, Any] = {}
        self._global_train_batch = 0
        self._epoch_start_time = 0.0
        self._epoch_start_batch = 0
        self._batch_start_time = 0.0
        self._images_unavailable = False

    # Writers ---------------------------------------------------------------------------

    def _writer(self, which: str) -> Any:
        writer = self._writers.get(which)
        if writer is None:
            writer_class = _summary_writer_class()
            writer = writer_class(logdir=self._train_dir if which == "train" else self._val_dir)
            self._writers[which] = writer
        return writer

    def _close_writers(self) -> None:
        for writer in self._writers.values():
            writer.close()
        self._writers = {}

    # Training --------------------------------------------------------------------------

    def on_train_begin(self, logs: dict[str, Any] | None = None) -> None:
        self._global_train_batch = _iterations(self._model)
        self._writer("train")

    def on_train_end(self, logs: dict[str, Any] | None = None) -> None:
        self._close_writers()

    def on_epoch_begin(self, epoch: int, logs: dict[str, Any] | None = None) -> None:
        self._epoch_start_time = time.time()
        self._epoch_start_batch = self._global_train_batch

    def on_train_batch_begin(self, batch: int, logs: dict[str, Any] | None = None) -> None:
        if self.write_steps_per_second:
            self._batch_start_time = time.time()

    def on_train_batch_end(self, batch: int, logs: dict[str, Any] | None = None) -> None:
        self._global_train_batch += 1
        if self.update_freq == "epoch" or self._global_train_batch % self.update_freq != 0:
            return
        writer = self._writer("train")
        step = self._global_train_batch
        for name, value in _scalars(logs).items():
            writer.add_scalar(f"batch_{name}", value, step)
        if self.write_steps_per_second and self._batch_start_time:
            elapsed = time.time() - self._batch_start_time
            if elapsed > 0:
                writer.add_scalar("batch_steps_per_second", 1.0 / elapsed, step)

    def on_epoch_end(self, epoch: int, logs: dict[str, Any] | None = None) -> None:
        scalars = _scalars(logs)
        train = {name: value for name, value in scalars.items() if not name.startswith("val_")}
        validation = {name[len("val_"):]: value for name, value in scalars.items() if name.startswith("val_")}
        if "learning_rate" not in train:
            learning_rate = _learning_rate(self._model)
            if learning_rate is not None:
                train["learning_rate"] = learning_rate
        if self.write_steps_per_second:
            elapsed = time.time() - self._epoch_start_time
            steps = self._global_train_batch - self._epoch_start_batch
            if elapsed > 0 and steps > 0:
                train["steps_per_second"] = steps / elapsed
        writer = self._writer("train")
        for name, value in train.items():
            writer.add_scalar(f"epoch_{name}", value, epoch)
        if validation:
            val_writer = self._writer("validation")
            for name, value in validation.items():
                val_writer.add_scalar(f"epoch_{name}", value, epoch)
                val_writer.add_scalar(f"evaluation_{name}_vs_iterations", value, self._global_train_batch)
        if self.histogram_freq and epoch % self.histogram_freq == 0:
            self._log_weights(epoch)
        for each in self._writers.values():
            each.flush()

    def _log_weights(self, epoch: int) -> None:
        writer = self._writer("train")
        for variable in getattr(self.model, "weights", []):
            name = str(getattr(variable, "path", None) or variable.name).replace(":", "_")
            values = np.asarray(variable.numpy())
            if values.size == 0:
                continue
            writer.add_histogram(f"{name}/histogram", values.astype(np.float64), epoch)
            if self.write_images:
                self._log_image(writer, name, values, epoch)

    def _log_image(self, writer: Any, name: str, values: np.ndarray, epoch: int) -> None:
        if self._images_unavailable or values.ndim > 2:
            return
        image = values.reshape(1, -1) if values.ndim < 2 else values
        low, high = float(image.min()), float(image.max())
        image = (image - low) / (high - low) if high > low else np.zeros_like(image)
        try:
            writer.add_image(f"{name}/image", image[None].astype(np.float32), epoch, dataformats="CHW")
        except ImportError:  # tensorboardX encodes images with Pillow
            self._images_unavailable = True
            warnings.warn("TensorBoard: write_images=True needs Pillow (`pip install pillow`); no images are written.", stacklevel=3)


def _scalars(logs: dict[str, Any] | None) -> dict[str, float]:
    """The logs that are numbers, as floats."""
    scalars = {}
    for name, value in (logs or {}).items():
        if isinstance(value, bool):
            continue
        try:
            if np.ndim(value) == 0:
                scalars[name] = float(value)
        except (TypeError, ValueError):
            continue
    return scalars


def _iterations(model: Any) -> int:
    iterations = getattr(getattr(model, "optimizer", None), "iterations", None)
    try:
        return int(iterations) if iterations is not None else 0
    except (TypeError, ValueError):
        return 0


def _learning_rate(model: Any) -> float | None:
    optimizer = getattr(model, "optimizer", None)
    if optimizer is None or not hasattr(optimizer, "learning_rate"):
        return None
    try:
        return get_learning_rate(optimizer, "TensorBoard")
    except (TypeError, ValueError):
        return None
