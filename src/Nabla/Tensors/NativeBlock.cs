using System.Runtime.InteropServices;

namespace Nabla;

/// <summary>
/// Native memory for tensor storages, outside the garbage-collected heap. Blocks of
/// <see cref="HugePageBytes"/> or more start on a huge-page boundary and, on Linux, are advised as
/// transparent huge pages, so a kernel streaming a 12 MB activation touches a handful of TLB entries instead of
/// thousands of 4 KB pages; smaller blocks are 64-byte aligned. The garbage collector is told about every block
/// (<see cref="GC.AddMemoryPressure"/>), so unreachable storages are finalized as promptly as arrays would be.
/// </summary>
internal static unsafe partial class NativeBlock
{
    /// <summary>Size of a transparent huge page on x64 and ARM64 Linux (2 MiB).</summary>
    public const int HugePageBytes = 2 << 20;

    private const int CacheLineBytes = 64;
    private const int AdviseHugePage = 14;

    private static bool s_canAdvise = OperatingSystem.IsLinux();

    /// <summary>Allocates room for <paramref name="floats"/> floats (contents undefined).</summary>
    /// <exception cref="OutOfMemoryException">The operating system refused the allocation.</exception>
    public static float* Allocate(int floats)
    {
        nuint bytes = Bytes(floats);
        bool huge = bytes >= HugePageBytes;
        void* block = NativeMemory.AlignedAlloc(bytes, huge ? (nuint)HugePageBytes : CacheLineBytes);
        if (block == null)
            throw new OutOfMemoryException($"could not allocate a tensor of {floats:N0} floats ({bytes:N0} bytes)");
        if (huge && s_canAdvise)
        {
            try
            {
                _ = Advise(block, bytes, AdviseHugePage);
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                s_canAdvise = false; // a libc without madvise: the block stays on ordinary pages
            }
        }
        GC.AddMemoryPressure((long)bytes);
        return (float*)block;
    }

    /// <summary>Frees a block from <see cref="Allocate"/> made for the same number of floats.</summary>
    public static void Free(float* block, int floats)
    {
        NativeMemory.AlignedFree(block);
        GC.RemoveMemoryPressure((long)Bytes(floats));
    }

    /// <summary>Bytes reserved for <paramref name="floats"/> floats: whole huge pages for large blocks, at least one float.</summary>
    private static nuint Bytes(int floats)
    {
        nuint bytes = (nuint)Math.Max(floats, 1) * sizeof(float);
        return bytes >= HugePageBytes ? (bytes + HugePageBytes - 1) / HugePageBytes * HugePageBytes : bytes;
    }

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Advise(void* address, nuint length, int advice);
}
