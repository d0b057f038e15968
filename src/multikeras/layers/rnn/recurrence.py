"""The time loop of every recurrent layer, written once with ``multikeras.ops``.

:func:`run_recurrence` applies a step function along the time axis of a
batch-major sequence. It handles what every recurrent layer needs around the
step: reversed processing (``go_backwards``), a ``(batch, timesteps)`` mask
(masked steps keep the previous state and output), a loop that is either one
``ops.scan`` (a compiled loop under jax.jit and tf.function, a Python loop in
eager torch and numpy) or unrolled in Python, and collecting the outputs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from multikeras import ops

StepFunction = Callable[[Any, list[Any]], tuple[Any, list[Any]]]
"""``step(inputs_t, states) -> (output_t, new_states)`` with ``states`` a flat list of arrays."""


def _expand_mask(mask_t: Any, like: Any) -> Any:
    """``mask_t`` of shape ``(batch,)`` with trailing unit axes so that it broadcasts against ``like``."""
    for _ in range(len(like.shape) - 1):
        mask_t = ops.expand_dims(mask_t, -1)
    return mask_t


def run_recurrence(
    step: StepFunction,
    sequences: Any,
    initial_states: Sequence[Any],
    initial_output: Any,
    *,
    mask: Any = None,
    go_backwards: bool = False,
    unroll: bool = False,
    return_sequences: bool = True,
    zero_output_for_mask: bool = False,
    output_state: int | None = None,
) -> tuple[Any, Any, list[Any]]:
    """Run ``step`` over the time axis (axis 1) of ``sequences``.

    Args:
        step: ``step(inputs_t, states) -> (output_t, new_states)``; ``inputs_t``
            is ``sequences[:, t]`` and ``states`` a flat list of arrays.
        sequences: a batch-major array ``(batch, timesteps, ...)``.
        initial_states: the flat list of states before the first step.
        initial_output: the output "before the first step" (zeros of the
            output's shape): what masked steps at the start emit.
        mask: ``None`` or a boolean ``(batch, timesteps)`` array; at a masked
            step every state and the carried output keep their previous value.
        go_backwards: process the sequence from its last step to its first;
            the outputs are then in processing order (reversed).
        unroll: a Python loop over the (static) timesteps instead of
            ``ops.scan``.
        return_sequences: collect the output of every step.
        zero_output_for_mask: masked steps emit zeros instead of the
            previous output (in the collected outputs, and as the last
            output when the last processed step is masked).
        output_state: the index of the state that every step's output is
            (the built-in cells output their first state), or ``None``. Without
            a mask, the loop then carries the states alone, not the output too.

    Returns:
        ``(last_output, outputs, final_states)``: the output of the last
        unmasked step, the ``(batch, timesteps, ...)`` outputs (``None``
        unless ``return_sequences``), and the flat list of final states.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     x = mk.ops.ones((1, 3, 1))
        ...     running_sum = lambda x_t, states: (states[0] + x_t, [states[0] + x_t])
        ...     last, outputs, states = run_recurrence(running_sum, x, [mk.ops.zeros((1, 1))], mk.ops.zeros((1, 1)))
        >>> outputs[0, :, 0].tolist(), last.tolist()
        ([1.0, 2.0, 3.0], [[3.0]])
    """
    time_major = ops.swapaxes(sequences, 0, 1)
    if mask is not None:
        mask = ops.swapaxes(ops.cast(mask, "bool"), 0, 1)
    if go_backwards:
        time_major = ops.flip(time_major, axis=0)
        if mask is not None:
            mask = ops.flip(mask, axis=0)

    def masked_step(carry: tuple[Any, list[Any]], inputs: Any) -> tuple[tuple[Any, list[Any]], Any]:
        previous_output, states = carry
        if mask is None:
            output, new_states = step(inputs, list(states))
            return (output, list(new_states)), (output if return_sequences else None)
        inputs_t, mask_t = inputs
        output, new_states = step(inputs_t, list(states))
        new_states = [
            ops.where(_expand_mask(mask_t, new), new, old) for new, old in zip(new_states, states)
        ]
        kept_output = ops.where(_expand_mask(mask_t, output), output, previous_output)
        if not return_sequences:
            return (kept_output, new_states), None
        emitted = kept_output
        if zero_output_for_mask:
            emitted = ops.where(_expand_mask(mask_t, output), output, ops.zeros_like(output))
        return (kept_output, new_states), emitted

    if mask is None and output_state is not None and not unroll and time_major.shape[0] != 0:
        def state_step(states: list[Any], inputs: Any) -> tuple[list[Any], Any]:
            output, new_states = step(inputs, list(states))
            if output is not new_states[output_state]:
                raise ValueError(
                    f"run_recurrence: output_state={output_state} says the step's output is its state "
                    f"{output_state}, but the step returned another array."
                )
            return list(new_states), (output if return_sequences else None)

        final_states, outputs = ops.scan(state_step, list(initial_states), time_major)
        last_output = final_states[output_state]
        if return_sequences:
            outputs = ops.swapaxes(outputs, 0, 1)
        return last_output, outputs, list(final_states)

    carry = (initial_output, list(initial_states))
    xs = time_major if mask is None else (time_major, mask)
    if unroll:
        timesteps = time_major.shape[0]
        if timesteps is None:
            raise ValueError(
                f"run_recurrence: unroll=True needs a known number of timesteps, received sequences of shape "
                f"{tuple(sequences.shape)}."
            )
        collected = []
        for t in range(int(timesteps)):
            inputs = time_major[t] if mask is None else (time_major[t], mask[t])
            carry, emitted = masked_step(carry, inputs)
            collected.append(emitted)
        outputs = ops.stack(collected, axis=0) if return_sequences else None
    else:
        carry, outputs = ops.scan(masked_step, carry, xs)
    last_output, final_states = carry
    if zero_output_for_mask and mask is not None:
        # As in Keras 3, the last output is then the last step's emitted output: zeros where that step is masked.
        last_mask = _expand_mask(mask[-1], last_output)
        last_output = ops.where(last_mask, last_output, ops.zeros_like(last_output))
    if return_sequences:
        outputs = ops.swapaxes(outputs, 0, 1)
    return last_output, outputs, list(final_states)
