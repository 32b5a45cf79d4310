using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Nabla.Kernels;

/// <summary>Converts 8-bit samples (pixels) to float32 with SIMD widening.</summary>
internal static class ByteConversion
{
    /// <summary>
    /// <c>destination[i] = source[i] / divisor</c>, rounded exactly as the scalar division (so results equal a
    /// lookup table of <c>i / divisor</c>). 16 bytes per step: bytes are widened to 32-bit integers, converted
    /// and divided.
    /// </summary>
    public static void Divide(ReadOnlySpan<byte> source, Span<float> destination, float divisor)
    {
        if (destination.Length < source.Length)
            throw new ArgumentException($"ByteConversion: destination holds {destination.Length} floats for {source.Length} bytes");
        int n = source.Length, i = 0;
        if (Vector128.IsHardwareAccelerated && n >= 16)
        {
            ref byte src = ref MemoryMarshal.GetReference(source);
            ref float dst = ref MemoryMarshal.GetReference(destination);
            var d = Vector128.Create(divisor);
            for (; i <= n - 16; i += 16)
            {
                var bytes = Vector128.LoadUnsafe(ref src, (nuint)i);
                var (lo, hi) = Vector128.Widen(bytes);
                Store(Vector128.Widen(lo), d, ref Unsafe.Add(ref dst, i));
                Store(Vector128.Widen(hi), d, ref Unsafe.Add(ref dst, i + 8));
            }
        }
        for (; i < n; i++) destination[i] = source[i] / divisor;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store((Vector128<uint> Lower, Vector128<uint> Upper) words, Vector128<float> divisor, ref float destination)
    {
        (Vector128.ConvertToSingle(words.Lower.AsInt32()) / divisor).StoreUnsafe(ref destination);
        (Vector128.ConvertToSingle(words.Upper.AsInt32()) / divisor).StoreUnsafe(ref destination, 4);
    }
}
