namespace Nabla.Kernels;

/// <summary>
/// The number of threads the CPU kernels (GEMM, convolution ...) may use for one operation.
/// The calling thread counts as one of them; <c>1</c> makes every kernel single-threaded.
/// </summary>
public static class KernelThreads
{
    private static int s_count = Math.Max(1, Environment.ProcessorCount);

    /// <summary>
    /// Maximum number of threads one kernel call uses (default <see cref="Environment.ProcessorCount"/>).
    /// Kernels below their size thresholds stay single-threaded whatever this says.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value set is less than 1.</exception>
    public static int Count
    {
        get => Volatile.Read(ref s_count);
        set
        {
            if (value < 1)
                throw new ArgumentOutOfRangeException(nameof(value), value,
                    "KernelThreads.Count must be at least 1 (use 1 for single-threaded kernels).");
            Volatile.Write(ref s_count, value);
        }
    }
}
