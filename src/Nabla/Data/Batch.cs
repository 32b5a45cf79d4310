namespace Nabla.Data;

/// <summary>
/// One batch from a <see cref="DataLoader"/>: inputs [Count, ...] and targets [Count, ...]. The tensors live in
/// the loader's reusable buffers, so a batch is valid only until the enumerator moves to the next batch; call
/// <see cref="Tensor.Clone"/> on what you want to keep.
/// </summary>
public sealed class Batch
{
    private readonly int[] _indices;

    internal Batch(Tensor inputs, Tensor targets, int[] indices)
    {
        Inputs = inputs;
        Targets = targets;
        _indices = indices;
        Count = inputs.Shape[0];
    }

    /// <summary>The inputs, [Count, ...input shape].</summary>
    public Tensor Inputs { get; }

    /// <summary>The targets, [Count, ...target shape] ([Count] class indices, or [Count, classes] after MixUp/CutMix).</summary>
    public Tensor Targets { get; }

    /// <summary>Number of samples (the batch size, or fewer for a last partial batch).</summary>
    public int Count { get; }

    /// <summary>Position of this batch in its epoch (0, 1, ...).</summary>
    public int Index { get; internal set; }

    /// <summary>The epoch this batch belongs to.</summary>
    public int Epoch { get; internal set; }

    /// <summary>The dataset index of each sample in the batch.</summary>
    public ReadOnlySpan<int> Indices => _indices.AsSpan(0, Count);
}
