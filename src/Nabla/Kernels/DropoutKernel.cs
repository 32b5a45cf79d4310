using System.Numerics;
using System.Numerics.Tensors;

namespace Nabla.Kernels;

/// <summary>
/// Dropout masks drawn and applied in one pass. Each call takes one 64-bit seed from the caller's
/// <see cref="Generator"/> (so a seed fixes every mask, and successive calls differ) and runs a local xoshiro256**
/// stream held in registers, which is several times faster than a call into the shared generator per element.
/// Each element (or channel) is kept with probability 1 − p, using 24 random bits per draw (two draws per 64-bit
/// output); kept values are scaled by 1/(1 − p), so the mask holds 0 or 1/(1 − p) and backward is dx = g·mask.
/// </summary>
internal static unsafe class DropoutKernel
{
    /// <summary>Fills mask[i] with 0 or scale and writes y[i] = x[i]·mask[i], runs of <paramref name="run"/> elements sharing one draw.</summary>
    public static void Forward(float* x, float* mask, float* y, int draws, int run, float p, Generator generator)
    {
        uint threshold = (uint)Math.Round((1.0 - p) * (1 << 24));
        float scale = (float)(1.0 / (1.0 - p));
        var stream = new Stream(generator.NextUInt64());
        ulong bits = 0;
        for (int i = 0; i < draws; i++)
        {
            uint u;
            if ((i & 1) == 0)
            {
                bits = stream.Next();
                u = (uint)(bits >> 40);
            }
            else
            {
                u = (uint)(bits >> 8) & 0xFFFFFF;
            }
            float m = ((int)(u - threshold) >> 31 & 1) * scale; // branch-free u < threshold (both below 2^24)
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

    /// <summary>xoshiro256** seeded through SplitMix64, as a local value so its state stays in registers.</summary>
    private struct Stream
    {
        private ulong _s0, _s1, _s2, _s3;

        public Stream(ulong seed)
        {
            _s0 = SplitMix(ref seed);
            _s1 = SplitMix(ref seed);
            _s2 = SplitMix(ref seed);
            _s3 = SplitMix(ref seed);
        }

        public ulong Next()
        {
            ulong result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
            ulong t = _s1 << 17;
            _s2 ^= _s0;
            _s3 ^= _s1;
            _s1 ^= _s2;
            _s0 ^= _s3;
            _s2 ^= t;
            _s3 = BitOperations.RotateLeft(_s3, 45);
            return result;
        }

        private static ulong SplitMix(ref ulong x)
        {
            ulong z = x += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
