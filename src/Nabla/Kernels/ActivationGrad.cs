using System.Numerics;

namespace Nabla.Kernels;

/// <summary>
/// Vectorized backward passes of the common activations over contiguous memory: d = g·f′ with f′ read from the
/// input (ReLU, leaky ReLU) or from the saved output (sigmoid: y(1 − y), tanh: 1 − y²). Memory-bound, so the
/// portable <see cref="Vector{T}"/> width is enough. Other activations take the scalar strided loop.
/// </summary>
internal static unsafe class ActivationGrad
{
    /// <summary>Runs the contiguous fast path for <paramref name="kind"/>; false when there is none.</summary>
    internal static bool TryRun(UnaryKind kind, float p1, int n, float* d, float* g, float* x)
    {
        switch (kind)
        {
            case UnaryKind.Relu: Relu(n, d, g, x, 0f); return true;
            case UnaryKind.LeakyRelu: Relu(n, d, g, x, p1); return true;
            case UnaryKind.Sigmoid: Sigmoid(n, d, g, x); return true;
            case UnaryKind.Tanh: Tanh(n, d, g, x); return true;
            default: return false;
        }
    }

    private static void Relu(int n, float* d, float* g, float* x, float slope)
    {
        int i = 0, w = Vector<float>.Count;
        var slopeV = new Vector<float>(slope);
        for (; i <= n - w; i += w)
        {
            var xv = Vector.Load(x + i);
            var gv = Vector.Load(g + i);
            Vector.Store(Vector.ConditionalSelect(Vector.GreaterThan(xv, Vector<float>.Zero), gv, gv * slopeV), d + i);
        }
        for (; i < n; i++)
            d[i] = x[i] > 0 ? g[i] : g[i] * slope;
    }

    private static void Sigmoid(int n, float* d, float* g, float* y)
    {
        int i = 0, w = Vector<float>.Count;
        for (; i <= n - w; i += w)
        {
            var yv = Vector.Load(y + i);
            Vector.Store(Vector.Load(g + i) * (yv * (Vector<float>.One - yv)), d + i);
        }
        for (; i < n; i++)
            d[i] = g[i] * (y[i] * (1f - y[i]));
    }

    private static void Tanh(int n, float* d, float* g, float* y)
    {
        int i = 0, w = Vector<float>.Count;
        for (; i <= n - w; i += w)
        {
            var yv = Vector.Load(y + i);
            Vector.Store(Vector.Load(g + i) * (Vector<float>.One - yv * yv), d + i);
        }
        for (; i < n; i++)
            d[i] = g[i] * (1f - y[i] * y[i]);
    }
}
