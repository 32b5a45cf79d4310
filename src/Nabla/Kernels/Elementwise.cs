using System.Numerics.Tensors;

namespace Nabla.Kernels;

/// <summary>
/// Element-wise kernels over strided operands. Contiguous runs go to TensorPrimitives (SIMD); broadcast and
/// strided runs fall back to scalar loops. Every entry point takes the output shape and one stride set per
/// operand (stride 0 reads a broadcast value).
/// </summary>
internal static unsafe class Elementwise
{
    public static void Binary(BinaryKind kind, ReadOnlySpan<int> shape, float* d, ReadOnlySpan<int> ds,
                              float* a, ReadOnlySpan<int> sa, float* b, ReadOnlySpan<int> sb)
    {
        var loop = new BinaryLoop(kind);
        StridedLoop.Run(ref loop, shape, d, ds, a, sa, b, sb);
    }

    public static void Unary(UnaryKind kind, float p1, float p2, ReadOnlySpan<int> shape, float* d, ReadOnlySpan<int> ds,
                             float* a, ReadOnlySpan<int> sa)
    {
        var loop = new UnaryLoop(kind, p1, p2);
        StridedLoop.Run(ref loop, shape, d, ds, a, sa);
    }

    /// <summary>d = g · f′, where <paramref name="x"/> is the op's input, or its output for ops marked so in <see cref="UnaryDerivative"/>.</summary>
    public static void UnaryGrad(UnaryKind kind, float p1, float p2, ReadOnlySpan<int> shape, float* d, ReadOnlySpan<int> ds,
                                 float* g, ReadOnlySpan<int> sg, float* x, ReadOnlySpan<int> sx)
    {
        var loop = new UnaryGradLoop(kind, p1, p2);
        StridedLoop.Run(ref loop, shape, d, ds, g, sg, x, sx);
    }

    /// <summary>d = c != 0 ? a : d.</summary>
    public static void Select(ReadOnlySpan<int> shape, float* d, ReadOnlySpan<int> ds, float* c, ReadOnlySpan<int> sc,
                              float* a, ReadOnlySpan<int> sa)
    {
        var loop = new SelectLoop();
        StridedLoop.Run(ref loop, shape, d, ds, c, sc, a, sa);
    }

    /// <summary>d += a, where d's stride is 0 along reduced dimensions (sum-reduction into d).</summary>
    public static void Accumulate(ReadOnlySpan<int> shape, float* d, ReadOnlySpan<int> ds, float* a, ReadOnlySpan<int> sa)
    {
        var loop = new AccumulateLoop();
        StridedLoop.Run(ref loop, shape, d, ds, a, sa);
    }

    private readonly struct BinaryLoop(BinaryKind kind) : IInnerLoop3
    {
        public void Run(int n, float* d, int sd, float* a, int sa, float* b, int sb)
        {
            if (sd == 1 && sa == 1 && sb == 1)
            {
                var x = new ReadOnlySpan<float>(a, n);
                var y = new ReadOnlySpan<float>(b, n);
                var z = new Span<float>(d, n);
                switch (kind)
                {
                    case BinaryKind.Add: TensorPrimitives.Add(x, y, z); return;
                    case BinaryKind.Sub: TensorPrimitives.Subtract(x, y, z); return;
                    case BinaryKind.Mul: TensorPrimitives.Multiply(x, y, z); return;
                    case BinaryKind.Div: TensorPrimitives.Divide(x, y, z); return;
                    case BinaryKind.Maximum: TensorPrimitives.Max(x, y, z); return;
                    case BinaryKind.Minimum: TensorPrimitives.Min(x, y, z); return;
                }
            }
            else if (sd == 1 && sa == 1 && sb == 0)
            {
                var x = new ReadOnlySpan<float>(a, n);
                var z = new Span<float>(d, n);
                float y = *b;
                switch (kind)
                {
                    case BinaryKind.Add: TensorPrimitives.Add(x, y, z); return;
                    case BinaryKind.Sub: TensorPrimitives.Subtract(x, y, z); return;
                    case BinaryKind.Mul: TensorPrimitives.Multiply(x, y, z); return;
                    case BinaryKind.Div: TensorPrimitives.Divide(x, y, z); return;
                }
            }
            for (int i = 0; i < n; i++) d[(long)i * sd] = Apply(kind, a[(long)i * sa], b[(long)i * sb]);
        }

        private static float Apply(BinaryKind kind, float x, float y) => kind switch
        {
            BinaryKind.Add => x + y,
            BinaryKind.Sub => x - y,
            BinaryKind.Mul => x * y,
            BinaryKind.Div => x / y,
            BinaryKind.Pow => MathF.Pow(x, y),
            BinaryKind.Maximum => float.IsNaN(x) || float.IsNaN(y) ? float.NaN : MathF.Max(x, y),
            BinaryKind.Minimum => float.IsNaN(x) || float.IsNaN(y) ? float.NaN : MathF.Min(x, y),
            BinaryKind.Equal => x == y ? 1f : 0f,
            BinaryKind.NotEqual => x != y ? 1f : 0f,
            BinaryKind.Less => x < y ? 1f : 0f,
            BinaryKind.LessEqual => x <= y ? 1f : 0f,
            BinaryKind.Greater => x > y ? 1f : 0f,
            BinaryKind.GreaterEqual => x >= y ? 1f : 0f,
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    private readonly struct UnaryLoop(UnaryKind kind, float p1, float p2) : IInnerLoop2
    {
        public void Run(int n, float* d, int sd, float* a, int sa)
        {
            if (sd == 1 && sa == 1 && Vectorized(new ReadOnlySpan<float>(a, n), new Span<float>(d, n))) return;
            for (int i = 0; i < n; i++) d[(long)i * sd] = UnaryDerivative.Forward(kind, p1, p2, a[(long)i * sa]);
        }

        private bool Vectorized(ReadOnlySpan<float> x, Span<float> z)
        {
            switch (kind)
            {
                case UnaryKind.Neg: TensorPrimitives.Negate(x, z); return true;
                case UnaryKind.Abs: TensorPrimitives.Abs(x, z); return true;
                case UnaryKind.Exp: TensorPrimitives.Exp(x, z); return true;
                case UnaryKind.Log: TensorPrimitives.Log(x, z); return true;
                case UnaryKind.Sqrt: TensorPrimitives.Sqrt(x, z); return true;
                case UnaryKind.Square: TensorPrimitives.Multiply(x, x, z); return true;
                case UnaryKind.Sigmoid: TensorPrimitives.Sigmoid(x, z); return true;
                case UnaryKind.Relu: TensorPrimitives.Max(x, 0f, z); return true;
                case UnaryKind.Affine: TensorPrimitives.Multiply(x, p1, z); TensorPrimitives.Add(z, p2, z); return true;
                case UnaryKind.Fill: z.Fill(p1); return true;
                case UnaryKind.Copy: x.CopyTo(z); return true;
                default: return false;
            }
        }
    }

    private readonly struct UnaryGradLoop(UnaryKind kind, float p1, float p2) : IInnerLoop3
    {
        public void Run(int n, float* d, int sd, float* g, int sg, float* x, int sx)
        {
            if (sd == 1 && sg == 1 && sx == 1 && ActivationGrad.TryRun(kind, p1, n, d, g, x))
                return;
            for (int i = 0; i < n; i++)
                d[(long)i * sd] = g[(long)i * sg] * UnaryDerivative.Derivative(kind, p1, p2, x[(long)i * sx]);
        }
    }

    private readonly struct SelectLoop : IInnerLoop3
    {
        public void Run(int n, float* d, int sd, float* c, int sc, float* a, int sa)
        {
            for (int i = 0; i < n; i++)
                if (c[(long)i * sc] != 0f) d[(long)i * sd] = a[(long)i * sa];
        }
    }

    private readonly struct AccumulateLoop : IInnerLoop2
    {
        public void Run(int n, float* d, int sd, float* a, int sa)
        {
            if (sd == 0 && sa == 1)
            {
                *d += TensorPrimitives.Sum(new ReadOnlySpan<float>(a, n));
                return;
            }
            if (sd == 1 && sa == 1)
            {
                var z = new Span<float>(d, n);
                TensorPrimitives.Add(z, new ReadOnlySpan<float>(a, n), z);
                return;
            }
            for (int i = 0; i < n; i++) d[(long)i * sd] += a[(long)i * sa];
        }
    }
}
