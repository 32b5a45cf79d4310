using Nabla.Kernels;

namespace Nabla.Tests.Kernels;

/// <summary>
/// The convolution and pooling kernels split the batch / the planes across threads above size thresholds; with the
/// thresholds at 0 and two threads, a conv → pools → transposed-conv chain and its gradients must agree with the
/// serial run (up to summation order: the weight gradient adds per-thread partial sums). Changes process-wide kernel
/// settings, so it runs in the non-parallel kernel-settings collection.
/// </summary>
[Collection(nameof(KernelSettingsCollection))]
public sealed class ConvolutionThreadingTests
{
    [Fact]
    public void ThreadedKernelsAgreeWithSerialOnes()
    {
        var x = Tensor.Normal([5, 4, 9, 7], generator: new Generator(1));
        var w = Tensor.Normal([6, 2, 3, 3], generator: new Generator(2));
        var b = Tensor.Normal([6], generator: new Generator(3));
        var serial = Run(x, w, b, parallel: false);
        var threaded = Run(x, w, b, parallel: true);
        for (int k = 0; k < serial.Length; k++)
        {
            Assert.Equal(serial[k].Length, threaded[k].Length);
            double scale = serial[k].Max(Math.Abs);
            for (int i = 0; i < serial[k].Length; i++)
                Assert.True(Math.Abs(serial[k][i] - threaded[k][i]) <= 1e-5 * Math.Max(1, scale),
                    $"result {k}[{i}]: serial {serial[k][i]}, threaded {threaded[k][i]}");
        }
    }

    private static float[][] Run(Tensor x0, Tensor w0, Tensor b0, bool parallel)
    {
        long convThreshold = Convolution.ParallelThreshold, poolThreshold = PoolingShape.ParallelThreshold;
        int threads = KernelThreads.Count;
        try
        {
            Convolution.ParallelThreshold = parallel ? 0 : long.MaxValue;
            PoolingShape.ParallelThreshold = parallel ? 0 : long.MaxValue;
            KernelThreads.Count = parallel ? 2 : 1;
            var x = x0.Clone().Detach();
            var w = w0.Clone().Detach();
            var b = b0.Clone().Detach();
            x.RequiresGrad = w.RequiresGrad = b.RequiresGrad = true;
            var y = Tensor.Conv2d(x, w, b, padding: (1, 1), groups: 2);
            var p = Tensor.MaxPool2d(y, (2, 2), ceilMode: true) + Tensor.AvgPool2d(y, (2, 2), ceilMode: true)
                    + Tensor.AdaptiveAvgPool2d(y, (5, 4));
            var t = Tensor.ConvTranspose2d(p, w, stride: (2, 2), groups: 2);
            t.Square().Sum().Backward();
            return [t.ToArray(), x.Grad!.ToArray(), w.Grad!.ToArray(), b.Grad!.ToArray()];
        }
        finally
        {
            Convolution.ParallelThreshold = convThreshold;
            PoolingShape.ParallelThreshold = poolThreshold;
            KernelThreads.Count = threads;
        }
    }
}
