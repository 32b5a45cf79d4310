namespace Nabla.Nn;

/// <summary>
/// Weight initializers, in place and seeded (each takes an optional <see cref="Generator"/>, defaulting to
/// <see cref="Generator.Default"/>). Formulas and names follow torch.nn.init; fans are computed from a weight of
/// shape [out, in, k…]: fan_in = in·∏k, fan_out = out·∏k.
/// </summary>
public static class Init
{
    /// <summary>Fills with <paramref name="value"/>.</summary>
    public static Tensor Constant(Tensor tensor, float value)
    {
        Span(tensor).Fill(value);
        return tensor;
    }

    /// <summary>Fills with 0.</summary>
    public static Tensor Zeros(Tensor tensor) => Constant(tensor, 0f);

    /// <summary>Fills with 1.</summary>
    public static Tensor Ones(Tensor tensor) => Constant(tensor, 1f);

    /// <summary>Draws from U(low, high).</summary>
    public static Tensor Uniform(Tensor tensor, float low = 0f, float high = 1f, Generator? generator = null)
    {
        var rng = generator ?? Generator.Default;
        var data = Span(tensor);
        for (int i = 0; i < data.Length; i++)
            data[i] = low + (high - low) * rng.NextFloat();
        return tensor;
    }

    /// <summary>Draws from N(mean, std²).</summary>
    public static Tensor Normal(Tensor tensor, float mean = 0f, float std = 1f, Generator? generator = null)
    {
        var rng = generator ?? Generator.Default;
        var data = Span(tensor);
        for (int i = 0; i < data.Length; i++)
            data[i] = (float)(mean + std * rng.NextNormal());
        return tensor;
    }

    /// <summary>
    /// Draws from N(mean, std²) restricted to [a, b] (absolute bounds, as torch.nn.init.trunc_normal_), by
    /// rejection: values outside the bounds are redrawn.
    /// </summary>
    public static Tensor TruncatedNormal(Tensor tensor, float mean = 0f, float std = 1f, float a = -2f, float b = 2f, Generator? generator = null)
    {
        if (!(a < b))
            throw new ArgumentException($"TruncatedNormal: lower bound a={a} must be below upper bound b={b}");
        if (mean + 6 * std < a || mean - 6 * std > b)
            throw new ArgumentException($"TruncatedNormal: [a, b] = [{a}, {b}] lies more than 6 std from the mean {mean}; nothing could be drawn");
        var rng = generator ?? Generator.Default;
        var data = Span(tensor);
        for (int i = 0; i < data.Length; i++)
        {
            double v;
            do v = mean + std * rng.NextNormal();
            while (v < a || v > b);
            data[i] = (float)v;
        }
        return tensor;
    }

    /// <summary>
    /// The recommended gain for a nonlinearity: linear/conv/sigmoid 1, tanh 5/3, ReLU √2,
    /// leaky ReLU √(2/(1+a²)) with a = <paramref name="param"/> (default 0.01), SELU 3/4.
    /// </summary>
    public static float CalculateGain(Nonlinearity nonlinearity, float? param = null) => nonlinearity switch
    {
        Nonlinearity.Linear or Nonlinearity.Conv or Nonlinearity.Sigmoid => 1f,
        Nonlinearity.Tanh => 5f / 3f,
        Nonlinearity.Relu => MathF.Sqrt(2f),
        Nonlinearity.LeakyRelu => MathF.Sqrt(2f / (1f + (param ?? 0.01f) * (param ?? 0.01f))),
        Nonlinearity.Selu => 0.75f,
        _ => throw new ArgumentOutOfRangeException(nameof(nonlinearity), nonlinearity, "unknown nonlinearity"),
    };

    /// <summary>fan_in = size(1)·receptive field, fan_out = size(0)·receptive field, for a weight of rank ≥ 2.</summary>
    public static (int FanIn, int FanOut) Fans(Tensor tensor)
    {
        if (tensor.Rank < 2)
            throw new ArgumentException($"Init: fan in and fan out need a tensor of rank 2 or more, got shape {ShapeMath.Format(tensor.Shape)}");
        int receptive = 1;
        for (int d = 2; d < tensor.Rank; d++)
            receptive *= tensor.Shape[d];
        return (tensor.Shape[1] * receptive, tensor.Shape[0] * receptive);
    }

    /// <summary>Xavier/Glorot uniform: U(−b, b) with b = gain·√(6 / (fan_in + fan_out)).</summary>
    public static Tensor XavierUniform(Tensor tensor, float gain = 1f, Generator? generator = null)
    {
        var (fanIn, fanOut) = Fans(tensor);
        float bound = gain * MathF.Sqrt(6f / (fanIn + fanOut));
        return Uniform(tensor, -bound, bound, generator);
    }

    /// <summary>Xavier/Glorot normal: N(0, std²) with std = gain·√(2 / (fan_in + fan_out)).</summary>
    public static Tensor XavierNormal(Tensor tensor, float gain = 1f, Generator? generator = null)
    {
        var (fanIn, fanOut) = Fans(tensor);
        return Normal(tensor, 0f, gain * MathF.Sqrt(2f / (fanIn + fanOut)), generator);
    }

    /// <summary>
    /// He/Kaiming uniform: U(−b, b) with b = gain·√(3 / fan), gain = CalculateGain(nonlinearity, a) and fan chosen
    /// by <paramref name="mode"/>. PyTorch's Linear/Conv default is a = √5 with leaky ReLU, i.e. b = 1/√fan_in.
    /// </summary>
    public static Tensor KaimingUniform(Tensor tensor, float a = 0f, FanMode mode = FanMode.FanIn,
                                        Nonlinearity nonlinearity = Nonlinearity.LeakyRelu, Generator? generator = null)
    {
        float std = KaimingStd(tensor, a, mode, nonlinearity);
        float bound = MathF.Sqrt(3f) * std;
        return Uniform(tensor, -bound, bound, generator);
    }

    /// <summary>He/Kaiming normal: N(0, std²) with std = gain / √fan.</summary>
    public static Tensor KaimingNormal(Tensor tensor, float a = 0f, FanMode mode = FanMode.FanIn,
                                       Nonlinearity nonlinearity = Nonlinearity.LeakyRelu, Generator? generator = null) =>
        Normal(tensor, 0f, KaimingStd(tensor, a, mode, nonlinearity), generator);

    private static float KaimingStd(Tensor tensor, float a, FanMode mode, Nonlinearity nonlinearity)
    {
        var (fanIn, fanOut) = Fans(tensor);
        int fan = mode == FanMode.FanIn ? fanIn : fanOut;
        if (fan == 0)
            throw new ArgumentException($"Init: cannot initialize a tensor with a zero fan, shape {ShapeMath.Format(tensor.Shape)}");
        return CalculateGain(nonlinearity, a) / MathF.Sqrt(fan);
    }

    /// <summary>
    /// (Semi-)orthogonal: the tensor viewed as [size(0), rest] is filled with Q from the QR decomposition of a
    /// standard normal matrix (the Q whose R has a positive diagonal, so the distribution is uniform), times <paramref name="gain"/>.
    /// Rows are orthonormal when size(0) ≤ rest, columns otherwise.
    /// </summary>
    public static Tensor Orthogonal(Tensor tensor, float gain = 1f, Generator? generator = null)
    {
        if (tensor.Rank < 2)
            throw new ArgumentException($"Orthogonal: needs a tensor of rank 2 or more, got shape {ShapeMath.Format(tensor.Shape)}");
        var rng = generator ?? Generator.Default;
        int rows = tensor.Shape[0], cols = tensor.Numel / Math.Max(rows, 1);
        int tall = Math.Max(rows, cols), wide = Math.Min(rows, cols);
        var a = new double[tall, wide];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                if (rows >= cols) a[i, j] = rng.NextNormal(); else a[j, i] = rng.NextNormal();
        GramSchmidt(a, tall, wide);
        var data = Span(tensor);
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                data[i * cols + j] = (float)(gain * (rows >= cols ? a[i, j] : a[j, i]));
        return tensor;
    }

    /// <summary>Modified Gram–Schmidt in place: the columns become Q of the QR decomposition with R_jj /// <summary>Modified Gram–Schmidt in place: columns become Q, each multiplied by sign(R_jj).</summary>gt; 0.</summary>
    private static void GramSchmidt(double[,] a, int n, int k)
    {
        for (int j = 0; j < k; j++)
        {
            for (int p = 0; p < j; p++)
            {
                double dot = 0;
                for (int i = 0; i < n; i++) dot += a[i, p] * a[i, j];
                for (int i = 0; i < n; i++) a[i, j] -= dot * a[i, p];
            }
            double norm = 0;
            for (int i = 0; i < n; i++) norm += a[i, j] * a[i, j];
            norm = Math.Sqrt(norm);
            for (int i = 0; i < n; i++) a[i, j] /= norm;
        }
    }

    private static Span<float> Span(Tensor tensor)
    {
        if (!tensor.IsContiguous)
            throw new ArgumentException($"Init: the tensor must be contiguous (a parameter), got a view of shape {ShapeMath.Format(tensor.Shape)}");
        return tensor.ContiguousSpan();
    }
}
