"""RemoteMonitor: what reaches a real local HTTP server, in form and JSON mode, and what happens without one.

The expected requests were observed on Keras 3.15.1 (jax, torch and
tensorflow backends, a recording ``ThreadingHTTPServer``): one ``POST`` to
``root + path`` per epoch end; in form mode an
``application/x-www-form-urlencoded`` body with one field holding
``json.dumps({"epoch": epoch, **logs})``; in JSON mode that JSON text as an
``application/json`` body; the extra headers as given; an HTTP error status
ignored; an unreachable server a ``UserWarning`` starting
``Could not reach RemoteMonitor root server at <root>``, training going on.
"""

from __future__ import annotations

import inspect
import json
import socket
import threading
import urllib.parse
import warnings
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import numpy as np
import pytest

import multikeras as mk
from multikeras import callbacks

X = np.linspace(-1.0, 1.0, 8, dtype=np.float32).reshape(4, 2)
Y = np.array([[0.5], [-0.25], [1.0], [0.0]], np.float32)


class Recorder(BaseHTTPRequestHandler):
    """Records every request as ``(method, path, headers, body)`` and answers with the server's ``status``."""

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.server.requests.append((self.command, self.path, dict(self.headers), body))
        self.send_response(self.server.status)
        self.end_headers()

    def log_message(self, *args) -> None:  # keep the test output quiet
        pass


@pytest.fixture(scope="module")
def _server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    server.requests = []
    server.status = 200
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def server(_server):
    _server.requests.clear()
    _server.status = 200
    _server.root = f"http://127.0.0.1:{_server.server_port}"
    return _server


@pytest.fixture
def closed_root():
    """The root URL of a local port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def header(headers, name):
    return {key.lower(): value for key, value in headers.items()}[name.lower()]


def sent(request, field="data"):
    """The dict a request carried (form field ``field`` or the JSON body)."""
    _, _, headers, body = request
    if header(headers, "Content-Type") == "application/json":
        return json.loads(body)
    form = urllib.parse.parse_qs(body.decode("ascii"), strict_parsing=True)
    assert list(form) == [field]
    return json.loads(form[field][0])


def tiny_fit(monitor, epochs=2):
    model = mk.Sequential([mk.layers.Input((2,)), mk.layers.Dense(1)])
    model.compile(optimizer=mk.optimizers.SGD(0.1), loss="mse")
    return model.fit(X, Y, batch_size=2, epochs=epochs, verbose=0, shuffle=False, callbacks=[monitor])


def test_signature_matches_keras():
    # Keras 3.15.1: (root='http://localhost:9000', path='/publish/epoch/end/', field='data', headers=None, send_as_json=False)
    defaults = {name: parameter.default for name, parameter in inspect.signature(callbacks.RemoteMonitor).parameters.items()}
    assert defaults == {"root": "http://localhost:9000", "path": "/publish/epoch/end/", "field": "data",
                        "headers": None, "send_as_json": False}


@pytest.mark.parametrize("send_as_json", [False, True], ids=["form", "json"])
def test_fit_posts_epoch_and_loss_each_epoch(backend_name, server, send_as_json):
    monitor = callbacks.RemoteMonitor(root=server.root, path="/epochs", field="metrics",
                                      headers={"X-Run": "seven"}, send_as_json=send_as_json)
    with mk.backend.use(backend_name):
        if not mk.backend.capabilities(backend_name).trainable:
            with pytest.raises(mk.backend.CapabilityError):
                tiny_fit(monitor)
            assert server.requests == []
            return
        history = tiny_fit(monitor)
    assert len(server.requests) == 2
    for epoch, request in enumerate(server.requests):
        method, path, headers, _ = request
        assert (method, path) == ("POST", "/epochs")
        assert header(headers, "X-Run") == "seven"
        expected_type = "application/json" if send_as_json else "application/x-www-form-urlencoded"
        assert header(headers, "Content-Type") == expected_type
        payload = sent(request, field="metrics")
        assert list(payload) == ["epoch", "loss"]
        assert payload["epoch"] == epoch
        assert payload["loss"] == history.history["loss"][epoch]  # JSON keeps a float exactly


def test_backend_tensors_are_sent_as_plain_numbers(backend_name, server):
    monitor = callbacks.RemoteMonitor(root=server.root, send_as_json=True)
    with mk.backend.use(backend_name):
        logs = {"loss": mk.ops.convert_to_tensor(0.5), "count": mk.ops.convert_to_tensor(np.int32(3)),
                "single": mk.ops.convert_to_tensor(np.array([2.5], np.float32)),
                "per_class": mk.ops.convert_to_tensor(np.array([0.25, 0.75], np.float32)),
                "numpy": np.float32(0.125), "name": "run", "missing": None}
        monitor.on_epoch_end(4, logs)
    assert sent(server.requests[0]) == {"epoch": 4, "loss": 0.5, "count": 3, "single": 2.5, "per_class": [0.25, 0.75],
                                        "numpy": 0.125, "name": "run", "missing": None}


def test_unreachable_server_warns_and_training_goes_on(backend_name, closed_root):
    monitor = callbacks.RemoteMonitor(root=closed_root)
    with mk.backend.use(backend_name), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if mk.backend.capabilities(backend_name).trainable:
            history = tiny_fit(monitor)
            assert history.epoch == [0, 1]
        else:
            monitor.on_epoch_end(0, {"loss": mk.ops.convert_to_tensor(0.5)})
            monitor.on_epoch_end(1, {"loss": mk.ops.convert_to_tensor(0.25)})
    messages = [str(warning.message) for warning in caught if warning.category is UserWarning]
    assert len(messages) == 2
    assert all(message.startswith(f"Could not reach RemoteMonitor root server at {closed_root}") for message in messages)


def test_form_mode_sends_nan_but_json_mode_warns(server):
    callbacks.RemoteMonitor(root=server.root).on_epoch_end(0, {"loss": float("nan")})
    assert urllib.parse.parse_qs(server.requests[0][3].decode("ascii"))["data"] == ['{"epoch": 0, "loss": NaN}']
    with pytest.warns(UserWarning, match=f"Could not reach RemoteMonitor root server at {server.root}"):
        callbacks.RemoteMonitor(root=server.root, send_as_json=True).on_epoch_end(1, {"loss": np.float32("nan")})
    assert len(server.requests) == 1  # nothing sent


def test_error_status_is_ignored_and_bad_urls_warn(server):
    server.status = 500
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        callbacks.RemoteMonitor(root=server.root).on_epoch_end(None, None)
    assert sent(server.requests[0]) == {"epoch": None}
    for root in ("not-a-url", server.root + ":x"):
        with pytest.warns(UserWarning, match=f"Could not reach RemoteMonitor root server at {root}"):
            callbacks.RemoteMonitor(root=root).on_epoch_end(0, {"loss": 1.0})


def test_user_content_type_wins_and_unencodable_values_raise(server):
    monitor = callbacks.RemoteMonitor(root=server.root, headers={"content-type": "text/plain"}, send_as_json=True)
    monitor.on_epoch_end(0, {"loss": 1.0})
    assert header(server.requests[0][2], "Content-Type") == "text/plain"
    assert json.loads(server.requests[0][3]) == {"epoch": 0, "loss": 1.0}
    with pytest.raises(TypeError, match="not JSON serializable"):
        callbacks.RemoteMonitor(root=server.root).on_epoch_end(1, {"thing": object()})


def test_a_torch_tensor_that_requires_grad_is_sent_under_any_backend(backend_name, server):
    # A log value of another framework than the active backend's: np.asarray refused a torch tensor needing grad,
    # and the RuntimeError stopped training.
    torch = pytest.importorskip("torch")
    monitor = callbacks.RemoteMonitor(root=server.root, send_as_json=True)
    weight = torch.tensor([0.5, 1.5], requires_grad=True)
    with mk.backend.use(backend_name):
        monitor.on_epoch_end(1, {"norm": (weight * 2).sum(), "scaled": weight * 2})
    assert sent(server.requests[0]) == {"epoch": 1, "norm": 4.0, "scaled": [1.0, 3.0]}
