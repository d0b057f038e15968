"""Callbacks: objects that act at points of ``fit``, ``evaluate`` and ``predict`` (``keras.callbacks``).

``fit`` drives them through a :class:`CallbackList`; every callback can also
be called directly, hook by hook. ``OrbaxCheckpoint`` of Keras is not
provided; ``RemoteMonitor`` posts with the standard library (no ``requests``).

Example:
    >>> from multikeras import callbacks
    >>> stopper = callbacks.EarlyStopping(monitor="val_loss", patience=3)
    >>> isinstance(stopper, callbacks.Callback)
    True
"""

from multikeras.callbacks.backup_and_restore import BackupAndRestore
from multikeras.callbacks.callback import Callback
from multikeras.callbacks.callback_list import CallbackList
from multikeras.callbacks.csv_logger import CSVLogger
from multikeras.callbacks.early_stopping import EarlyStopping
from multikeras.callbacks.history import History
from multikeras.callbacks.lambda_callback import LambdaCallback
from multikeras.callbacks.learning_rate_scheduler import LearningRateScheduler
from multikeras.callbacks.model_checkpoint import ModelCheckpoint
from multikeras.callbacks.monitor_callback import MonitorCallback
from multikeras.callbacks.progbar_logger import ProgbarLogger
from multikeras.callbacks.reduce_lr_on_plateau import ReduceLROnPlateau
from multikeras.callbacks.remote_monitor import RemoteMonitor
from multikeras.callbacks.swap_ema_weights import SwapEMAWeights
from multikeras.callbacks.tensorboard import TensorBoard
from multikeras.callbacks.terminate_on_nan import TerminateOnNaN

__all__ = [
    "BackupAndRestore",
    "CSVLogger",
    "Callback",
    "CallbackList",
    "EarlyStopping",
    "History",
    "LambdaCallback",
    "LearningRateScheduler",
    "ModelCheckpoint",
    "MonitorCallback",
    "ProgbarLogger",
    "ReduceLROnPlateau",
    "RemoteMonitor",
    "SwapEMAWeights",
    "TensorBoard",
    "TerminateOnNaN",
]
