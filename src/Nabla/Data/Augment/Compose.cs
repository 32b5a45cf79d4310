namespace Nabla.Data.Augment;

/// <summary>Applies augmentations one after the other, in order.</summary>
public sealed class Compose : IAugmentation
{
    private readonly IAugmentation[] _steps;

    /// <summary>Chains <paramref name="steps"/>; wrap a step in <see cref="RandomApply"/> to apply it with a probability.</summary>
    public Compose(params IAugmentation[] steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        foreach (var s in steps) ArgumentNullException.ThrowIfNull(s);
        _steps = (IAugmentation[])steps.Clone();
    }

    /// <inheritdoc/>
    public void Apply(Span<float> sample, ReadOnlySpan<int> shape, Generator rng)
    {
        foreach (var step in _steps) step.Apply(sample, shape, rng);
    }
}
