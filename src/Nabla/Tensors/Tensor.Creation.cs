namespace Nabla;

public sealed partial class Tensor
{
    /// <summary>
    /// A new contiguous tensor with unspecified contents. Its memory comes from the pool and belongs to the
    /// backward pass (transient), the innermost <see cref="TensorScope"/>, or the garbage collector, in that order.
    /// </summary>
    internal static Tensor Allocate(ReadOnlySpan<int> shape)
    {
        var storage = BufferPool.Rent(Math.Max(ShapeMath.Numel(shape), 1));
        if (BackwardEngine.InBackward) BackwardEngine.TrackTransient(storage);
        else TensorScope.Current?.Adopt(storage);
        return Contiguous(storage, shape);
    }

    /// <summary>A new contiguous tensor that no scope or backward pass will recycle (parameters, gradients, state).</summary>
    internal static Tensor AllocateUnscoped(ReadOnlySpan<int> shape) =>
        Contiguous(BufferPool.Rent(Math.Max(ShapeMath.Numel(shape), 1)), shape);

    private static Tensor Contiguous(TensorStorage storage, ReadOnlySpan<int> shape)
    {
        Span<int> strides = stackalloc int[shape.Length];
        ShapeMath.ContiguousStrides(shape, strides);
        return new Tensor(storage, 0, shape, strides);
    }

    /// <summary>A tensor of zeros.</summary>
    public static Tensor Zeros(params ReadOnlySpan<int> shape) => Full(0f, shape);

    /// <summary>A tensor of ones.</summary>
    public static Tensor Ones(params ReadOnlySpan<int> shape) => Full(1f, shape);

    /// <summary>A tensor filled with <paramref name="value"/>.</summary>
    public static Tensor Full(float value, params ReadOnlySpan<int> shape)
    {
        var t = Allocate(shape);
        t.ContiguousSpan().Fill(value);
        return t;
    }

    /// <summary>A tensor of zeros with <paramref name="like"/>'s shape.</summary>
    public static Tensor ZerosLike(Tensor like) => Zeros(like.Shape);

    /// <summary>A tensor of ones with <paramref name="like"/>'s shape.</summary>
    public static Tensor OnesLike(Tensor like) => Ones(like.Shape);

    /// <summary>A 0-dimensional tensor holding <paramref name="value"/>.</summary>
    public static Tensor Scalar(float value) => Full(value, ReadOnlySpan<int>.Empty);

    /// <summary>Values start, start+step, ... below end (like <c>torch.arange</c>).</summary>
    public static Tensor Arange(float start, float end, float step = 1f)
    {
        if (step == 0 || !float.IsFinite(step)) throw new ArgumentException($"arange: step must be finite and non-zero, got {step}");
        if ((end - start) / step < 0) throw new ArgumentException($"arange: cannot reach end {end} from start {start} with step {step}");
        int n = (int)Math.Ceiling(((double)end - start) / step);
        var t = Allocate([n]);
        var s = t.ContiguousSpan();
        for (int i = 0; i < n; i++) s[i] = (float)(start + (double)i * step);
        return t;
    }

    /// <summary>Values 0, 1, ..., end−1.</summary>
    public static Tensor Arange(int end) => Arange(0f, end);

    /// <summary><paramref name="steps"/> evenly spaced values from start to end inclusive.</summary>
    public static Tensor Linspace(float start, float end, int steps)
    {
        if (steps < 0) throw new ArgumentOutOfRangeException(nameof(steps), $"linspace: steps must be non-negative, got {steps}");
        var t = Allocate([steps]);
        var s = t.ContiguousSpan();
        double delta = steps > 1 ? ((double)end - start) / (steps - 1) : 0;
        int half = Math.Max(steps / 2, 1);
        for (int i = 0; i < steps; i++)
            s[i] = i < half ? (float)(start + delta * i) : (float)(end - delta * (steps - 1 - i));
        return t;
    }

    /// <summary>An n×m matrix with ones on the diagonal.</summary>
    public static Tensor Eye(int n, int? m = null)
    {
        int cols = m ?? n;
        var t = Zeros(n, cols);
        var s = t.ContiguousSpan();
        for (int i = 0; i < Math.Min(n, cols); i++) s[i * cols + i] = 1f;
        return t;
    }

    /// <summary>A tensor holding a copy of <paramref name="data"/> with the given shape (1-D when no shape is given).</summary>
    public static Tensor FromArray(ReadOnlySpan<float> data, params ReadOnlySpan<int> shape)
    {
        if (shape.Length == 0 && data.Length != 1) shape = [data.Length];
        int n = ShapeMath.Numel(shape);
        if (n != data.Length)
            throw new ArgumentException($"FromArray: {data.Length} values cannot fill shape {ShapeMath.Format(shape)} ({n} elements)");
        var t = Allocate(shape);
        data.CopyTo(t.ContiguousSpan());
        return t;
    }

    /// <summary>A tensor from a multidimensional array such as <c>float[,]</c> or <c>float[,,]</c>; the shape follows the array's.</summary>
    public static Tensor FromArray(Array data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.GetType().GetElementType() != typeof(float))
            throw new ArgumentException($"FromArray: expected an array of float, got {data.GetType().Name}");
        Span<int> shape = stackalloc int[data.Rank];
        for (int d = 0; d < data.Rank; d++) shape[d] = data.GetLength(d);
        var t = Allocate(shape);
        var dst = t.ContiguousSpan();
        int i = 0;
        foreach (float v in data) dst[i++] = v;
        return t;
    }

    /// <summary>Uniform values in [low, high).</summary>
    public static Tensor Uniform(ReadOnlySpan<int> shape, float low = 0f, float high = 1f, Generator? generator = null)
    {
        var g = generator ?? Generator.Default;
        var t = Allocate(shape);
        var s = t.ContiguousSpan();
        for (int i = 0; i < s.Length; i++) s[i] = (float)(low + (high - (double)low) * g.NextDouble());
        return t;
    }

    /// <summary>Normal values with the given mean and standard deviation.</summary>
    public static Tensor Normal(ReadOnlySpan<int> shape, float mean = 0f, float std = 1f, Generator? generator = null)
    {
        var g = generator ?? Generator.Default;
        var t = Allocate(shape);
        var s = t.ContiguousSpan();
        for (int i = 0; i < s.Length; i++) s[i] = (float)(mean + std * g.NextNormal());
        return t;
    }

    /// <summary>Uniform values in [0, 1), like <c>torch.rand</c>.</summary>
    public static Tensor Rand(params ReadOnlySpan<int> shape) => Uniform(shape);

    /// <summary>Standard normal values, like <c>torch.randn</c>.</summary>
    public static Tensor Randn(params ReadOnlySpan<int> shape) => Normal(shape);

    /// <summary>Ones with probability <paramref name="p"/>, else zeros.</summary>
    public static Tensor Bernoulli(ReadOnlySpan<int> shape, float p, Generator? generator = null)
    {
        if (p is < 0 or > 1 || float.IsNaN(p)) throw new ArgumentOutOfRangeException(nameof(p), $"bernoulli: p must be in [0, 1], got {p}");
        var g = generator ?? Generator.Default;
        var t = Allocate(shape);
        var s = t.ContiguousSpan();
        for (int i = 0; i < s.Length; i++) s[i] = g.NextDouble() < p ? 1f : 0f;
        return t;
    }
}
