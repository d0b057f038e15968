"""The dict inputs of the image layers (Keras 3's layout): the keys, their checks, the batch axis added to and
removed from every entry of a single image, and :class:`DictInputsMixin`, the one dict dispatch that the augmentation
layers and the deterministic ``CenterCrop`` and ``Resizing`` share.

A dict holds ``"images"`` (required), and optionally ``"labels"``,
``"bounding_boxes"`` (a dict of ``"boxes"`` ``(batch, n, 4)`` and ``"labels"``
``(batch, n)``) and ``"segmentation_masks"`` ``(batch, height, width, c)``;
a single image comes without the batch axis on every entry. Other keys pass
through untouched.
"""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.layers.layer import training_context
from multikeras.layers.preprocessing import preprocessing_utils as utils
from multikeras.symbolic.keras_tensor import KerasTensor
from multikeras.utils.bounding_boxes.formats import as_tensor, convert_format, static_shape
from multikeras.utils.bounding_boxes.geometry import clip_to_image_size

IMAGES = "images"
LABELS = "labels"
BOUNDING_BOXES = "bounding_boxes"
SEGMENTATION_MASKS = "segmentation_masks"
BOXES = "boxes"

EXPECTED_KEYS = (
    "'images' (required), and optionally 'labels', 'bounding_boxes' (a dict with 'boxes' and 'labels') and "
    "'segmentation_masks'"
)


def image_rank(images: Any, layer: Any, where: str = "inputs") -> int:
    """The rank of ``images``: 3 (one image) or 4 (a batch), else a ValueError naming the layer."""
    shape = tuple(ops.shape(images))
    if len(shape) not in (3, 4):
        raise ValueError(
            f"{utils.describe(layer)}: expected images of rank 3 (one image) or 4 (a batch), "
            f"received {where} of shape {shape}."
        )
    return len(shape)


def check_dict(inputs: dict, layer: Any, bounding_box_format: str | None) -> int:
    """Check the entries of a dict input against each other; returns the images' rank (3 or 4)."""
    if IMAGES not in inputs:
        raise ValueError(
            f"{utils.describe(layer)}: a dict input needs an 'images' entry. Received keys: {sorted(inputs)}; "
            f"expected {EXPECTED_KEYS}."
        )
    rank = image_rank(inputs[IMAGES], layer, "inputs['images']")
    if BOUNDING_BOXES in inputs:
        if bounding_box_format is None:
            raise ValueError(
                f"{utils.describe(layer)}: the input has a 'bounding_boxes' entry but the layer has no "
                "`bounding_box_format`; create the layer with one, e.g. bounding_box_format='xyxy'."
            )
        boxes = inputs[BOUNDING_BOXES]
        if not isinstance(boxes, dict) or BOXES not in boxes or LABELS not in boxes:
            received = sorted(boxes) if isinstance(boxes, dict) else type(boxes).__name__
            raise ValueError(
                f"{utils.describe(layer)}: inputs['bounding_boxes'] must be a dict with 'boxes' and 'labels'; "
                f"received {received}."
            )
        shape = static_shape(as_tensor(boxes[BOXES]))
        if len(shape) != rank - 1 or shape[-1] not in (4, None):
            raise ValueError(
                f"{utils.describe(layer)}: inputs['bounding_boxes']['boxes'] must have shape "
                f"{'(batch, n, 4)' if rank == 4 else '(n, 4)'} for images of rank {rank}; received shape {shape}."
            )
    if SEGMENTATION_MASKS in inputs:
        shape = tuple(ops.shape(inputs[SEGMENTATION_MASKS]))
        if len(shape) != rank:
            raise ValueError(
                f"{utils.describe(layer)}: inputs['segmentation_masks'] must have the rank of the images ({rank}); "
                f"received shape {shape}."
            )
    return rank


def map_entries(entries: dict, function: Any) -> dict:
    """``function`` applied to every tensor of ``entries`` (one level of nesting: the boxes dict)."""
    return {key: (map_entries(value, function) if isinstance(value, dict) else
                  None if value is None else function(value)) for key, value in entries.items()}


def add_batch_axis(entries: dict) -> dict:
    """The entries of one image with a batch axis of length 1 in front."""
    return map_entries(entries, lambda value: ops.expand_dims(as_tensor(value), 0))


def remove_batch_axis(entries: dict) -> dict:
    """The inverse of :func:`add_batch_axis`."""
    return map_entries(entries, lambda value: ops.squeeze(value, 0))


def map_image_shapes(input_shape: dict, image_shape: Any) -> dict:
    """The output shapes of a dict of input shapes: ``image_shape`` applied to the images' and the masks' shapes,
    the other entries' shapes (labels, boxes) unchanged."""
    shapes = {key: (dict(shape) if isinstance(shape, dict) else tuple(shape)) for key, shape in input_shape.items()}
    for key in (IMAGES, SEGMENTATION_MASKS):
        if key in shapes:
            shapes[key] = image_shape(shapes[key])
    return shapes


def dict_output_spec(layer: Any, inputs: dict, training: bool) -> dict:
    """KerasTensors of the output of ``layer`` (a :class:`DictInputsMixin` layer) for the dict of KerasTensors
    ``inputs``: what an eager call with ``training`` returns, key by key.

    Shapes come from the layer's ``compute_output_shape``; the images' spec is the layer's own for a batch
    (:meth:`DictInputsMixin.image_output_spec`, so a dict and a plain batch agree); masks keep their dtype; boxes
    that the layer moves come out float32 (they are moved in float32 ``xyxy``), boxes it does not move and the boxes'
    labels keep theirs; labels keep theirs unless the layer mixes them (:meth:`DictInputsMixin.labels_output_dtype`);
    other entries are returned as given.
    """
    layer.check_dict_inputs(inputs)
    # The entries go through the layer's augmentation only in training or for layers that move pixels outside it.
    moved = bool(training) or (layer.boxes_and_masks == TRANSFORMED and layer.moves_at_inference)
    follow = moved and layer.boxes_and_masks == TRANSFORMED
    known = {key: inputs[key] for key in (IMAGES, LABELS, BOUNDING_BOXES, SEGMENTATION_MASKS) if key in inputs}
    if BOUNDING_BOXES in known:
        known[BOUNDING_BOXES] = {BOXES: known[BOUNDING_BOXES][BOXES], LABELS: known[BOUNDING_BOXES][LABELS]}
    shapes = layer.compute_output_shape(map_entries(known, lambda value: tuple(value.shape)))

    def spec(shape: Any, given: Any, dtype: str | None = None) -> KerasTensor:
        return KerasTensor(tuple(shape), dtype or given.dtype)

    outputs = dict(inputs)
    images = layer.image_output_spec(inputs[IMAGES])
    outputs[IMAGES] = spec(shapes[IMAGES], images, images.dtype)
    if LABELS in known:
        labels = known[LABELS]
        outputs[LABELS] = spec(shapes[LABELS], labels, layer.labels_output_dtype(labels.dtype) if moved else None)
    if SEGMENTATION_MASKS in known:
        outputs[SEGMENTATION_MASKS] = spec(shapes[SEGMENTATION_MASKS], known[SEGMENTATION_MASKS])
    if BOUNDING_BOXES in known:
        boxes, box_shapes = known[BOUNDING_BOXES], shapes[BOUNDING_BOXES]
        outputs[BOUNDING_BOXES] = dict(inputs[BOUNDING_BOXES], **{
            BOXES: spec(box_shapes[BOXES], boxes[BOXES], "float32" if follow else None),
            LABELS: spec(box_shapes[LABELS], boxes[LABELS]),
        })
    return outputs


def boxes_to_window(bounding_boxes: dict, window: tuple[Any, Any, Any, Any], height: int, width: int) -> dict:
    """``xyxy`` boxes carried into the window ``(top, left, window_h, window_w)`` of the input (a negative
    ``top``/``left`` is padding) resized to ``height`` x ``width``, clipped to it (labels of boxes left without area
    become -1)."""
    top, left, window_h, window_w = (ops.cast(value, "float32") for value in window)
    scale_x, scale_y = width / window_w, height / window_h
    origin = ops.stack([left, top, left, top])
    scale = ops.stack([scale_x, scale_y, scale_x, scale_y])
    boxes = (bounding_boxes[BOXES] - origin) * scale
    return clip_to_image_size(dict(bounding_boxes, boxes=boxes), height, width, "xyxy")


# What a layer does with the boxes and masks of a dict input (its ``boxes_and_masks`` class attribute).
UNCHANGED = "unchanged"  # the layer changes pixel values only: boxes and masks pass through as given
TRANSFORMED = "transformed"  # the layer moves pixels: boxes and masks move with them (same parameters)
UNSUPPORTED = "unsupported"  # the layer does not handle them yet: a dict holding them is refused


class DictInputsMixin:
    """The dict dispatch of the image layers: ``{"images", "labels", "bounding_boxes": {"boxes", "labels"},
    "segmentation_masks"}`` (all but ``"images"`` optional, other keys kept as given, the caller's dict left
    unmodified), single images (no batch axis) or batches.

    It holds no state: a layer using it (before ``Layer`` in its bases) sets ``bounding_box_format`` (or ``None``)
    and ``data_format``, chooses ``boxes_and_masks`` and ``moves_at_inference``, and implements the hooks it needs:
    :meth:`draw_parameters` (training) or :meth:`inference_parameters` (outside training: the deterministic move of
    ``CenterCrop``, ``Resizing``, ``RandomCrop``), :meth:`apply_to_images`, and for ``TRANSFORMED`` layers
    :meth:`apply_to_bounding_boxes` and :meth:`apply_to_segmentation_masks`.
    """

    boxes_and_masks = UNCHANGED
    # True for layers whose output outside training is a deterministic move of the pixels (a crop, a resize), which
    # the boxes and masks must follow; others change only the images outside training.
    moves_at_inference = False

    def check_dict_inputs(self, inputs: dict) -> int:
        """The checks of a dict input (eager or symbolic); returns the images' rank (3 or 4)."""
        rank = check_dict(inputs, self, self.bounding_box_format)
        if self.boxes_and_masks == UNSUPPORTED and (BOUNDING_BOXES in inputs or SEGMENTATION_MASKS in inputs):
            raise NotImplementedError(
                f"{utils.describe(self)}: 'bounding_boxes' and 'segmentation_masks' entries are not supported by "
                f"this layer yet. Received keys: {sorted(inputs)}; it takes 'images' and 'labels'."
            )
        return rank

    def call_on_dict(self, inputs: dict, training: bool | None) -> dict:
        """A new dict: the images, labels, boxes and masks of ``inputs`` processed together, other entries kept."""
        batched = self.check_dict_inputs(inputs) == 4
        follow = self.boxes_and_masks == TRANSFORMED
        outputs = dict(inputs)
        if not training and not (follow and self.moves_at_inference):
            outputs[IMAGES] = self.inference(inputs[IMAGES])
            return outputs
        # Only the entries the layer changes go through it; the others stay as given.
        keys = (IMAGES, LABELS, BOUNDING_BOXES, SEGMENTATION_MASKS) if follow else (IMAGES, LABELS)
        entries = {key: inputs[key] for key in keys if key in inputs}
        if follow and BOUNDING_BOXES in entries:
            entries[BOUNDING_BOXES] = {BOXES: entries[BOUNDING_BOXES][BOXES],
                                       LABELS: entries[BOUNDING_BOXES][LABELS]}
        if not batched:
            entries = add_batch_axis(entries)
        images = entries[IMAGES]
        height, width = self.image_height_width(images)
        boxes = entries.get(BOUNDING_BOXES)
        if boxes is not None:
            boxes = dict(boxes, boxes=convert_format(boxes[BOXES], self.bounding_box_format, "xyxy", height, width))
        images, labels, boxes, masks = self.augment_inputs(images, entries.get(LABELS), boxes,
                                                           entries.get(SEGMENTATION_MASKS), training=bool(training))
        results = {IMAGES: images, LABELS: labels, SEGMENTATION_MASKS: masks}
        if boxes is not None:
            # Relative formats are fractions of the output image, which may differ in size (crops, resizes).
            out_height, out_width = self.image_height_width(images)
            results[BOUNDING_BOXES] = dict(boxes, boxes=convert_format(boxes[BOXES], "xyxy", self.bounding_box_format,
                                                                       out_height, out_width))
        results = {key: value for key, value in results.items() if key in entries}
        if not batched:
            results = remove_batch_axis(results)
        if BOUNDING_BOXES in results:
            # Other entries of the caller's boxes dict are kept.
            results[BOUNDING_BOXES] = dict(inputs[BOUNDING_BOXES], **results[BOUNDING_BOXES])
        outputs.update(results)
        return outputs

    def compute_output_spec(self, inputs: Any, *args: Any, **kwargs: Any) -> Any:
        """The symbolic output: :func:`dict_output_spec` for a dict, else :meth:`image_output_spec`.

        The dict's spec is that of the call with the given ``training`` (else the enclosing call's, else ``call``'s
        default, true): boxes that the layer moves come out float32 then, and as given when it does not move them.
        """
        if not isinstance(inputs, dict):
            return self.image_output_spec(inputs, *args, **kwargs)
        training = kwargs.get("training")
        if training is None and "training" not in kwargs:
            training = training_context()
            training = True if training is None else training
        return dict_output_spec(self, inputs, bool(training))

    def image_output_spec(self, images: Any, *args: Any, **kwargs: Any) -> Any:
        """The symbolic output for a batch or one image (not a dict); layers whose output dtype is not the compute
        dtype override this one, not ``compute_output_spec``, so that dict inputs get the same images' spec."""
        return super().compute_output_spec(images, *args, **kwargs)  # type: ignore[misc]  # the Layer's rule

    def labels_output_dtype(self, dtype: str) -> str:
        """The dtype of the ``"labels"`` after :meth:`augment_inputs` for labels of ``dtype`` (kept by default)."""
        return dtype

    def augment_inputs(self, images: Any, labels: Any, bounding_boxes: Any, segmentation_masks: Any,
                       training: bool = True) -> tuple[Any, Any, Any, Any]:
        """The processed batch and its labels, boxes and masks (each ``None`` when absent), from one set of
        parameters (:meth:`draw_parameters` in training, :meth:`inference_parameters` outside it).

        Boxes come as ``{"boxes": (batch, n, 4), "labels": (batch, n)}`` in absolute ``xyxy`` float32 and go back
        in the same layout, placed on the output images.
        """
        params = self.draw_parameters(images) if training else self.inference_parameters(images)
        height_width = self.image_height_width(images)
        out_images = self.apply_to_images(images, params)
        if bounding_boxes is not None:
            bounding_boxes = self.apply_to_bounding_boxes(bounding_boxes, params, height_width)
        if segmentation_masks is not None:
            segmentation_masks = self.apply_to_segmentation_masks(segmentation_masks, params)
        return out_images, labels, bounding_boxes, segmentation_masks

    def draw_parameters(self, images: Any) -> Any:
        """The random draws for a batch, shared by the ``apply_to_*`` methods (``None`` by default)."""
        return None

    def inference_parameters(self, images: Any) -> Any:
        """The parameters of the deterministic move outside training (layers with ``moves_at_inference``)."""
        raise NotImplementedError

    def apply_to_images(self, images: Any, params: Any) -> Any:
        """The batch (rank 4) transformed by ``params``."""
        raise NotImplementedError

    def apply_to_bounding_boxes(self, bounding_boxes: dict, params: Any, image_size: tuple[Any, Any]) -> dict:
        """Boxes (``xyxy``, float32, on the input images of size ``image_size``) moved with the images."""
        return bounding_boxes

    def apply_to_segmentation_masks(self, segmentation_masks: Any, params: Any) -> Any:
        """Masks (rank 4, in the layer's data format) moved with the images."""
        return segmentation_masks

    def inference(self, inputs: Any) -> Any:
        """The images outside training for layers that do not move them then: in the compute dtype."""
        return ops.cast(inputs, self.compute_dtype)

    def spatial_axes(self) -> tuple[int, int]:
        """(height, width) axes of a batch."""
        return utils.spatial_axes(4, self.data_format)

    def image_height_width(self, images: Any) -> tuple[Any, Any]:
        """(height, width) of a batch, as ints when known (scalar tensors under tracing with unknown sizes)."""
        shape = ops.shape(images)
        h_axis, w_axis = self.spatial_axes()
        return shape[h_axis], shape[w_axis]
