"""``multikeras.ops.image``: generated from ``ops/catalog.py``; do not edit.

Regenerate with ``python tools/generate_ops.py``.
"""

# fmt: off
from __future__ import annotations

from typing import Any

from multikeras.random.seed_generator import draw_seed as _draw_seed
from multikeras.backend.selection import _override, _process_backend
from multikeras.ops._dispatch import handle_failure as _failed
from multikeras.ops.types import Array, ArrayLike, Axis, DTypeLike, Shape

_active = _override.get

__all__ = ['affine_transform', 'crop_images', 'elastic_transform', 'extract_patches', 'extract_patches_3d', 'gaussian_blur', 'hsv_to_rgb', 'map_coordinates', 'pad_images', 'perspective_transform', 'resize', 'rgb_to_grayscale', 'rgb_to_hsv', 'scale_and_translate', 'sobel_edges', 'ssim']


def affine_transform(images: ArrayLike, transform: ArrayLike, interpolation='bilinear', fill_mode='constant', fill_value: ArrayLike = 0, data_format: str | None = None) -> Array:
    """Apply projective transforms to images.

    Each transform is 8 numbers ``[a0, a1, a2, b0, b1, b2, c0, c1]`` mapping output
    point ``(x, y)`` to input point ``((a0 x + a1 y + a2) / k, (b0 x + b1 y + b2) / k)``
    with ``k = c0 x + c1 y + 1``. ``data_format=None`` means
    ``multikeras.config.image_data_format()`` (``"channels_last"`` by default).

    Args:
        images: Batch of images (rank 4) or a single image (rank 3).
        transform: Tensor ``(8,)`` or ``(batch, 8)``.
        interpolation: ``"nearest"`` or ``"bilinear"``.
        fill_mode: How to fill points outside the input: ``"constant"``, ``"nearest"``,
            ``"wrap"``, ``"mirror"`` or ``"reflect"``.
        fill_value: Value for ``fill_mode="constant"``.
        data_format: ``"channels_last"`` or ``"channels_first"``; ``None`` uses
            ``multikeras.config.image_data_format()``.

    Returns:
        Transformed images with the shape of ``images``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> image = ops.reshape(ops.arange(9.0), (3, 3, 1))
        >>> shift = [1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 0.0, 0.0]
        >>> print(ops.convert_to_numpy(ops.affine_transform(image, shift, interpolation="nearest", data_format="channels_last")[:, :, 0]))
        [[1. 2. 0.]
         [4. 5. 0.]
         [7. 8. 0.]]
    """
    try:
        return (_active() or _process_backend()).affine_transform(images, transform, interpolation, fill_mode, fill_value, data_format)
    except Exception as error:
        return _failed('affine_transform', error, {'images': images, 'transform': transform, 'interpolation': interpolation, 'fill_mode': fill_mode, 'fill_value': fill_value, 'data_format': data_format})


def crop_images(images: ArrayLike, top_cropping=None, left_cropping=None, bottom_cropping=None, right_cropping=None, target_height=None, target_width=None, data_format: str | None = None) -> Array:
    """Crop images to a box given by offsets and/or a target size.

    ``data_format=None`` means ``multikeras.config.image_data_format()``
    (``"channels_last"`` by default).

    Args:
        images: Batch of images (rank 4) or a single image (rank 3).
        top_cropping: Rows removed at the top.
        left_cropping: Columns removed at the left.
        bottom_cropping: Rows removed at the bottom.
        right_cropping: Columns removed at the right.
        target_height: Height of the result (instead of ``bottom_cropping``).
        target_width: Width of the result (instead of ``right_cropping``).
        data_format: ``"channels_last"`` or ``"channels_first"``; ``None`` uses
            ``multikeras.config.image_data_format()``.

    Returns:
        The cropped images.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> image = ops.reshape(ops.arange(9), (3, 3, 1))
        >>> print(ops.convert_to_numpy(ops.crop_images(image, 1, 1, target_height=2, target_width=2, data_format="channels_last")[:, :, 0]))
        [[4 5]
         [7 8]]
    """
    try:
        return (_active() or _process_backend()).crop_images(images, top_cropping, left_cropping, bottom_cropping, right_cropping, target_height, target_width, data_format)
    except Exception as error:
        return _failed('crop_images', error, {'images': images, 'top_cropping': top_cropping, 'left_cropping': left_cropping, 'bottom_cropping': bottom_cropping, 'right_cropping': right_cropping, 'target_height': target_height, 'target_width': target_width, 'data_format': data_format})


def elastic_transform(images: ArrayLike, alpha=20.0, sigma=5.0, interpolation='bilinear', fill_mode='reflect', fill_value: ArrayLike = 0.0, seed=None, data_format: str | None = None) -> Array:
    """Deform images by a random, smooth displacement field.

    Each pixel samples the input at its own position plus a displacement: Gaussian noise
    of standard deviation ``sigma`` (one value per pixel and axis, drawn from ``seed``),
    smoothed by a Gaussian of the same ``sigma`` (window ``int(6 sigma) | 1``) and
    scaled by ``alpha``. The same seed gives the same field on one backend; backends
    draw different fields (see ``docs/ops.md``). ``data_format=None`` means
    ``multikeras.config.image_data_format()`` (``"channels_last"`` by default).

    Args:
        images: Batch of images (rank 4) or a single image (rank 3).
        alpha: Strength of the deformation (``0`` returns the images unchanged).
        sigma: Standard deviation of the noise and of its Gaussian smoothing.
        interpolation: ``"nearest"`` or ``"bilinear"``.
        fill_mode: How to sample outside the input: ``"constant"``, ``"nearest"``,
            ``"wrap"``, ``"mirror"`` or ``"reflect"``.
        fill_value: Value for ``fill_mode="constant"``.
        seed: An int, a ``multikeras.random.SeedGenerator`` or ``None`` (the global
            generator).
        data_format: ``"channels_last"`` or ``"channels_first"``; ``None`` uses
            ``multikeras.config.image_data_format()``.

    Returns:
        Deformed images with the shape and dtype of ``images``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> image = ops.reshape(ops.arange(9.0), (3, 3, 1))
        >>> print(ops.convert_to_numpy(ops.elastic_transform(image, alpha=0.0, sigma=1.0, seed=1, data_format="channels_last")[:, :, 0]))
        [[0. 1. 2.]
         [3. 4. 5.]
         [6. 7. 8.]]
    """
    try:
        return (_active() or _process_backend()).elastic_transform(images, alpha, sigma, interpolation, fill_mode, fill_value, _draw_seed(seed), data_format)
    except Exception as error:
        return _failed('elastic_transform', error, {'images': images, 'alpha': alpha, 'sigma': sigma, 'interpolation': interpolation, 'fill_mode': fill_mode, 'fill_value': fill_value, 'seed': seed, 'data_format': data_format})


def extract_patches(images: ArrayLike, size, strides=None, dilation_rate=1, padding: str = 'valid', data_format: str | None = None) -> Array:
    """Extract sliding patches from images into the channel axis.

    ``data_format=None`` means ``multikeras.config.image_data_format()``
    (``"channels_last"`` by default).

    Args:
        images: Batch of images (rank 4) or a single image (rank 3).
        size: Patch size (int or ``(height, width)``).
        strides: Step between patches; ``None`` means ``size``.
        dilation_rate: Spacing between pixels of a patch.
        padding: ``"valid"`` (no padding) or ``"same"`` (pad so that the output size depends
            only on the input size and the stride).
        data_format: ``"channels_last"`` or ``"channels_first"``; ``None`` uses
            ``multikeras.config.image_data_format()``.

    Returns:
        Images ``(batch, rows, cols, size_h * size_w * channels)`` (channels last).

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> image = ops.reshape(ops.arange(16.0), (4, 4, 1))
        >>> ops.shape(ops.extract_patches(image, 2, data_format="channels_last"))
        (2, 2, 4)
    """
    try:
        return (_active() or _process_backend()).extract_patches(images, size, strides, dilation_rate, padding, data_format)
    except Exception as error:
        return _failed('extract_patches', error, {'images': images, 'size': size, 'strides': strides, 'dilation_rate': dilation_rate, 'padding': padding, 'data_format': data_format})


def extract_patches_3d(volumes: ArrayLike, size, strides=None, dilation_rate=1, padding: str = 'valid', data_format: str | None = None) -> Array:
    """Extract sliding 3-D patches from volumes into the channel axis.

    Patch features are ordered (depth, row, column, channel), as in ``extract_patches``.
    ``data_format=None`` means ``multikeras.config.image_data_format()``
    (``"channels_last"`` by default).

    Args:
        volumes: Batch of volumes (rank 5) or a single volume (rank 4).
        size: Patch size (int or ``(depth, height, width)``).
        strides: Step between patches; ``None`` means ``size``.
        dilation_rate: Spacing between voxels of a patch.
        padding: ``"valid"`` (no padding) or ``"same"`` (pad so that the output size depends
            only on the input size and the stride).
        data_format: ``"channels_last"`` or ``"channels_first"``; ``None`` uses
            ``multikeras.config.image_data_format()``.

    Returns:
        Volumes ``(batch, d, h, w, size_d * size_h * size_w * channels)`` (channels last).

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> volume = ops.reshape(ops.arange(64.0), (4, 4, 4, 1))
        >>> ops.shape(ops.extract_patches_3d(volume, 2, data_format="channels_last"))
        (2, 2, 2, 8)
    """
    try:
        return (_active() or _process_backend()).extract_patches_3d(volumes, size, strides, dilation_rate, padding, data_format)
    except Exception as error:
        return _failed('extract_patches_3d', error, {'volumes': volumes, 'size': size, 'strides': strides, 'dilation_rate': dilation_rate, 'padding': padding, 'data_format': data_format})


def gaussian_blur(images: ArrayLike, kernel_size=(3, 3), sigma=(1.0, 1.0), data_format: str | None = None) -> Array:
    """Blur images with a Gaussian kernel.

    ``data_format=None`` means ``multikeras.config.image_data_format()``
    (``"channels_last"`` by default).

    Args:
        images: Batch of images (rank 4) or a single image (rank 3).
        kernel_size: Size of the kernel ``(height, width)``.
        sigma: Standard deviation of the Gaussian ``(height, width)``.
        data_format: ``"channels_last"`` or ``"channels_first"``; ``None`` uses
            ``multikeras.config.image_data_format()``.

    Returns:
        Blurred images with the shape of ``images``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> image = ops.ones((3, 3, 1))
        >>> print(ops.convert_to_numpy(ops.gaussian_blur(image, data_format="channels_last")[1, 1, 0]).round(4))
        1.0
    """
    try:
        return (_active() or _process_backend()).gaussian_blur(images, kernel_size, sigma, data_format)
    except Exception as error:
        return _failed('gaussian_blur', error, {'images': images, 'kernel_size': kernel_size, 'sigma': sigma, 'data_format': data_format})


def hsv_to_rgb(images: ArrayLike, data_format: str | None = None) -> Array:
    """Convert images from HSV to RGB (values in ``[0, 1]``).

    ``data_format=None`` means ``multikeras.config.image_data_format()``
    (``"channels_last"`` by default).

    Args:
        images: Float images with 3 channels (hue, saturation, value).
        data_format: ``"channels_last"`` or ``"channels_first"``; ``None`` uses
            ``multikeras.config.image_data_format()``.

    Returns:
        RGB images.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.hsv_to_rgb([[[0.0, 1.0, 1.0]]], data_format="channels_last")))
        [[[1. 0. 0.]]]
    """
    try:
        return (_active() or _process_backend()).hsv_to_rgb(images, data_format)
    except Exception as error:
        return _failed('hsv_to_rgb', error, {'images': images, 'data_format': data_format})


def map_coordinates(inputs: ArrayLike, coordinates: ArrayLike, order, fill_mode='constant', fill_value: ArrayLike = 0) -> Array:
    """Sample ``inputs`` at arbitrary (fractional) coordinates by interpolation.

    Args:
        inputs: N-D input array.
        coordinates: Array ``(N, ...)``: one coordinate array per axis of ``inputs``.
        order: Interpolation order: 0 (nearest) or 1 (linear).
        fill_mode: How to sample outside the input: ``"constant"``, ``"nearest"``,
            ``"wrap"``, ``"mirror"`` or ``"reflect"``.
        fill_value: Value for ``fill_mode="constant"``.

    Returns:
        Samples with the shape of each coordinate array.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.map_coordinates([0.0, 10.0, 20.0], [[0.5, 1.5]], 1)))
        [ 5. 15.]
    """
    try:
        return (_active() or _process_backend()).map_coordinates(inputs, coordinates, order, fill_mode, fill_value)
    except Exception as error:
        return _failed('map_coordinates', error, {'inputs': inputs, 'coordinates': coordinates, 'order': order, 'fill_mode': fill_mode, 'fill_value': fill_value})


def pad_images(images: ArrayLike, top_padding=None, left_padding=None, bottom_padding=None, right_padding=None, target_height=None, target_width=None, data_format: str | None = None) -> Array:
    """Pad images with zeros to a given box.

    ``data_format=None`` means ``multikeras.config.image_data_format()``
    (``"channels_last"`` by default).

    Args:
        images: Batch of images (rank 4) or a single image (rank 3).
        top_padding: Rows added at the top.
        left_padding: Columns added at the left.
        bottom_padding: Rows added at the bottom.
        right_padding: Columns added at the right.
        target_height: Height of the result (instead of ``bottom_padding``).
        target_width: Width of the result (instead of ``right_padding``).
        data_format: ``"channels_last"`` or ``"channels_first"``; ``None`` uses
            ``multikeras.config.image_data_format()``.

    Returns:
        The padded images.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> image = ops.ones((1, 1, 1))
        >>> print(ops.convert_to_numpy(ops.pad_images(image, 1, 1, target_height=2, target_width=3, data_format="channels_last")[:, :, 0]))
        [[0. 0. 0.]
         [0. 1. 0.]]
    """
    try:
        return (_active() or _process_backend()).pad_images(images, top_padding, left_padding, bottom_padding, right_padding, target_height, target_width, data_format)
    except Exception as error:
        return _failed('pad_images', error, {'images': images, 'top_padding': top_padding, 'left_padding': left_padding, 'bottom_padding': bottom_padding, 'right_padding': right_padding, 'target_height': target_height, 'target_width': target_width, 'data_format': data_format})


def perspective_transform(images: ArrayLike, start_points: ArrayLike, end_points: ArrayLike, interpolation='bilinear', fill_value: ArrayLike = 0, data_format: str | None = None) -> Array:
    """Warp images so that four input corners land on four output corners.

    The projective transform that takes each ``end_points[i]`` (an output pixel ``(x,
    y)``) to ``start_points[i]`` (the input point it samples) is solved for, then
    applied as ``affine_transform`` with ``fill_mode="constant"``. ``data_format=None``
    means ``multikeras.config.image_data_format()`` (``"channels_last"`` by default).

    Args:
        images: Batch of images (rank 4) or a single image (rank 3).
        start_points: Input corners ``(4, 2)`` or ``(batch, 4, 2)``, as ``(x, y)``.
        end_points: Output corners, same shape as ``start_points``.
        interpolation: ``"nearest"`` or ``"bilinear"``.
        fill_value: Value of output pixels that sample outside the input.
        data_format: ``"channels_last"`` or ``"channels_first"``; ``None`` uses
            ``multikeras.config.image_data_format()``.

    Returns:
        Transformed images with the shape and dtype of ``images``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> image = ops.reshape(ops.arange(9.0), (3, 3, 1))
        >>> corners = [[0, 0], [0, 2], [2, 0], [2, 2]]
        >>> shifted = [[-1, 0], [-1, 2], [1, 0], [1, 2]]
        >>> print(ops.convert_to_numpy(ops.perspective_transform(image, corners, shifted, interpolation="nearest", data_format="channels_last")[:, :, 0]))
        [[1. 2. 0.]
         [4. 5. 0.]
         [7. 8. 0.]]
    """
    try:
        return (_active() or _process_backend()).perspective_transform(images, start_points, end_points, interpolation, fill_value, data_format)
    except Exception as error:
        return _failed('perspective_transform', error, {'images': images, 'start_points': start_points, 'end_points': end_points, 'interpolation': interpolation, 'fill_value': fill_value, 'data_format': data_format})


def resize(images: ArrayLike, size, interpolation='bilinear', antialias=False, crop_to_aspect_ratio=False, pad_to_aspect_ratio=False, fill_mode='constant', fill_value: ArrayLike = 0.0, data_format: str | None = None) -> Array:
    """Resize images to ``size``.

    ``data_format=None`` means ``multikeras.config.image_data_format()``
    (``"channels_last"`` by default).

    Args:
        images: Batch of images (rank 4) or a single image (rank 3).
        size: Target ``(height, width)``.
        interpolation: ``"nearest"``, ``"bilinear"``, ``"bicubic"``, ``"lanczos3"``,
            ``"lanczos5"`` or ``"area"``.
        antialias: Whether to low-pass filter when downsampling.
        crop_to_aspect_ratio: Crop the centre to the target aspect ratio before resizing.
        pad_to_aspect_ratio: Pad to the target aspect ratio before resizing.
        fill_mode: Padding mode for ``pad_to_aspect_ratio`` (``"constant"``).
        fill_value: Padding value for ``pad_to_aspect_ratio``.
        data_format: ``"channels_last"`` or ``"channels_first"``; ``None`` uses
            ``multikeras.config.image_data_format()``.

    Returns:
        Resized images.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> image = ops.reshape(ops.convert_to_tensor([1.0, 2.0, 3.0, 4.0]), (2, 2, 1))
        >>> print(ops.convert_to_numpy(ops.resize(image, (4, 4), interpolation="nearest", data_format="channels_last")[:, :, 0]))
        [[1. 1. 2. 2.]
         [1. 1. 2. 2.]
         [3. 3. 4. 4.]
         [3. 3. 4. 4.]]
    """
    try:
        return (_active() or _process_backend()).resize(images, size, interpolation, antialias, crop_to_aspect_ratio, pad_to_aspect_ratio, fill_mode, fill_value, data_format)
    except Exception as error:
        return _failed('resize', error, {'images': images, 'size': size, 'interpolation': interpolation, 'antialias': antialias, 'crop_to_aspect_ratio': crop_to_aspect_ratio, 'pad_to_aspect_ratio': pad_to_aspect_ratio, 'fill_mode': fill_mode, 'fill_value': fill_value, 'data_format': data_format})


def rgb_to_grayscale(images: ArrayLike, data_format: str | None = None) -> Array:
    """Convert RGB images to grayscale with the ITU-R 601 luma weights.

    ``data_format=None`` means ``multikeras.config.image_data_format()``
    (``"channels_last"`` by default).

    Args:
        images: Images with 3 channels.
        data_format: ``"channels_last"`` or ``"channels_first"``; ``None`` uses
            ``multikeras.config.image_data_format()``.

    Returns:
        Images with 1 channel.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> gray = ops.rgb_to_grayscale([[[1.0, 1.0, 1.0]]], data_format="channels_last")
        >>> print(ops.convert_to_numpy(gray).round(2))
        [[[1.]]]
    """
    try:
        return (_active() or _process_backend()).rgb_to_grayscale(images, data_format)
    except Exception as error:
        return _failed('rgb_to_grayscale', error, {'images': images, 'data_format': data_format})


def rgb_to_hsv(images: ArrayLike, data_format: str | None = None) -> Array:
    """Convert images from RGB to HSV (values in ``[0, 1]``).

    ``data_format=None`` means ``multikeras.config.image_data_format()``
    (``"channels_last"`` by default).

    Args:
        images: Float images with 3 channels.
        data_format: ``"channels_last"`` or ``"channels_first"``; ``None`` uses
            ``multikeras.config.image_data_format()``.

    Returns:
        HSV images.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.rgb_to_hsv([[[1.0, 0.0, 0.0]]], data_format="channels_last")))
        [[[0. 1. 1.]]]
    """
    try:
        return (_active() or _process_backend()).rgb_to_hsv(images, data_format)
    except Exception as error:
        return _failed('rgb_to_hsv', error, {'images': images, 'data_format': data_format})


def scale_and_translate(images: ArrayLike, output_shape, scale: ArrayLike, translation: ArrayLike, spatial_dims, method, antialias=True) -> Array:
    """Resample an array by a scale and a translation along some of its dimensions.

    Along each dimension ``d`` of ``spatial_dims``, output pixel ``o`` samples the input
    at ``(o + 0.5 - translation) / scale - 0.5`` (pixel centres at half-integers) with
    the kernel of ``method``, widened by ``1 / scale`` when ``antialias`` and
    downsampling; outputs that sample outside the input are 0. Integer inputs are
    rounded (half to even) and clipped to their dtype.

    Args:
        images: Input array of any rank.
        output_shape: Shape of the result (one entry per dimension of ``images``; entries
            outside ``spatial_dims`` are ignored: those dimensions keep their size).
        scale: One scale per spatial dimension.
        translation: One translation per spatial dimension.
        spatial_dims: Dimensions that ``scale`` and ``translation`` apply to.
        method: ``"linear"`` (also ``"bilinear"``, ``"trilinear"``, ``"triangle"``),
            ``"cubic"`` (also ``"bicubic"``, ``"tricubic"``), ``"lanczos3"`` or
            ``"lanczos5"``.
        antialias: Widen the kernel when downsampling.

    Returns:
        Array of ``output_shape`` with the dtype of ``images``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> x = ops.reshape(ops.arange(4.0), (2, 2))
        >>> print(ops.convert_to_numpy(ops.scale_and_translate(x, (2, 4), [1.0, 2.0], [0.0, 0.0], (0, 1), "linear")))
        [[0.   0.25 0.75 1.  ]
         [2.   2.25 2.75 3.  ]]
    """
    try:
        return (_active() or _process_backend()).scale_and_translate(images, output_shape, scale, translation, spatial_dims, method, antialias)
    except Exception as error:
        return _failed('scale_and_translate', error, {'images': images, 'output_shape': output_shape, 'scale': scale, 'translation': translation, 'spatial_dims': spatial_dims, 'method': method, 'antialias': antialias})


def sobel_edges(images: ArrayLike, data_format: str | None = None) -> Array:
    """Sobel edge maps of images.

    ``data_format=None`` means ``multikeras.config.image_data_format()``
    (``"channels_last"`` by default).

    Args:
        images: Batch of images (rank 4).
        data_format: ``"channels_last"`` or ``"channels_first"``; ``None`` uses
            ``multikeras.config.image_data_format()``.

    Returns:
        Images with a new last axis of size 2: vertical and horizontal gradients.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> images = ops.ones((1, 3, 3, 1))
        >>> ops.shape(ops.sobel_edges(images, data_format="channels_last"))
        (1, 3, 3, 1, 2)
    """
    try:
        return (_active() or _process_backend()).sobel_edges(images, data_format)
    except Exception as error:
        return _failed('sobel_edges', error, {'images': images, 'data_format': data_format})


def ssim(image1: ArrayLike, image2: ArrayLike, max_val=1.0, filter_size=11, filter_sigma=1.5, k1=0.01, k2=0.03, data_format: str | None = None) -> Array:
    """Structural similarity index between two image batches.

    ``data_format=None`` means ``multikeras.config.image_data_format()``
    (``"channels_last"`` by default).

    Args:
        image1: First batch of images.
        image2: Second batch, same shape.
        max_val: Dynamic range of the pixel values.
        filter_size: Size of the Gaussian window.
        filter_sigma: Standard deviation of the Gaussian window.
        k1: Stability constant of the luminance term.
        k2: Stability constant of the contrast term.
        data_format: ``"channels_last"`` or ``"channels_first"``; ``None`` uses
            ``multikeras.config.image_data_format()``.

    Returns:
        SSIM per image (1 for identical images).

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> images = ops.ones((1, 11, 11, 1))
        >>> print(ops.convert_to_numpy(ops.ssim(images, images, data_format="channels_last")).round(4))
        [1.]
    """
    try:
        return (_active() or _process_backend()).ssim(image1, image2, max_val, filter_size, filter_sigma, k1, k2, data_format)
    except Exception as error:
        return _failed('ssim', error, {'image1': image1, 'image2': image2, 'max_val': max_val, 'filter_size': filter_size, 'filter_sigma': filter_sigma, 'k1': k1, 'k2': k2, 'data_format': data_format})
