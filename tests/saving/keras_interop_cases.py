"""The cases of the Keras 3 interoperability tests: one entry per model, written once for both libraries.

Every builder takes the library module (``keras`` in the peer process,
``multikeras`` in the test process) and uses only the Keras 3 API, so the same
code builds the same model in both. This module never imports Keras: the peer
(``keras_peer.py``) passes it in.

Adding a layer is one entry in :data:`LAYER_CASES`:
``layer_case("Name", lambda L: L.Name(...), input_shape)``, where ``L`` is
the library's ``layers`` namespace. The coverage test then counts the layer as
covered. Layers that cannot be covered go in :data:`EXCLUDED` with the reason.
"""

from __future__ import annotations

import dataclasses
import zlib
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

# Inputs ---------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class InputSpec:
    """One model input: shape without the batch axis, and how to draw its values."""

    shape: tuple[int, ...]
    kind: str = "normal"  # "normal", "uniform01" (pixels), "int:<low>:<high>", "int_zeros:<low>:<high>" (padding zeros)
    name: str | None = None

    def draw(self, rng: np.random.Generator, batch: int) -> np.ndarray:
        shape = (batch, *self.shape)
        if self.kind == "normal":
            return rng.normal(size=shape).astype("float32")
        if self.kind == "uniform01":
            return rng.uniform(0.0, 1.0, size=shape).astype("float32")
        kind, low, high = self.kind.split(":")
        values = rng.integers(int(low), int(high), size=shape).astype("int32")
        if kind == "int_zeros":  # trailing padding, for masks
            values[..., -1] = 0
        elif kind != "int":
            raise ValueError(f"InputSpec: unknown kind {self.kind!r}")
        return values


@dataclasses.dataclass(frozen=True)
class Case:
    """A model built the same way in both libraries, and the inputs to predict on."""

    name: str
    build: Callable[[Any], Any]
    inputs: tuple[InputSpec, ...]
    targets: tuple[InputSpec, ...] = ()  # compiled models: evaluate() on these targets
    batch: int = 2

    @property
    def compiled(self) -> bool:
        return bool(self.targets)

    def seed(self) -> int:
        return zlib.crc32(self.name.encode())

    def draw_inputs(self) -> list[np.ndarray]:
        rng = np.random.default_rng(self.seed())
        return [spec.draw(rng, self.batch) for spec in self.inputs]

    def draw_targets(self) -> list[np.ndarray]:
        rng = np.random.default_rng(self.seed() + 2)
        return [spec.draw(rng, self.batch) for spec in self.targets]

    def model_inputs(self, arrays: Sequence[np.ndarray], specs: Sequence[InputSpec] | None = None) -> Any:
        """What to call the model on: one array, or a list, or a dict when the inputs are named."""
        specs = self.inputs if specs is None else specs
        if all(spec.name for spec in specs):
            # A name "outer/inner" puts the array at inputs["outer"]["inner"] (nested dict inputs).
            named: dict[str, Any] = {}
            for spec, array in zip(specs, arrays):
                *outer, last = spec.name.split("/")
                level = named
                for key in outer:
                    level = level.setdefault(key, {})
                level[last] = array
            return named
        if len(arrays) == 1:
            return arrays[0]
        return list(arrays)

    def model_targets(self, arrays: Sequence[np.ndarray]) -> Any:
        return self.model_inputs(arrays, self.targets)


def output_structure(outputs: Any) -> str:
    """The nesting of a model's outputs, e.g. ``"{a: array, b: [array, array]}"`` (compared across libraries)."""
    if isinstance(outputs, Mapping):
        return "{" + ", ".join(f"{key}: {output_structure(outputs[key])}" for key in sorted(outputs)) + "}"
    if isinstance(outputs, (list, tuple)):
        return "[" + ", ".join(output_structure(item) for item in outputs) + "]"
    return "array"


def flatten_outputs(outputs: Any, to_numpy: Callable[[Any], np.ndarray]) -> list[np.ndarray]:
    """A model's outputs as a flat list of arrays (dicts in sorted key order)."""
    if isinstance(outputs, Mapping):
        return [np.asarray(to_numpy(outputs[key])) for key in sorted(outputs)]
    if isinstance(outputs, (list, tuple)):
        return [array for item in outputs for array in flatten_outputs(item, to_numpy)]
    return [np.asarray(to_numpy(outputs))]


# Weights --------------------------------------------------------------------------------------


def randomize_weights(model: Any, seed: int) -> None:
    """Give every weight a seeded random value (variances positive, counts integral)."""
    rng = np.random.default_rng(seed)
    for variable in model.weights:
        dtype = np.dtype(str(variable.dtype))
        shape = tuple(variable.shape)
        name = variable.name
        if dtype.kind in "iub":
            value = rng.integers(1, 5, size=shape).astype(dtype)
        elif "variance" in name:
            value = rng.uniform(0.5, 1.5, size=shape).astype(dtype)
        else:
            value = rng.uniform(-1.0, 1.0, size=shape).astype(dtype)
        variable.assign(value)


def randomize_optimizer(optimizer: Any, seed: int) -> None:
    """Put seeded values in every optimizer variable (a step count, a learning rate, slots)."""
    rng = np.random.default_rng(seed)
    for variable in optimizer.variables:
        dtype = np.dtype(str(variable.dtype))
        shape = tuple(variable.shape)
        if dtype.kind in "iu":
            variable.assign(np.full(shape, 7, dtype))
        elif variable.name == "learning_rate":
            variable.assign(np.asarray(0.0125, dtype))
        else:  # moments: non-negative keeps Adam's second moment valid
            variable.assign(rng.uniform(0.0, 1.0, size=shape).astype(dtype))


# Registered functions (a Lambda layer loads when its function is registered) -------------------

LAMBDA_PACKAGE = "interop_tests"


def scale_and_shift(x):
    """``2 * x + 1``, registered in both libraries under ``interop_tests>scale_and_shift``."""
    return x * 2.0 + 1.0


def register_functions(library: Any) -> None:
    library.saving.register_keras_serializable(package=LAMBDA_PACKAGE)(scale_and_shift)


# Builders -------------------------------------------------------------------------------------


def _sequential(shape: tuple[int, ...], make: Callable[[Any], Any], dtype: str) -> Callable[[Any], Any]:
    def build(K: Any) -> Any:
        made = make(K.layers)
        stack = list(made) if isinstance(made, (list, tuple)) else [made]
        return K.Sequential([K.Input(shape, dtype=dtype), *stack])

    return build


def layer_case(name: str, make: Callable[[Any], Any], shape: tuple[int, ...], kind: str = "normal",
               dtype: str = "float32") -> Case:
    """A Sequential of ``Input(shape)`` and ``make(layers)`` (one layer, or a list of layers)."""
    return Case(name, _sequential(shape, make, dtype), (InputSpec(shape, kind),))


def merge_case(name: str, make: Callable[[Any], Any], shapes: Sequence[tuple[int, ...]]) -> Case:
    """A Functional model applying ``make(layers)`` to several inputs."""

    def build(K: Any) -> Any:
        inputs = [K.Input(shape) for shape in shapes]
        return K.Model(inputs, make(K.layers)(inputs))

    return Case(name, build, tuple(InputSpec(shape) for shape in shapes))


def call_case(name: str, call: Callable[[Any, list[Any]], Any], shapes: Sequence[tuple[int, ...]],
              kind: str = "normal", dtype: str = "float32") -> Case:
    """A Functional model whose outputs are ``call(layers, inputs)`` (layers called with keyword arguments...)."""

    def build(K: Any) -> Any:
        inputs = [K.Input(shape, dtype=dtype) for shape in shapes]
        return K.Model(inputs, call(K.layers, inputs))

    return Case(name, build, tuple(InputSpec(shape, kind) for shape in shapes))


LAYER_CASES: list[Case] = [
    # core
    layer_case("Dense", lambda L: L.Dense(3, activation="relu", use_bias=True), (4,)),
    layer_case("Dense_no_bias_3d", lambda L: L.Dense(2, use_bias=False, activation="tanh"), (3, 4)),
    layer_case("EinsumDense", lambda L: L.EinsumDense("abc,cde->abde", output_shape=(3, 2, 5), bias_axes="de",
                                                     activation="sigmoid"), (3, 4)),
    layer_case("Embedding", lambda L: [L.Embedding(7, 3, mask_zero=True), L.GlobalAveragePooling1D()],
               (5,), kind="int_zeros:1:7", dtype="int32"),
    layer_case("Activation", lambda L: L.Activation("gelu"), (5,)),
    layer_case("ReversibleEmbedding", lambda L: [L.ReversibleEmbedding(7, 3, mask_zero=True, tie_weights=False),
                                                 L.GlobalAveragePooling1D()], (5,), kind="int_zeros:1:7", dtype="int32"),
    call_case("ReversibleEmbedding_reverse", lambda L, xs: (lambda e: e(e(xs[0]), reverse=True))(
        L.ReversibleEmbedding(7, 3, logit_soft_cap=2.0)), [(5,)], kind="int:0:7", dtype="int32"),
    # activations
    layer_case("ReLU", lambda L: L.ReLU(max_value=0.6, negative_slope=0.1, threshold=0.05), (5,)),
    layer_case("LeakyReLU", lambda L: L.LeakyReLU(negative_slope=0.2), (5,)),
    layer_case("ELU", lambda L: L.ELU(alpha=0.7), (5,)),
    layer_case("PReLU", lambda L: L.PReLU(alpha_initializer="random_uniform", shared_axes=[1]), (3, 4)),
    layer_case("Softmax", lambda L: L.Softmax(axis=1), (3, 4)),  # Keras 3.15.1 fails on a tuple axis
    # wrappers
    layer_case("TimeDistributed", lambda L: L.TimeDistributed(L.Dense(3, activation="tanh")), (4, 5)),
    layer_case("TimeDistributed_conv", lambda L: [L.TimeDistributed(L.Conv1D(2, 2)), L.Flatten()], (3, 4, 2)),
    layer_case("SpectralNormalization", lambda L: L.SpectralNormalization(L.Dense(3), power_iterations=2), (4,)),
    layer_case("SpectralNormalization_conv", lambda L: [L.SpectralNormalization(L.Conv1D(2, 2)), L.Flatten()], (4, 3)),
    layer_case("Identity", lambda L: [L.Dense(3), L.Identity()], (4,)),
    layer_case("Masking", lambda L: [L.Masking(mask_value=0.0), L.GlobalAveragePooling1D()], (4, 3)),
    layer_case("Lambda", lambda L: L.Lambda(scale_and_shift), (3,)),
    # convolutional
    layer_case("Conv1D", lambda L: L.Conv1D(3, 3, strides=2, padding="same", dilation_rate=1, activation="relu"),
               (7, 2)),
    layer_case("Conv1D_causal", lambda L: L.Conv1D(2, 2, padding="causal", dilation_rate=2), (6, 2)),
    layer_case("Conv2D", lambda L: L.Conv2D(3, (3, 2), strides=(1, 2), padding="valid", groups=1), (5, 6, 2)),
    layer_case("Conv2D_groups", lambda L: L.Conv2D(4, 2, padding="same", groups=2, dilation_rate=2), (5, 5, 4)),
    layer_case("Conv3D", lambda L: L.Conv3D(2, 2, strides=1, padding="same"), (3, 4, 4, 2)),
    layer_case("Conv1DTranspose", lambda L: L.Conv1DTranspose(3, 3, strides=2, padding="same"), (4, 2)),
    layer_case("Conv2DTranspose", lambda L: L.Conv2DTranspose(2, 3, strides=2, padding="valid",
                                                             output_padding=1), (3, 3, 2)),
    layer_case("Conv3DTranspose", lambda L: L.Conv3DTranspose(2, 2, strides=(1, 2, 1)), (2, 3, 2, 2)),
    layer_case("DepthwiseConv1D", lambda L: L.DepthwiseConv1D(3, depth_multiplier=2, padding="same"), (6, 2)),
    layer_case("DepthwiseConv2D", lambda L: L.DepthwiseConv2D(2, depth_multiplier=2, strides=2), (5, 5, 3)),
    layer_case("SeparableConv1D", lambda L: L.SeparableConv1D(4, 3, depth_multiplier=2, padding="same"), (6, 3)),
    layer_case("SeparableConv2D", lambda L: L.SeparableConv2D(3, 2, depth_multiplier=1, strides=1), (4, 4, 2)),
    # merging
    merge_case("Add", lambda L: L.Add(), [(3,), (3,), (3,)]),
    merge_case("Subtract", lambda L: L.Subtract(), [(3,), (3,)]),
    merge_case("Multiply", lambda L: L.Multiply(), [(2, 3), (2, 3)]),
    merge_case("Average", lambda L: L.Average(), [(3,), (3,)]),
    merge_case("Maximum", lambda L: L.Maximum(), [(3,), (3,)]),
    merge_case("Minimum", lambda L: L.Minimum(), [(3,), (3,)]),
    merge_case("Concatenate", lambda L: L.Concatenate(axis=1), [(2, 3), (4, 3)]),
    merge_case("Dot", lambda L: L.Dot(axes=(1, 2), normalize=True), [(3, 4), (2, 3)]),
    # normalization
    layer_case("BatchNormalization", lambda L: L.BatchNormalization(axis=-1, epsilon=1e-2, center=True), (3, 4)),
    layer_case("BatchNormalization_axis1", lambda L: L.BatchNormalization(axis=1, scale=False), (3, 4)),
    layer_case("LayerNormalization", lambda L: L.LayerNormalization(axis=-1, epsilon=1e-3), (3, 4)),
    layer_case("LayerNormalization_rms", lambda L: L.LayerNormalization(axis=(1, 2), rms_scaling=True), (3, 4)),
    layer_case("GroupNormalization", lambda L: L.GroupNormalization(groups=2, epsilon=1e-3), (3, 4)),
    layer_case("RMSNormalization", lambda L: L.RMSNormalization(axis=-1, epsilon=1e-5), (3, 4)),
    layer_case("UnitNormalization", lambda L: L.UnitNormalization(axis=-1), (3, 4)),
    # pooling
    layer_case("MaxPooling1D", lambda L: L.MaxPooling1D(2, strides=1, padding="same"), (5, 2)),
    layer_case("MaxPooling2D", lambda L: L.MaxPooling2D((2, 2), padding="valid"), (5, 4, 2)),
    layer_case("MaxPooling3D", lambda L: L.MaxPooling3D(2), (4, 4, 2, 2)),
    layer_case("AveragePooling1D", lambda L: L.AveragePooling1D(2, padding="same"), (5, 2)),
    layer_case("AveragePooling2D", lambda L: L.AveragePooling2D(2, strides=1), (4, 4, 2)),
    layer_case("AveragePooling3D", lambda L: L.AveragePooling3D(2, padding="same"), (3, 4, 2, 2)),
    layer_case("GlobalMaxPooling1D", lambda L: L.GlobalMaxPooling1D(keepdims=True), (5, 2)),
    layer_case("GlobalMaxPooling2D", lambda L: L.GlobalMaxPooling2D(), (3, 4, 2)),
    layer_case("GlobalMaxPooling3D", lambda L: L.GlobalMaxPooling3D(), (2, 3, 2, 2)),
    layer_case("GlobalAveragePooling1D", lambda L: L.GlobalAveragePooling1D(), (5, 2)),
    layer_case("GlobalAveragePooling2D", lambda L: L.GlobalAveragePooling2D(keepdims=True), (3, 4, 2)),
    layer_case("GlobalAveragePooling3D", lambda L: L.GlobalAveragePooling3D(), (2, 3, 2, 2)),
    layer_case("AdaptiveAveragePooling1D", lambda L: L.AdaptiveAveragePooling1D(3), (7, 2)),
    layer_case("AdaptiveAveragePooling2D", lambda L: L.AdaptiveAveragePooling2D((3, 2), data_format="channels_first"),
               (2, 5, 4)),
    layer_case("AdaptiveAveragePooling3D", lambda L: L.AdaptiveAveragePooling3D(2), (3, 4, 5, 2)),
    layer_case("AdaptiveMaxPooling1D", lambda L: L.AdaptiveMaxPooling1D(4, data_format="channels_first"), (2, 10)),
    layer_case("AdaptiveMaxPooling2D", lambda L: L.AdaptiveMaxPooling2D((2, 3)), (5, 7, 2)),
    layer_case("AdaptiveMaxPooling3D", lambda L: L.AdaptiveMaxPooling3D((2, 1, 3)), (3, 2, 4, 2)),
    # preprocessing (stateful ones round-trip their state)
    layer_case("Normalization", lambda L: L.Normalization(axis=-1), (3, 4)),
    layer_case("Normalization_given", lambda L: L.Normalization(mean=[0.5, -1.0, 2.0], variance=[2.0, 0.5, 1.0]),
               (3,)),
    layer_case("Normalization_invert", lambda L: L.Normalization(axis=None, invert=True), (4,)),
    layer_case("CategoryEncoding", lambda L: L.CategoryEncoding(num_tokens=6, output_mode="count"), (4,),
               kind="int:0:6", dtype="int32"),
    layer_case("CategoryEncoding_one_hot", lambda L: L.CategoryEncoding(num_tokens=5, output_mode="one_hot"), (1,),
               kind="int:0:5", dtype="int32"),
    layer_case("Discretization", lambda L: L.Discretization(bin_boundaries=[-0.5, 0.0, 0.5], output_mode="one_hot"),
               (3,)),
    layer_case("Rescaling", lambda L: L.Rescaling(scale=1.0 / 255, offset=-0.5), (4, 4, 3), kind="uniform01"),
    layer_case("Resizing", lambda L: L.Resizing(3, 5, interpolation="bilinear"), (4, 4, 2), kind="uniform01"),
    layer_case("Resizing_nearest", lambda L: L.Resizing(2, 2, interpolation="nearest", crop_to_aspect_ratio=True),
               (4, 6, 1), kind="uniform01"),
    layer_case("CenterCrop", lambda L: L.CenterCrop(2, 3), (4, 5, 2), kind="uniform01"),
    # 5 boxes padded to 7; the default fill_value, because Keras 3.15 leaves fill_value out of its config
    call_case("MaxNumBoundingBoxes", lambda L, xs: list(L.MaxNumBoundingBoxes(7, bounding_box_format="xyxy")(
        {"images": xs[0], "bounding_boxes": {"boxes": xs[1], "labels": xs[2]}})["bounding_boxes"].values()),
        [(4, 4, 3), (5, 4), (5,)]),
    layer_case("Pipeline", lambda L: L.Pipeline([L.Rescaling(0.5), L.Dense(3), L.Dropout(0.3, seed=1)]), (4,)),
    layer_case("STFTSpectrogram", lambda L: L.STFTSpectrogram(mode="log", frame_length=16, frame_step=6,
                                                              padding="same"), (64, 2)),
    layer_case("MelSpectrogram", lambda L: L.MelSpectrogram(fft_length=32, sequence_stride=16, num_mel_bins=6,
                                                            sampling_rate=8000, top_db=40.0), (128,)),
    # image augmentation (identity at inference; the configs must load, `bounding_box_format` included)
    layer_case("RandomFlip", lambda L: L.RandomFlip("horizontal", seed=1, bounding_box_format="xyxy"), (4, 5, 2),
               kind="uniform01"),
    layer_case("RandomRotation", lambda L: L.RandomRotation((-0.2, 0.3), fill_mode="constant", fill_value=0.5,
                                                             seed=2), (4, 5, 2), kind="uniform01"),
    layer_case("RandomZoom", lambda L: L.RandomZoom(0.2, (-0.3, 0.1), interpolation="nearest", seed=3,
                                                     bounding_box_format="rel_yxyx"), (4, 5, 2),
               kind="uniform01"),
    layer_case("RandomTranslation", lambda L: L.RandomTranslation(0.1, (-0.2, 0.2), fill_mode="wrap", seed=4),
               (4, 5, 2), kind="uniform01"),
    # Keras 3.15 returns images unchanged at inference where multikeras center-crops as Keras documents: the image
    # is the target size here, so both are the identity.
    layer_case("RandomCrop", lambda L: L.RandomCrop(4, 5, seed=5), (4, 5, 2), kind="uniform01"),
    layer_case("RandomContrast", lambda L: L.RandomContrast((0.2, 0.4), value_range=(0, 1), seed=6), (4, 5, 2),
               kind="uniform01"),
    layer_case("RandomBrightness", lambda L: L.RandomBrightness(0.3, value_range=(0, 1), seed=7), (4, 5, 2),
               kind="uniform01"),
    # colour augmentation: 3 channels; AutoContrast transforms at inference too (deterministic, as in Keras)
    layer_case("RandomGrayscale", lambda L: L.RandomGrayscale(0.4, seed=8), (4, 5, 3), kind="uniform01"),
    layer_case("RandomInvert", lambda L: L.RandomInvert(0.5, value_range=(0, 1), seed=9), (4, 5, 3), kind="uniform01"),
    layer_case("Solarization", lambda L: L.Solarization(addition_factor=0.1, threshold_factor=(0.2, 0.6),
                                                        value_range=(0, 1), seed=10), (4, 5, 3), kind="uniform01"),
    layer_case("RandomPosterization", lambda L: L.RandomPosterization((2, 6), value_range=(0, 1), seed=11), (4, 5, 3),
               kind="uniform01"),
    layer_case("AutoContrast", lambda L: L.AutoContrast(value_range=(0, 1)), (4, 5, 3), kind="uniform01"),
    # CLAHE transforms at inference too; a grid that does not divide the width (mirrored padding)
    layer_case("ContrastLimitedAdaptiveHistogramEqualization",
               lambda L: L.ContrastLimitedAdaptiveHistogramEqualization(value_range=(0, 1), clip_limit=3.0,
                                                                        tile_grid_size=(2, 2)),
               (6, 5, 3), kind="uniform01"),
    layer_case("RandomColorDegeneration", lambda L: L.RandomColorDegeneration(0.3, value_range=(0, 1), seed=12),
               (4, 5, 3), kind="uniform01"),
    layer_case("RandomSaturation", lambda L: L.RandomSaturation((0.3, 0.7), value_range=(0, 1), seed=13), (4, 5, 3),
               kind="uniform01"),
    layer_case("RandomHue", lambda L: L.RandomHue(0.4, value_range=(0, 1), seed=14), (4, 5, 3), kind="uniform01"),
    layer_case("RandomSharpness", lambda L: L.RandomSharpness(0.6, value_range=(0, 1), seed=15), (4, 5, 3),
               kind="uniform01"),
    layer_case("RandomColorJitter", lambda L: L.RandomColorJitter(value_range=(0, 1), brightness_factor=0.2,
                                                                  hue_factor=0.3, seed=16), (4, 5, 3),
               kind="uniform01"),
    # mixing, erasing, blur, shear (identity at inference; the configs must load). RandomShear's factors are
    # non-negative pairs: Keras 3.15.1 cannot load the symmetric pair a single number is saved as.
    layer_case("MixUp", lambda L: L.MixUp(alpha=0.4, seed=17), (4, 5, 3), kind="uniform01"),
    layer_case("CutMix", lambda L: L.CutMix((0.2, 0.8), seed=18), (4, 5, 3), kind="uniform01"),
    layer_case("RandomErasing", lambda L: L.RandomErasing(0.5, scale=(0.1, 0.3), fill_value=0.5, value_range=(0, 1),
                                                          seed=19), (4, 5, 3), kind="uniform01"),
    layer_case("RandomGaussianBlur", lambda L: L.RandomGaussianBlur(0.5, kernel_size=5, sigma=(0.2, 0.8),
                                                                    value_range=(0, 1), seed=20), (4, 5, 3),
               kind="uniform01"),
    layer_case("RandomShear", lambda L: L.RandomShear((0.1, 0.2), (0.0, 0.3), fill_mode="constant", seed=21,
                                                       bounding_box_format="xywh"),
               (4, 5, 3), kind="uniform01"),
    # RandAugment also holds Equalization, which no Keras model can hold alone (Keras 3.15.1's symbolic call returns
    # its input tensor itself: a graph cycle); Equalization's values are checked against Keras's in
    # tests/layers/preprocessing/test_color_augmentation.py.
    layer_case("RandAugment", lambda L: L.RandAugment(value_range=(0, 1), num_ops=3, factor=(0.1, 0.6),
                                                      interpolation="nearest", seed=22), (4, 5, 3), kind="uniform01"),
    layer_case("AugMix", lambda L: L.AugMix(value_range=(0, 1), num_chains=2, chain_depth=2, factor=(0.1, 0.6),
                                            alpha=0.5, all_ops=False, interpolation="nearest", seed=24), (4, 5, 3),
               kind="uniform01"),
    layer_case("RandomPerspective", lambda L: L.RandomPerspective((0.2, 0.7), scale=0.4, interpolation="nearest",
                                                                  fill_value=0.5, seed=22), (4, 5, 3), kind="uniform01"),
    layer_case("RandomElasticTransform", lambda L: L.RandomElasticTransform(0.6, scale=(0.2, 0.5), fill_mode="mirror",
                                                                            value_range=(0, 1), seed=23),
               (4, 5, 3), kind="uniform01"),
    # regularization (identity at inference; the configs must load)
    layer_case("ActivityRegularization", lambda L: L.ActivityRegularization(l1=0.01, l2=0.02), (3,)),
    layer_case("Dropout", lambda L: L.Dropout(0.3, seed=1), (3,)),
    layer_case("AlphaDropout", lambda L: L.AlphaDropout(0.2, seed=2), (3,)),
    layer_case("GaussianDropout", lambda L: L.GaussianDropout(0.2, seed=3), (3,)),
    layer_case("GaussianNoise", lambda L: L.GaussianNoise(0.5, seed=4), (3,)),
    layer_case("SpatialDropout1D", lambda L: L.SpatialDropout1D(0.3), (4, 3)),
    layer_case("SpatialDropout2D", lambda L: L.SpatialDropout2D(0.3), (3, 3, 2)),
    layer_case("SpatialDropout3D", lambda L: L.SpatialDropout3D(0.3), (2, 2, 2, 2)),
    # reshaping
    layer_case("Flatten", lambda L: L.Flatten(), (3, 2, 2)),
    layer_case("Reshape", lambda L: L.Reshape((-1, 2)), (3, 4)),
    layer_case("Permute", lambda L: L.Permute((2, 1, 3)), (2, 3, 4)),
    layer_case("RepeatVector", lambda L: L.RepeatVector(3), (4,)),
    layer_case("Cropping1D", lambda L: L.Cropping1D((1, 2)), (6, 2)),
    layer_case("Cropping2D", lambda L: L.Cropping2D(((1, 0), (0, 2))), (4, 5, 2)),
    layer_case("Cropping3D", lambda L: L.Cropping3D(1), (4, 4, 3, 1)),
    layer_case("UpSampling1D", lambda L: L.UpSampling1D(2), (3, 2)),
    layer_case("UpSampling2D", lambda L: L.UpSampling2D((2, 1), interpolation="bilinear"), (3, 3, 2)),
    layer_case("UpSampling3D", lambda L: L.UpSampling3D(2), (2, 2, 2, 1)),
    layer_case("ZeroPadding1D", lambda L: L.ZeroPadding1D((1, 2)), (3, 2)),
    layer_case("ZeroPadding2D", lambda L: L.ZeroPadding2D(((1, 0), (2, 1))), (3, 3, 1)),
    layer_case("ZeroPadding3D", lambda L: L.ZeroPadding3D(1), (2, 2, 2, 1)),
    # recurrent
    layer_case("SimpleRNN", lambda L: L.SimpleRNN(3, return_sequences=True), (5, 2)),
    layer_case("LSTM", lambda L: L.LSTM(3, go_backwards=True, recurrent_activation="hard_sigmoid"), (5, 2)),
    layer_case("GRU", lambda L: L.GRU(3, return_sequences=True), (4, 2)),
    layer_case("GRU_reset_before", lambda L: L.GRU(2, reset_after=False, use_bias=True), (4, 3)),
    layer_case("RNN_cells", lambda L: L.RNN(L.StackedRNNCells([L.SimpleRNNCell(2), L.GRUCell(3), L.LSTMCell(2)]),
                                            return_sequences=True), (4, 2)),
    layer_case("RNN_LSTMCell", lambda L: L.RNN(L.LSTMCell(3, unit_forget_bias=False), go_backwards=True), (4, 2)),
    layer_case("Bidirectional", lambda L: L.Bidirectional(L.LSTM(2, return_sequences=True), merge_mode="concat"),
               (4, 3)),
    layer_case("Bidirectional_sum", lambda L: L.Bidirectional(L.GRU(2), merge_mode="sum",
                                                              backward_layer=L.GRU(2, go_backwards=True)), (4, 3)),
    layer_case("LSTM_masked", lambda L: [L.Embedding(6, 3, mask_zero=True), L.LSTM(2)], (5,),
               kind="int_zeros:1:6", dtype="int32"),
    call_case("LSTM_state", lambda L, xs: L.LSTM(2, return_state=True, return_sequences=True)(xs[0]), [(4, 3)]),
    layer_case("ConvLSTM1D", lambda L: L.ConvLSTM1D(2, 3, padding="same", return_sequences=True, go_backwards=True),
               (3, 6, 2)),
    layer_case("ConvLSTM2D", lambda L: L.ConvLSTM2D(2, (2, 3), strides=(1, 2), data_format="channels_first",
                                                   recurrent_activation="hard_sigmoid"), (3, 2, 4, 7)),
    call_case("ConvLSTM3D_state", lambda L, xs: L.ConvLSTM3D(2, 2, padding="same", dilation_rate=(1, 2, 1),
                                                             return_state=True)(xs[0]), [(2, 3, 4, 3, 1)]),
    # attention
    call_case("MultiHeadAttention", lambda L, xs: L.MultiHeadAttention(num_heads=2, key_dim=3, value_dim=2)(
        xs[0], xs[1], xs[2]), [(3, 4), (5, 2), (5, 3)]),
    call_case("MultiHeadAttention_masked", lambda L, xs: (lambda e: L.MultiHeadAttention(num_heads=2, key_dim=3)(
        e, e))(L.Embedding(6, 4, mask_zero=True)(xs[0])), [(5,)], kind="int_zeros:1:6", dtype="int32"),
    call_case("MultiHeadAttention_axes", lambda L, xs: L.MultiHeadAttention(
        num_heads=2, key_dim=2, attention_axes=(1,), output_shape=(3,), use_bias=False)(xs[0], xs[1]),
        [(3, 2, 4), (5, 2, 4)]),
    call_case("GroupQueryAttention", lambda L, xs: L.GroupQueryAttention(
        head_dim=2, num_query_heads=4, num_key_value_heads=2)(xs[0], xs[1]), [(3, 4), (5, 4)]),
    call_case("Attention", lambda L, xs: L.Attention(use_scale=True, score_mode="dot")([xs[0], xs[1]]),
              [(3, 4), (5, 4)]),
    call_case("Attention_concat", lambda L, xs: L.Attention(score_mode="concat")([xs[0], xs[1], xs[2]]),
              [(3, 4), (5, 4), (5, 4)]),
    call_case("AdditiveAttention", lambda L, xs: L.AdditiveAttention(use_scale=True)([xs[0], xs[1]]),
              [(3, 4), (5, 4)]),
]


# Models ---------------------------------------------------------------------------------------


def _functional_multi_io(K: Any) -> Any:
    """Two named inputs, a shared Dense applied to both, three outputs as a dict."""
    L = K.layers
    left, right = K.Input((4,), name="left"), K.Input((4,), name="right")
    shared = L.Dense(3, activation="tanh", name="shared")
    a, b = shared(left), shared(right)
    merged = L.Concatenate(name="merged")([a, b])
    head = L.Dense(2, name="head")(merged)
    diff = L.Subtract(name="diff")([a, b])
    return K.Model({"left": left, "right": right}, {"head": head, "diff": diff, "left_code": a}, name="multi_io")


def _functional_nested_io(K: Any) -> Any:
    """Inputs as a dict of dicts, outputs as a dict holding a list (Keras 3 records both structures)."""
    L = K.layers
    inputs = {"x": K.Input((3,), name="x"), "extra": {"b": K.Input((2,), name="b"), "a": K.Input((2,), name="a")}}
    merged = L.Concatenate(name="joined")([inputs["x"], inputs["extra"]["a"], inputs["extra"]["b"]])
    parts = [L.Dense(2, name="part")(merged), L.Subtract(name="gap")([inputs["extra"]["a"], inputs["extra"]["b"]])]
    return K.Model(inputs, {"score": L.Dense(1, name="score")(merged), "parts": parts}, name="nested_io")


def _functional_list_io(K: Any) -> Any:
    """Inputs and outputs as lists; a layer output used twice."""
    L = K.layers
    x, y = K.Input((3,)), K.Input((5,))
    h = L.Dense(4, activation="relu")(x)
    z = L.Concatenate()([h, y])
    return K.Model([x, y], [L.Dense(2)(z), L.Dense(1, activation="sigmoid")(h)], name="list_io")


def _nested(K: Any) -> Any:
    """A Sequential and a Functional model used as layers of a Functional model, one of them twice."""
    L = K.layers
    inner_seq = K.Sequential([K.Input((4,)), L.Dense(3, activation="relu"), L.Dense(3)], name="inner_seq")
    u = K.Input((3,))
    inner_func = K.Model(u, L.Dense(2)(L.BatchNormalization()(u)), name="inner_func")
    a, b = K.Input((4,)), K.Input((4,))
    shared_a, shared_b = inner_seq(a), inner_seq(b)
    out = inner_func(L.Add()([shared_a, shared_b]))
    return K.Model([a, b], out, name="outer")


def _sequential_in_sequential(K: Any) -> Any:
    L = K.layers
    block = K.Sequential([K.Input((4,)), L.Dense(4, activation="relu")], name="block")
    return K.Sequential([K.Input((4,)), block, L.Dense(2)], name="stack")


def _sequential_without_input(K: Any) -> Any:
    """A Sequential built by build() instead of an Input layer."""
    L = K.layers
    model = K.Sequential([L.Dense(3), L.Dense(2, activation="softmax")], name="deferred")
    model.build((None, 4))
    return model


def _functional_in_sequential(K: Any) -> Any:
    L = K.layers

    def block(name: str) -> Any:
        u = K.Input((4,))
        return K.Model(u, L.Add()([u, L.Dense(4, activation="relu")(u)]), name=name)

    return K.Sequential([K.Input((4,)), block("block_a"), block("block_b"), L.Dense(2)], name="blocks")


def _initializers_regularizers_constraints(K: Any) -> Any:
    """Non-default initializers, regularizers and constraints: their configs must cross too."""
    L = K.layers
    dense = L.Dense(
        3,
        kernel_initializer=K.initializers.VarianceScaling(scale=2.0, mode="fan_out", distribution="uniform", seed=3),
        bias_initializer=K.initializers.Constant(0.1),
        kernel_regularizer=K.regularizers.L1L2(l1=0.01, l2=0.02),
        bias_regularizer="l2",
        activity_regularizer=K.regularizers.L1(0.05),
        kernel_constraint=K.constraints.MaxNorm(max_value=2.0, axis=0),
        bias_constraint=K.constraints.NonNeg(),
    )
    conv = L.Conv1D(2, 2, kernel_initializer=K.initializers.RandomNormal(mean=0.1, stddev=0.5, seed=1),
                    kernel_regularizer=K.regularizers.OrthogonalRegularizer(factor=0.1, mode="columns"),
                    kernel_constraint=K.constraints.UnitNorm(axis=[0, 1]),
                    bias_constraint=K.constraints.MinMaxNorm(min_value=0.0, max_value=1.0, rate=0.5))
    return K.Sequential([K.Input((4, 3)), conv, L.Flatten(), dense], name="configured")


def _compiled_sequential(K: Any) -> Any:
    L = K.layers
    model = K.Sequential([K.Input((4,)), L.Dense(3, activation="relu"), L.Dense(2)], name="compiled_seq")
    model.compile(optimizer=K.optimizers.Adam(learning_rate=0.01, beta_1=0.8), loss="mse", metrics=["mae"])
    model.optimizer.build(model.trainable_variables)
    return model


def _compiled_functional(K: Any) -> Any:
    """Two outputs by name, loss objects and metric objects, loss weights, an optimizer with momentum.

    Keras 3.15.1 leaves ``delta`` out of ``Huber``'s config, so its own file
    reloads with ``delta=1.0``; multikeras writes it. Each direction compares
    the two libraries on the same file, so both are right about theirs.
    """
    L = K.layers
    x = K.Input((4,), name="x")
    hidden = L.Dense(3, activation="relu", name="hidden")(x)
    out_a = L.Dense(2, name="a")(hidden)
    out_b = L.Dense(1, activation="sigmoid", name="b")(hidden)
    model = K.Model(x, {"a": out_a, "b": out_b}, name="compiled_func")
    model.compile(optimizer=K.optimizers.SGD(learning_rate=0.05, momentum=0.9, nesterov=True),
                  loss={"a": K.losses.Huber(delta=0.5), "b": "binary_crossentropy"},
                  loss_weights={"a": 1.0, "b": 0.5},
                  metrics={"a": [K.metrics.MeanSquaredError()], "b": ["accuracy", K.metrics.AUC(num_thresholds=20)]})
    model.optimizer.build(model.trainable_variables)
    return model


MODEL_CASES: list[Case] = [
    Case("model_functional_multi_io", _functional_multi_io, (InputSpec((4,), name="left"), InputSpec((4,), name="right"))),
    Case("model_functional_list_io", _functional_list_io, (InputSpec((3,)), InputSpec((5,)))),
    Case("model_functional_nested_io", _functional_nested_io,
         (InputSpec((3,), name="x"), InputSpec((2,), name="extra/a"), InputSpec((2,), name="extra/b"))),
    Case("model_nested", _nested, (InputSpec((4,)), InputSpec((4,)))),
    Case("model_sequential_in_sequential", _sequential_in_sequential, (InputSpec((4,)),)),
    Case("model_sequential_without_input", _sequential_without_input, (InputSpec((4,)),)),
    Case("model_functional_in_sequential", _functional_in_sequential, (InputSpec((4,)),)),
    Case("model_initializers_regularizers_constraints", _initializers_regularizers_constraints,
         (InputSpec((4, 3)),)),
    Case("model_compiled_sequential", _compiled_sequential, (InputSpec((4,)),), targets=(InputSpec((2,)),)),
    Case("model_compiled_functional", _compiled_functional, (InputSpec((4,), name="x"),),
         targets=(InputSpec((2,), name="a"), InputSpec((1,), kind="int:0:2", name="b")), batch=4),
]

CASES: dict[str, Case] = {case.name: case for case in LAYER_CASES + MODEL_CASES}
assert len(CASES) == len(LAYER_CASES) + len(MODEL_CASES), "case names must be unique"


def build_case(case: Case, library: Any) -> Any:
    """Build ``case`` with ``library`` and give it seeded random weights (and optimizer state)."""
    model = case.build(library)
    randomize_weights(model, case.seed())
    if case.compiled:
        randomize_optimizer(model.optimizer, case.seed() + 1)
    return model


# Layers that are not covered, with the reason ---------------------------------------------------

EXCLUDED: dict[str, str] = {
    "Layer": "the abstract base class; subclasses are user code (tested with registered classes elsewhere)",
    "Wrapper": "an abstract base class (no call); its subclasses TimeDistributed and Bidirectional have cases",
    "TorchModuleWrapper": "works only on the torch backend (it runs a torch.nn.Module) and the peer runs Keras on "
                          "numpy; config, .keras round trip and training are checked in "
                          "tests/layers/core/test_torch_module_wrapper.py",
    "JaxLayer": "wraps user JAX functions and runs on the jax backend only (Keras refuses it on the peer's numpy "
                "backend), and a saved one needs the user's registered functions; its outputs, training and "
                "config are tested in tests/layers/core/test_jax_layer.py",
    "FlaxLayer": "wraps a user Flax module and runs on the jax backend only (Keras refuses it on the peer's numpy "
                 "backend), and a saved one needs the user's registered module class; outputs, weights, training, "
                 ".keras round trip and a comparison with Keras 3's FlaxLayer on jax are tested in "
                 "tests/layers/core/test_flax_layer.py",
    "TFSMLayer": "wraps a TensorFlow SavedModel directory on disk and runs on the tensorflow backend only (Keras "
                 "refuses it on the peer's numpy backend); outputs, weights, training and config are tested in "
                 "tests/layers/core/test_tfsm_layer.py",
    # Keras 3 builds these only with TensorFlow installed, and the peer runs Keras on its numpy backend without it.
    "Hashing": "Keras needs TensorFlow for it (the peer has none); its bins are checked against Keras's in "
               "tests/layers/preprocessing/test_hashing_discretization.py",
    "HashedCrossing": "Keras needs TensorFlow for it (the peer has none); its bins are checked against Keras's in "
                      "tests/layers/preprocessing/test_hashed_crossing.py",
    "IntegerLookup": "Keras needs TensorFlow for it (the peer has none); a Keras-written .keras file is checked in "
                     "tests/layers/preprocessing/test_integer_string_lookup.py",
    "StringLookup": "Keras needs TensorFlow for it (the peer has none); its vocabulary asset is "
                    "checked against Keras's file in tests/layers/preprocessing/test_integer_string_lookup.py",
    "TextVectorization": "Keras needs TensorFlow for it (the peer has none); .keras files of models holding it are "
                         "read and written both ways with Keras 3 on tensorflow in "
                         "tests/layers/preprocessing/test_text_vectorization.py",
}
