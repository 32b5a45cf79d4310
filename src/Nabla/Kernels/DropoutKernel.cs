using System.Numerics.Tensors;

namespace Nabla.Kernels;

/// <summary>
/// Dropout masks drawn and applied in one pass. Each element (or channel) is kept with probability 1 − p, using 24
/// random bits per draw (two draws per 64-bit output of the generator); kept values are scaled by 1/(1 − p), so the
/// mask holds 0 or 1/(1 − p) and backward is dx = g·mask.
/// </summary>
internal static unsafe class DropoutKernel
{
    /// <summary>Fills mask[i] with 0 or scale and writes y[i] = x[i]·mask[i], runs of <paramref name="run"/> elements sharing one draw.</summary>
    public static void Forward(float* x, float* mask, float* y, int draws, int run, float p, Generator generator)
    {
        uint threshold = (uint)Math.Round((1.0 - p) * (1 << 24));
        float scale = (float)(1.0 / (1.0 - p));
        ulong bits = 0;
        for (int i = 0; i < draws; i++)
        {
            uint u;
            if ((i & 1) == 0)
            {
                bits = generator.NextUInt64();
                u = (uint)(bits >> 40);
            }
            else
            {
                u = (uint)(bits >> 8) & 0xFFFFFF;
            }
            float m = u < threshold ? scale : 0f;
            if (run == 1)
            {
                mask[i] = m;
                y[i] = x[i] * m;
            }
            else
            {
                long at = (long)i * run;
                new Span<float>(mask + at, run).Fill(m);
                TensorPrimitives.Multiply(new ReadOnlySpan<float>(x + at, run), m, new Span<float>(y + at, run));
            }
        }
    }
}
