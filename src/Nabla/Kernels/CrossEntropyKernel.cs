using System.Buffers;
using System.Numerics.Tensors;

namespace Nabla.Kernels;

/// <summary>
/// Cross-entropy as one fused log-softmax + negative log-likelihood pass over logits laid out as a contiguous
/// [outer, C, inner] block (C classes; a "position" is one (outer, inner) pair). Forward keeps the per-position
/// log-sum-exp lse, and backward rebuilds the softmax p = exp(z − lse) from it, so nothing of size [.., C] is stored
/// between the passes. For inner &gt; 1 each position's C logits are gathered into a scratch row first, so every
/// row is processed with SIMD. Targets are class indices (float whole numbers, already validated) or class
/// probabilities of the logits' shape. Also the plain NLL of given log-probabilities.
/// </summary>
internal static unsafe class CrossEntropyKernel
{
    /// <summary>
    /// Class-index targets: nll[i] = −w_y·log p_y and smooth[i] = −Σ_c w_c·log p_c (when <paramref name="smooth"/> is
    /// not null); both 0 at ignored positions. w = 1 where <paramref name="weight"/> is null.
    /// </summary>
    public static void ForwardIndex(float* z, int outer, int c, int inner, float* target, float* weight, int ignoreIndex,
                                    float* nll, float* smooth, float* lse)
    {
        float[] rented = ArrayPool<float>.Shared.Rent(2 * c);
        var tmp = rented.AsSpan(0, c);
        var col = rented.AsSpan(c, c);
        var w = weight is null ? default : new ReadOnlySpan<float>(weight, c);
        float weightSum = weight is null ? c : TensorPrimitives.Sum(w);
        for (int o = 0; o < outer; o++)
        {
            for (int i = 0; i < inner; i++)
            {
                int at = o * inner + i;
                var row = Row(z, o, c, inner, i, col);
                float max = TensorPrimitives.Max(row);
                TensorPrimitives.Subtract(row, max, tmp);
                float shiftedSum = smooth is null ? 0f : weight is null ? TensorPrimitives.Sum(tmp) : TensorPrimitives.Dot(w, tmp);
                TensorPrimitives.Exp(tmp, tmp);
                float logSum = MathF.Log(TensorPrimitives.Sum(tmp));
                lse[at] = max + logSum;
                int y = (int)target[at];
                if (y == ignoreIndex)
                {
                    nll[at] = 0f;
                    if (smooth is not null) smooth[at] = 0f;
                    continue;
                }
                nll[at] = -(weight is null ? 1f : weight[y]) * (row[y] - max - logSum);
                if (smooth is not null) smooth[at] = weightSum * logSum - shiftedSum;
            }
        }
        ArrayPool<float>.Shared.Return(rented);
    }

    /// <summary>
    /// dz at position i = a_i·w_y·(p − e_y) + b_i·(Σw·p − w): the gradient of a_i·nll_i + b_i·smooth_i; 0 at ignored positions.
    /// </summary>
    public static void BackwardIndex(float* z, int outer, int c, int inner, float* target, float* weight, int ignoreIndex,
                                     float* lse, float* a, float* b, float* dz)
    {
        float[] rented = ArrayPool<float>.Shared.Rent(2 * c);
        var tmp = rented.AsSpan(0, c);
        var col = rented.AsSpan(c, c);
        var w = weight is null ? default : new ReadOnlySpan<float>(weight, c);
        float weightSum = weight is null ? c : TensorPrimitives.Sum(w);
        for (int o = 0; o < outer; o++)
        {
            for (int i = 0; i < inner; i++)
            {
                int at = o * inner + i;
                int y = (int)target[at];
                var dst = inner == 1 ? new Span<float>(dz + (long)o * c, c) : tmp;
                if (y == ignoreIndex)
                {
                    dst.Clear();
                }
                else
                {
                    var row = Row(z, o, c, inner, i, col);
                    TensorPrimitives.Subtract(row, lse[at], dst);
                    TensorPrimitives.Exp(dst, dst);
                    float wy = weight is null ? 1f : weight[y];
                    float ai = a[at], bi = b[at];
                    TensorPrimitives.Multiply(dst, ai * wy + bi * weightSum, dst);
                    if (bi != 0f)
                    {
                        if (weight is null) TensorPrimitives.Add(dst, -bi, dst);
                        else TensorPrimitives.MultiplyAdd(w, -bi, dst, dst);
                    }
                    dst[y] -= ai * wy;
                }
                if (inner != 1) Scatter(dst, dz, o, c, inner, i);
            }
        }
        ArrayPool<float>.Shared.Return(rented);
    }

    /// <summary>
    /// Probability targets: loss[i] = −Σ_c w_c·t′_c·log p_c with t′ = (1 − ε)·t + ε/C (ε = <paramref name="smoothing"/>).
    /// </summary>
    public static void ForwardProb(float* z, float* t, int outer, int c, int inner, float* weight, float smoothing, float* loss, float* lse)
    {
        float[] rented = ArrayPool<float>.Shared.Rent(3 * c);
        var tmp = rented.AsSpan(0, c);
        var col = rented.AsSpan(c, c);
        var tcol = rented.AsSpan(2 * c, c);
        for (int o = 0; o < outer; o++)
        {
            for (int i = 0; i < inner; i++)
            {
                int at = o * inner + i;
                var row = Row(z, o, c, inner, i, col);
                var trow = Row(t, o, c, inner, i, tcol);
                float max = TensorPrimitives.Max(row);
                TensorPrimitives.Subtract(row, max, tmp);
                double dot = 0, mass = 0;
                for (int k = 0; k < c; k++)
                {
                    double q = ((1 - (double)smoothing) * trow[k] + smoothing / (double)c) * (weight is null ? 1f : weight[k]);
                    dot += q * tmp[k];
                    mass += q;
                }
                TensorPrimitives.Exp(tmp, tmp);
                double logSum = Math.Log(TensorPrimitives.Sum(tmp));
                lse[at] = (float)(max + logSum);
                loss[at] = (float)(mass * logSum - dot);
            }
        }
        ArrayPool<float>.Shared.Return(rented);
    }

    /// <summary>dz at position i = s_i·(p·Σ_c w_c·t′_c − w⊙t′).</summary>
    public static void BackwardProb(float* z, float* t, int outer, int c, int inner, float* weight, float smoothing,
                                    float* lse, float* scale, float* dz)
    {
        float[] rented = ArrayPool<float>.Shared.Rent(3 * c);
        var tmp = rented.AsSpan(0, c);
        var col = rented.AsSpan(c, c);
        var tcol = rented.AsSpan(2 * c, c);
        for (int o = 0; o < outer; o++)
        {
            for (int i = 0; i < inner; i++)
            {
                int at = o * inner + i;
                var row = Row(z, o, c, inner, i, col);
                var trow = Row(t, o, c, inner, i, tcol);
                var dst = inner == 1 ? new Span<float>(dz + (long)o * c, c) : tmp;
                double mass = 0;
                for (int k = 0; k < c; k++)
                    mass += ((1 - (double)smoothing) * trow[k] + smoothing / (double)c) * (weight is null ? 1f : weight[k]);
                float s = scale[at];
                for (int k = 0; k < c; k++)
                {
                    double q = ((1 - (double)smoothing) * trow[k] + smoothing / (double)c) * (weight is null ? 1f : weight[k]);
                    dst[k] = (float)(s * (Math.Exp(row[k] - (double)lse[at]) * mass - q));
                }
                if (inner != 1) Scatter(dst, dz, o, c, inner, i);
            }
        }
        ArrayPool<float>.Shared.Return(rented);
    }

    /// <summary>Negative log-likelihood of log-probabilities x: loss[i] = −w_y·x[i, y] (0 at ignored positions).</summary>
    public static void NllForward(float* x, int outer, int c, int inner, float* target, float* weight, int ignoreIndex, float* loss)
    {
        for (int o = 0; o < outer; o++)
        {
            for (int i = 0; i < inner; i++)
            {
                int at = o * inner + i;
                int y = (int)target[at];
                loss[at] = y == ignoreIndex ? 0f : -(weight is null ? 1f : weight[y]) * x[((long)o * c + y) * inner + i];
            }
        }
    }

    /// <summary>dx[i, y] = −a_i·w_y, zero elsewhere (dx must be zeroed).</summary>
    public static void NllBackward(int outer, int c, int inner, float* target, float* weight, int ignoreIndex, float* a, float* dx)
    {
        for (int o = 0; o < outer; o++)
        {
            for (int i = 0; i < inner; i++)
            {
                int at = o * inner + i;
                int y = (int)target[at];
                if (y != ignoreIndex) dx[((long)o * c + y) * inner + i] = -a[at] * (weight is null ? 1f : weight[y]);
            }
        }
    }

    /// <summary>The C values of position (o, i): the row itself when inner = 1, else gathered into <paramref name="scratch"/>.</summary>
    private static ReadOnlySpan<float> Row(float* z, int o, int c, int inner, int i, Span<float> scratch)
    {
        if (inner == 1) return new ReadOnlySpan<float>(z + (long)o * c, c);
        float* start = z + (long)o * c * inner + i;
        for (int k = 0; k < c; k++) scratch[k] = start[(long)k * inner];
        return scratch;
    }

    private static void Scatter(ReadOnlySpan<float> values, float* dst, int o, int c, int inner, int i)
    {
        float* start = dst + (long)o * c * inner + i;
        for (int k = 0; k < values.Length; k++) start[(long)k * inner] = values[k];
    }
}
