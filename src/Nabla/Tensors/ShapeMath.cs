using System.Text;

namespace Nabla;

/// <summary>Shape arithmetic shared by every op: axes, strides, broadcasting and the text of shape errors.</summary>
internal static class ShapeMath
{
    public static int NormalizeAxis(int axis, int rank, string op)
    {
        int r = Math.Max(rank, 1);
        if (axis < -r || axis >= r)
            throw new ArgumentOutOfRangeException(nameof(axis),
                $"{op}: dimension {axis} is out of range for a tensor of rank {rank} (expected {-r}..{r - 1})");
        return axis < 0 ? axis + r : axis;
    }

    /// <summary>Rejects a 0-dimensional tensor for ops that index a dimension (reductions accept dim 0 or −1 on it, as in PyTorch).</summary>
    public static void RequireDimensions(int rank, string op)
    {
        if (rank == 0)
            throw new ArgumentException($"{op}: cannot be applied to a 0-dimensional tensor; Reshape(1) it first");
    }

    public static bool IsContiguous(ReadOnlySpan<int> shape, ReadOnlySpan<int> strides)
    {
        int expected = 1;
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            if (shape[d] == 1) continue;
            if (strides[d] != expected) return false;
            expected *= shape[d];
        }
        return true;
    }

    public static void ContiguousStrides(ReadOnlySpan<int> shape, Span<int> strides)
    {
        int s = 1;
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            strides[d] = s;
            s *= shape[d];
        }
    }

    public static int Numel(ReadOnlySpan<int> shape)
    {
        long n = 1;
        foreach (int s in shape)
        {
            if (s < 0) throw new ArgumentException($"shape {Format(shape)} has a negative size");
            n *= s;
        }
        if (n > int.MaxValue) throw new ArgumentException($"shape {Format(shape)} has more than {int.MaxValue} elements");
        return (int)n;
    }

    /// <summary>The multi-index of row-major position <paramref name="linear"/> in <paramref name="shape"/>.</summary>
    public static void Unravel(int linear, ReadOnlySpan<int> shape, Span<int> at)
    {
        for (int k = shape.Length - 1; k >= 0; k--)
        {
            at[k] = linear % shape[k];
            linear /= shape[k];
        }
    }

    public static bool SameShape(ReadOnlySpan<int> a, ReadOnlySpan<int> b) => a.SequenceEqual(b);

    /// <summary>NumPy broadcasting: align from the right; sizes must match or be 1.</summary>
    public static int Broadcast(ReadOnlySpan<int> a, ReadOnlySpan<int> b, Span<int> result, string op)
    {
        int rank = Math.Max(a.Length, b.Length);
        if (rank > Dims.MaxRank) throw new ArgumentException($"{op}: rank {rank} exceeds {Dims.MaxRank}");
        for (int i = 0; i < rank; i++)
        {
            int da = i < rank - a.Length ? 1 : a[i - (rank - a.Length)];
            int db = i < rank - b.Length ? 1 : b[i - (rank - b.Length)];
            if (da != db && da != 1 && db != 1)
                throw new ArgumentException($"{op}: shapes {Format(a)} and {Format(b)} cannot be broadcast");
            result[i] = da == 1 ? db : da;
        }
        return rank;
    }

    /// <summary>Strides that read <paramref name="shape"/>/<paramref name="strides"/> as if broadcast to <paramref name="target"/>.</summary>
    public static void BroadcastStrides(ReadOnlySpan<int> shape, ReadOnlySpan<int> strides, ReadOnlySpan<int> target, Span<int> result)
    {
        int lead = target.Length - shape.Length;
        for (int i = 0; i < target.Length; i++)
        {
            if (i < lead) { result[i] = 0; continue; }
            int s = shape[i - lead];
            result[i] = s == 1 && target[i] != 1 ? 0 : strides[i - lead];
        }
    }

    public static string Format(ReadOnlySpan<int> shape)
    {
        var sb = new StringBuilder("[");
        for (int i = 0; i < shape.Length; i++)
        {
            if (i > 0) sb.Append(", ");
            sb.Append(shape[i]);
        }
        return sb.Append(']').ToString();
    }
}
