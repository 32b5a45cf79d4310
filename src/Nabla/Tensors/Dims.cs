using System.Runtime.CompilerServices;

namespace Nabla;

/// <summary>Fixed-capacity inline storage for a tensor's sizes or strides, so tensor metadata needs no extra allocation.</summary>
[InlineArray(MaxRank)]
internal struct Dims
{
    /// <summary>The largest rank a tensor may have.</summary>
    public const int MaxRank = 8;

    private int _element0;

    public static Dims From(ReadOnlySpan<int> values)
    {
        if (values.Length > MaxRank)
            throw new ArgumentException($"tensors have at most {MaxRank} dimensions; got {values.Length}");
        var d = default(Dims);
        values.CopyTo(d);
        return d;
    }
}
