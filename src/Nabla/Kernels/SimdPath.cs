using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Nabla.Kernels;

/// <summary>The vector width a CPU kernel is compiled for.</summary>
public enum SimdPath
{
    /// <summary>512-bit vectors (AVX-512 on x64).</summary>
    Vector512,
    /// <summary>256-bit vectors with fused multiply-add (AVX2 + FMA on x64).</summary>
    Vector256,
    /// <summary>128-bit vectors (SSE on x64, AdvSimd on ARM64); the portable path.</summary>
    Vector128,
}

/// <summary>Which SIMD path the kernels take on this machine.</summary>
public static class Simd
{
    private static readonly SimdPath s_best =
        Vector512.IsHardwareAccelerated ? SimdPath.Vector512
        : Vector256.IsHardwareAccelerated && Fma.IsSupported ? SimdPath.Vector256
        : SimdPath.Vector128;

    /// <summary>
    /// Test hook: forces every kernel onto the given path (it must still run correctly, if slowly, on this
    /// machine: wider paths than the hardware has are emulated). <c>null</c> restores the automatic choice.
    /// </summary>
    internal static SimdPath? ForcedPath { get; set; }

    /// <summary>The widest path this machine accelerates (or the forced one in tests).</summary>
    public static SimdPath Path => ForcedPath ?? s_best;

    /// <summary>The vector width of <see cref="Path"/> in bits: 512, 256 or 128.</summary>
    public static int WidthBits => Path switch
    {
        SimdPath.Vector512 => 512,
        SimdPath.Vector256 => 256,
        _ => 128,
    };
}
