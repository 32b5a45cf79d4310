namespace Nabla.Training;

/// <summary>What one training step produced: the loss value and the model output (for the metrics).</summary>
/// <param name="Loss">The batch loss as a number (penalties included).</param>
/// <param name="Output">The model's output for the batch; valid until the step's tensor scope ends.</param>
public readonly record struct StepResult(double Loss, Tensor Output);
