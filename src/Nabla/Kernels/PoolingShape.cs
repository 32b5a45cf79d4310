namespace Nabla.Kernels;

/// <summary>
/// The geometry of a 2-D pooling over <see cref="Planes"/> independent H x W planes (N·C for NCHW): window
/// KH x KW with taps <see cref="DilationH"/> apart, windows <see cref="StrideH"/> apart, the first one starting
/// at −<see cref="PadH"/>; the output planes are OutH x OutW.
/// </summary>
internal readonly record struct PoolingShape(
    int Planes, int Height, int Width, int KernelH, int KernelW, int StrideH, int StrideW, int PadH, int PadW,
    int DilationH, int DilationW, int OutHeight, int OutWidth)
{
    /// <summary>Pixels of an input plane.</summary>
    public int InPixels => Height * Width;

    /// <summary>Pixels of an output plane.</summary>
    public int OutPixels => OutHeight * OutWidth;

    /// <summary>
    /// PyTorch's pooling output length: ⌊(in + 2·pad − dilation·(k − 1) − 1 + (ceil ? stride − 1 : 0)) / stride⌋ + 1,
    /// less one in ceil mode when the last window would start inside the right padding.
    /// </summary>
    public static int OutputLength(int input, int kernel, int stride, int pad, int dilation, bool ceilMode)
    {
        long numerator = (long)input + 2L * pad - (long)dilation * (kernel - 1) - 1 + (ceilMode ? stride - 1 : 0);
        long length = (long)Math.Floor(numerator / (double)stride) + 1;
        if (ceilMode && (length - 1) * stride >= (long)input + pad) length--;
        return (int)Math.Clamp(length, int.MinValue, int.MaxValue);
    }

    /// <summary>
    /// How many tasks to split <paramref name="planes"/> planes of <paramref name="workPerPlane"/> reads each into:
    /// 1 below <see cref="ParallelThreshold"/> reads in total, else a few per thread for balance.
    /// </summary>
    public static int Tasks(int planes, long workPerPlane)
    {
        if (planes < 2 || planes * workPerPlane < ParallelThreshold) return 1;
        return Math.Min(planes, 4 * WorkerPool.Participants(KernelThreads.Count));
    }

    /// <summary>Below this many element reads a pooling pass stays on the calling thread.</summary>
    internal static long ParallelThreshold = 1L << 16;

    /// <summary>The planes [lo, hi) of task <paramref name="task"/> of <paramref name="tasks"/>.</summary>
    public static (int Lo, int Hi) Range(int planes, int task, int tasks) =>
        ((int)((long)planes * task / tasks), (int)((long)planes * (task + 1) / tasks));
}
