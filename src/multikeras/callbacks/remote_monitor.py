"""`RemoteMonitor`: posts each epoch's logs to an HTTP server.

Sent with the standard library (``urllib.request``), so the callback needs no
HTTP package. A server that cannot be reached gives a warning, never an error:
monitoring must not stop training.
"""

from __future__ import annotations

import http.client
import json
import urllib.error
import urllib.parse
import urllib.request
import warnings
from typing import Any

import numpy as np

from multikeras import ops
from multikeras.callbacks.callback import Callback


class RemoteMonitor(Callback):
    """Sends ``{"epoch": epoch, **logs}`` to a server with an HTTP ``POST`` at the end of each epoch.

    The URL is ``root + path`` (joined as strings). By default the body is
    form-encoded with one field, ``field``, whose value is the JSON text of
    the dict; with ``send_as_json=True`` the JSON text is the whole body
    (``Content-Type: application/json``) and ``field`` is not used. Values
    are sent as plain Python values: NumPy scalars, arrays and backend
    tensors of one element as numbers, larger ones as (nested) lists.

    The server's answer is not read: an HTTP error status is ignored. When
    the request cannot be sent (no server, a malformed URL, a NaN in JSON
    mode, which JSON cannot hold) a ``UserWarning`` names ``root`` and the
    reason, and training goes on.

    Args:
        root: the server's root URL.
        path: appended to ``root`` to give the URL the logs are posted to.
        field: the name of the form field holding the JSON text (form mode).
        headers: extra HTTP headers, a dict of names to values.
        send_as_json: send the JSON text as the body instead of a form.

    Example:
        >>> monitor = RemoteMonitor(root="http://127.0.0.1:9", send_as_json=True)
        >>> import warnings
        >>> with warnings.catch_warnings(record=True) as caught:
        ...     warnings.simplefilter("always")
        ...     monitor.on_epoch_end(0, {"loss": 0.25})  # nothing listens on port 9
        >>> str(caught[0].message).startswith("Could not reach RemoteMonitor root server at http://127.0.0.1:9")
        True
    """

    def __init__(self, root: str = "http://localhost:9000", path: str = "/publish/epoch/end/", field: str = "data",
                 headers: dict[str, str] | None = None, send_as_json: bool = False):
        super().__init__()
        self.root = root
        self.path = path
        self.field = field
        self.headers = headers
        self.send_as_json = send_as_json

    def on_epoch_end(self, epoch: int, logs: dict[str, Any] | None = None) -> None:
        payload: dict[Any, Any] = {"epoch": epoch}
        for key, value in (logs or {}).items():
            payload[key] = _to_plain(value)
        try:
            # allow_nan=False: NaN is not JSON (form mode sends it as Python's json writes it, ``NaN``).
            # A value JSON cannot encode at all (an arbitrary object) raises TypeError, as in Keras.
            self._post(json.dumps(payload, allow_nan=not self.send_as_json))
        except urllib.error.HTTPError as answer:
            answer.close()  # the server answered: its status is not the callback's concern
        except (OSError, ValueError, http.client.HTTPException) as error:
            warnings.warn(f"Could not reach RemoteMonitor root server at {self.root} ({error}).", stacklevel=2)

    def _post(self, text: str) -> None:
        if self.send_as_json:
            body = text.encode("utf-8")
            content_type = "application/json"
        else:
            body = urllib.parse.urlencode({self.field: text}).encode("ascii")
            content_type = "application/x-www-form-urlencoded"
        # The user's headers come last so they may replace Content-Type (urllib keys headers case-insensitively).
        headers = {"Content-Type": content_type, **{name: str(value) for name, value in (self.headers or {}).items()}}
        request = urllib.request.Request(self.root + self.path, data=body, headers=headers, method="POST")
        with urllib.request.urlopen(request) as response:
            response.read()


def _to_plain(value: Any) -> Any:
    """A log value as JSON-ready Python: one-element arrays and tensors as numbers, larger ones as lists."""
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, dict):
        return {key: _to_plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_to_plain(item) for item in value]
    if ops.is_tensor(value):
        value = ops.convert_to_numpy(value)
    elif not isinstance(value, (np.ndarray, np.generic)) and hasattr(value, "__array__"):
        # A tensor of another framework than the active backend's. A torch tensor that requires grad (or lives on
        # an accelerator) refuses __array__: its data is taken first, so the callback never stops training.
        if callable(getattr(value, "detach", None)):
            value = value.detach()
            if callable(getattr(value, "cpu", None)):
                value = value.cpu()
        value = np.asarray(value)
    if isinstance(value, (np.ndarray, np.generic)):
        return value.item() if value.size == 1 else value.tolist()
    return value
