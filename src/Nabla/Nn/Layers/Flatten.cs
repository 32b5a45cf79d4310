namespace Nabla.Nn;

/// <summary>Flattens dimensions startDim…endDim into one: [N, C, H, W] → [N, C·H·W] with the defaults (1, −1).</summary>
public sealed class Flatten(int startDim = 1, int endDim = -1) : Module
{
    /// <summary>First dimension flattened.</summary>
    public int StartDim { get; } = startDim;

    /// <summary>Last dimension flattened.</summary>
    public int EndDim { get; } = endDim;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        int start = StartDim < 0 ? StartDim + input.Rank : StartDim, end = EndDim < 0 ? EndDim + input.Rank : EndDim;
        if (start < 0 || end >= input.Rank || start > end)
            throw new ArgumentException(
                $"{DisplayName}: cannot flatten dimensions {StartDim}..{EndDim} of an input of shape {ShapeMath.Format(input.Shape)}");
        return input.Flatten(start, end);
    }

    /// <inheritdoc/>
    protected override string ExtraRepr => $"start_dim={StartDim}, end_dim={EndDim}";
}
