using System.Numerics;
using System.Numerics.Tensors;

namespace Nabla.Kernels;

/// <summary>
/// One Elman RNN time step for a batch of rows: h′ = act(a) with a = Wᵢₕx + bᵢₕ + Wₕₕh + bₕₕ and act tanh or
/// ReLU. A row whose sequence has ended keeps its state and outputs zero.
/// </summary>
internal static unsafe class RecurrentRnnKernel
{
    /// <summary>Forward: h′ = act(<paramref name="pre"/>) and the output y (h′, or 0 past the row's length).</summary>
    public static void Forward(int rows, int h, bool relu, float* pre, float* hPrev, float* hNew, float* y, int* lengths, int t)
    {
        for (int r = 0; r < rows; r++)
        {
            long o = (long)r * h;
            var hn = new Span<float>(hNew + o, h);
            var yr = new Span<float>(y + o, h);
            if (lengths is not null && t >= lengths[r])
            {
                new ReadOnlySpan<float>(hPrev + o, h).CopyTo(hn);
                yr.Clear();
                continue;
            }
            var a = new ReadOnlySpan<float>(pre + o, h);
            if (relu) TensorPrimitives.Max(a, 0f, hn);
            else TensorPrimitives.Tanh(a, hn);
            hn.CopyTo(yr);
        }
    }

    /// <summary>
    /// Backward: with dh = <paramref name="dhIn"/> + dy, dA = dh·(1 − h′²) (tanh) or dh·[h′ &gt; 0] (ReLU) into
    /// <paramref name="dPre"/>; <paramref name="dhOut"/> gets 0 (active row) or dh unchanged (finished row).
    /// </summary>
    public static void Backward(int rows, int h, bool relu, float* hNew, float* dy, float* dhIn, float* dPre,
                                float* dhOut, int* lengths, int t)
    {
        int width = Vector<float>.Count;
        for (int r = 0; r < rows; r++)
        {
            long o = (long)r * h;
            float* dhi = dhIn + o, dho = dhOut + o, da = dPre + o;
            if (lengths is not null && t >= lengths[r])
            {
                new ReadOnlySpan<float>(dhi, h).CopyTo(new Span<float>(dho, h));
                new Span<float>(da, h).Clear();
                continue;
            }
            float* hn = hNew + o, dyr = dy is null ? null : dy + o;
            int j = 0;
            for (; j <= h - width; j += width)
            {
                var dh = Vector.Load(dhi + j);
                if (dyr is not null) dh += Vector.Load(dyr + j);
                var hv = Vector.Load(hn + j);
                var d = relu ? Vector.ConditionalSelect(Vector.GreaterThan(hv, Vector<float>.Zero), dh, Vector<float>.Zero)
                             : dh * (Vector<float>.One - hv * hv);
                Vector.Store(d, da + j);
            }
            for (; j < h; j++)
            {
                float dh = dhi[j] + (dyr is null ? 0f : dyr[j]);
                float hv = hn[j];
                da[j] = relu ? (hv > 0 ? dh : 0f) : dh * (1 - hv * hv);
            }
            new Span<float>(dho, h).Clear();
        }
    }
}
