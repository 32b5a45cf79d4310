using System.Runtime.Intrinsics.X86;

namespace Nabla.Kernels;

/// <summary>Software prefetch: asks the CPU to start loading memory into cache before it is read.</summary>
internal static unsafe class Prefetch
{
    /// <summary>
    /// Requests every 64-byte line of <c>[address, address + bytes)</c> into all cache levels (x86 PREFETCHT0);
    /// does nothing on processors without the instruction. Never faults, whatever the address.
    /// </summary>
    public static void Lines(void* address, int bytes)
    {
        if (!Sse.IsSupported) return;
        byte* p = (byte*)address;
        for (int offset = 0; offset < bytes; offset += 64) Sse.Prefetch0(p + offset);
        Sse.Prefetch0(p + bytes - 1);
    }
}
