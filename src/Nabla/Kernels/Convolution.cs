using System.Numerics.Tensors;

namespace Nabla.Kernels;

/// <summary>
/// 2-D convolution (and, through the same three passes, transposed convolution) on contiguous NCHW float32
/// tensors, lowered to the packed GEMM (<see cref="Gemm"/>) one image at a time:
/// <list type="bullet">
/// <item>forward: y_n = w · im2col(x_n) per group, the bias pre-filled into y_n and kept by beta = 1;</item>
/// <item>input gradient ("backward data", also the transposed convolution's forward):
///   dx_n = col2im(wᵀ · dy_n);</item>
/// <item>weight gradient: dwᵀ = Σ_n im2col(x_n) · dy_nᵀ, accumulated with beta = 1, then transposed.</item>
/// </list>
/// A 1x1 kernel with stride 1 and no padding skips im2col/col2im: the GEMMs read and write the images directly.
/// Shallow column matrices (a first layer's few input channels) use direct vector kernels instead of the GEMM for
/// the forward product and the weight gradient (<see cref="ConvolutionForwardDirect"/>,
/// <see cref="ConvolutionWeightDirect"/>); a single input channel with 3x3 taps, stride 1 and padding 1 skips
/// im2col too (<see cref="ConvolutionSingleChannel3x3"/>).
/// </summary>
/// <remarks>
/// Why explicit im2col per image rather than implicit GEMM or one batch-wide column matrix: the column matrix of one
/// image (C·KH·KW x OutH·OutW floats, 225 KiB for the reference CNN's second layer) stays in the 1 MiB L2 between
/// being written and being packed by the GEMM, so im2col costs a pass over L2, not over memory, and the whole packed
/// GEMM (its micro-kernels, blocking and packing) is reused unchanged; a batch-wide column matrix would be 29 MB for
/// that layer and make the lowering memory-bound. The batch is split into one contiguous range of images per worker
/// (each worker has its own column buffer and, for the weight gradient, its own partial sum, added in worker order),
/// so results do not depend on scheduling. Batches of one image, or products below
/// <see cref="ParallelThreshold"/>, run on the calling thread and let the GEMM itself parallelise.
/// Scratch buffers come from <see cref="BufferPool"/> and go back after each call.
/// Measured when written (AMD Zen 5, one thread, on a shared machine, so ratios only): the per-image products of the
/// reference CNN's second layer (64 x 196 x 288 forward, 288 x 196 x 64 input gradient, 288 x 64 x 196 weight
/// gradient) ran at 90-100% of the rate of a 512³ GEMM, and joining four images into one product gained at most 10%
/// on the GEMM while needing an extra copy of the output (or output gradient), so the per-image lowering was kept;
/// im2col cost about 15-20% of that layer's forward GEMM time with one short copy per output row, and about half of
/// that with the shifted-row copies used for stride 1 and "same" padding (<see cref="ConvolutionColumns"/>; total
/// time of the layer's three passes over the GEMM time went from about 1.2 to 1.1). A first layer with one input
/// channel (GEMM depth 9) is bound by the GEMM's 6 x 64 register tile: its forward ran at about 60% and its weight
/// gradient (a 9 x 32 product per image) at about 20% of the 512³ rate through the GEMM, hence the direct kernels for
/// shallow columns (measured 2.5x on the weight gradient and 1.25x on the forward pass); without im2col and with the
/// taps held in registers (<see cref="ConvolutionSingleChannel3x3"/>) the forward pass went from about 0.26 to 0.57
/// of the FMA peak on one thread.
/// </remarks>
internal static unsafe class Convolution
{
    /// <summary>Below this many multiply-adds per pass, the batch is not split across threads.</summary>
    internal static long ParallelThreshold = 1L << 20;

    /// <summary>y = conv(x, w) + bias (bias [O] or null); x, w, y as described by <paramref name="s"/>.</summary>
    public static void Forward(in ConvolutionShape s, float* x, float* w, float* bias, float* y)
    {
        var body = new ForwardBody { S = s, X = x, W = w, Bias = bias, Y = y };
        RunPerImage(s, ref body);
    }

    /// <summary>
    /// dx = the input gradient of conv(·, w) for the output gradient dy (the adjoint of <see cref="Forward"/>), plus
    /// bias[c] on every pixel of channel c when <paramref name="bias"/> is given (a transposed convolution's bias).
    /// </summary>
    public static void BackwardData(in ConvolutionShape s, float* dy, float* w, float* bias, float* dx)
    {
        var body = new DataBody { S = s, Dy = dy, W = w, Bias = bias, Dx = dx };
        RunPerImage(s, ref body);
    }

    /// <summary>
    /// Splits the batch over the workers, each with its own im2col buffer (none for pointwise kernels) rented from
    /// the pool for the duration of the call.
    /// </summary>
    private static void RunPerImage<T>(in ConvolutionShape s, ref T body) where T : struct, IPerImageBody
    {
        int workers = Workers(s);
        long colSize = ColumnScratch(s);
        var scratch = colSize == 0 ? null : BufferPool.Rent(checked((int)(colSize * workers)));
        try
        {
            body.SetScratch(scratch is null ? null : scratch.Pointer, colSize, workers);
            WorkerPool.For(workers, ref body, workers);
        }
        finally
        {
            if (scratch is not null) BufferPool.Return(scratch);
        }
    }

    /// <summary>A per-image pass that needs a column buffer per worker.</summary>
    private interface IPerImageBody : IParallelFor
    {
        void SetScratch(float* col, long colSize, int workers);
    }

    /// <summary>
    /// dw = Σ over the batch of dy_n · im2col(x_n)ᵀ per group: the weight gradient [O, C/groups·KH·KW]. Computed
    /// transposed, dwᵀ = Σ_n im2col(x_n) · dy_nᵀ ([C/groups·KH·KW, O/groups] per group), which fills the GEMM's
    /// register tiles (MR rows x NR columns) better when O/groups is a multiple of NR and the column rows are few,
    /// as in a first layer (9 x 32 instead of 32 x 9); the result is transposed into dw at the end. Shallow column
    /// matrices (fewer than <see cref="ConvolutionWeightDirect.MaxRows"/> rows) use the dot-product kernel
    /// <see cref="ConvolutionWeightDirect"/> instead of the GEMM, and one input channel with 3x3 taps, stride 1 and
    /// padding 1 the register-blocked <see cref="ConvolutionSingleChannel3x3"/>. When <paramref name="db"/> is given, the bias
    /// gradient db[o] = Σ over the batch and pixels of dy[n, o] is summed in the same pass, while dy_n is in cache.
    /// </summary>
    public static void BackwardWeight(in ConvolutionShape s, float* x, float* dy, float* dw, float* db = null)
    {
        int workers = Workers(s);
        long colSize = ColumnScratch(s);
        long partialSize = s.WeightSize;
        long total = colSize * workers + partialSize * workers + (db is null ? 0 : (long)s.OutChannels * workers);
        var scratch = BufferPool.Rent(checked((int)total));
        try
        {
            float* basePtr = scratch.Pointer;
            var body = new WeightBody
            {
                S = s, X = x, Dy = dy, Col = basePtr, ColSize = colSize, Partials = basePtr + colSize * workers,
                BiasPartials = db is null ? null : basePtr + (colSize + partialSize) * workers, Workers = workers,
            };
            WorkerPool.For(workers, ref body, workers);
            if (db is not null)
            {
                var bias = new Span<float>(db, s.OutChannels);
                new ReadOnlySpan<float>(body.BiasPartials, s.OutChannels).CopyTo(bias);
                for (int p = 1; p < workers; p++)
                    TensorPrimitives.Add(bias, new ReadOnlySpan<float>(body.BiasPartials + p * s.OutChannels, bias.Length), bias);
            }
            var sum = new Span<float>(body.Partials, checked((int)partialSize));
            for (int p = 1; p < workers; p++)
                TensorPrimitives.Add(sum, new ReadOnlySpan<float>(body.Partials + p * partialSize, sum.Length), sum);
            int og = s.GroupOutChannels, gcr = s.GroupColumnRows;
            for (int g = 0; g < s.Groups; g++)
            {
                float* src = body.Partials + (long)g * og * gcr, dst = dw + (long)g * og * gcr;
                for (int o = 0; o < og; o++)
                    for (int r = 0; r < gcr; r++) dst[o * gcr + r] = src[r * og + o];
            }
        }
        finally
        {
            BufferPool.Return(scratch);
        }
    }

    /// <summary>db[c] = Σ over the batch and the <paramref name="pixels"/> of channel c of g [batch, channels, pixels].</summary>
    public static void BiasGrad(float* g, int batch, int channels, int pixels, float* db)
    {
        for (int c = 0; c < channels; c++)
        {
            double sum = 0;
            for (int n = 0; n < batch; n++)
                sum += TensorPrimitives.Sum(new ReadOnlySpan<float>(g + ((long)n * channels + c) * pixels, pixels));
            db[c] = (float)sum;
        }
    }

    /// <summary>
    /// Floats of per-worker scratch: an im2col matrix (none for pointwise kernels), or the shifted copies and vector
    /// partial sums of <see cref="ConvolutionSingleChannel3x3"/> if larger.
    /// </summary>
    private static long ColumnScratch(in ConvolutionShape s) =>
        Math.Max(s.IsPointwise ? 0 : (long)s.ColumnRows * s.OutPixels,
                 ConvolutionSingleChannel3x3.Applies(s) ? ConvolutionSingleChannel3x3.ScratchSize(s) + ConvolutionSingleChannel3x3.PartialSize(s) : 0);

    private static int Workers(in ConvolutionShape s) =>
        s.Batch < 2 || s.MultiplyAdds < ParallelThreshold ? 1 : Math.Min(s.Batch, WorkerPool.Participants(KernelThreads.Count));

    /// <summary>The images [lo, hi) of worker <paramref name="p"/> of <paramref name="workers"/>.</summary>
    private static (int Lo, int Hi) Range(int batch, int p, int workers) =>
        ((int)((long)batch * p / workers), (int)((long)batch * (p + 1) / workers));

    private struct ForwardBody : IPerImageBody
    {
        public ConvolutionShape S;
        public float* X, W, Bias, Y, Col;
        public long ColSize;
        public int Workers;

        public void SetScratch(float* col, long colSize, int workers)
        {
            Col = col;
            ColSize = colSize;
            Workers = workers;
        }

        public readonly void Invoke(int p)
        {
            var (lo, hi) = Range(S.Batch, p, Workers);
            float* col = Col + p * ColSize;
            int og = S.GroupOutChannels, gcr = S.GroupColumnRows, pixels = S.OutPixels;
            bool single = ConvolutionSingleChannel3x3.Applies(S);
            for (int n = lo; n < hi; n++)
            {
                float* xn = X + n * S.InputImage, yn = Y + n * S.OutputImage;
                if (single)
                {
                    ConvolutionSingleChannel3x3.Prepare(S, xn, col);
                    ConvolutionSingleChannel3x3.Forward(S, col, W, Bias, S.OutChannels, yn);
                    continue;
                }
                float* src = xn;
                if (!S.IsPointwise)
                {
                    ConvolutionColumns.Im2Col(S, xn, col);
                    src = col;
                }
                if (ConvolutionForwardDirect.Applies(gcr, pixels))
                {
                    for (int g = 0; g < S.Groups; g++)
                        ConvolutionForwardDirect.Run(gcr, og, pixels, src + (long)g * gcr * pixels, W + (long)g * og * gcr,
                            Bias is null ? null : Bias + g * og, yn + (long)g * og * pixels);
                    continue;
                }
                float beta = 0f;
                if (Bias is not null)
                {
                    for (int o = 0; o < S.OutChannels; o++) new Span<float>(yn + (long)o * pixels, pixels).Fill(Bias[o]);
                    beta = 1f;
                }
                for (int g = 0; g < S.Groups; g++)
                    Gemm.Sgemm(false, false, og, pixels, gcr, 1f, W + (long)g * og * gcr, gcr,
                        src + (long)g * gcr * pixels, pixels, beta, yn + (long)g * og * pixels, pixels);
            }
        }
    }

    private struct DataBody : IPerImageBody
    {
        public ConvolutionShape S;
        public float* Dy, W, Bias, Dx, Col;
        public long ColSize;
        public int Workers;

        public void SetScratch(float* col, long colSize, int workers)
        {
            Col = col;
            ColSize = colSize;
            Workers = workers;
        }

        public readonly void Invoke(int p)
        {
            var (lo, hi) = Range(S.Batch, p, Workers);
            float* col = Col + p * ColSize;
            int og = S.GroupOutChannels, gcr = S.GroupColumnRows, pixels = S.OutPixels;
            for (int n = lo; n < hi; n++)
            {
                float* dyn = Dy + n * S.OutputImage, dxn = Dx + n * S.InputImage;
                float* dst = S.IsPointwise ? dxn : col;
                for (int g = 0; g < S.Groups; g++)
                    Gemm.Sgemm(true, false, gcr, pixels, og, 1f, W + (long)g * og * gcr, gcr,
                        dyn + (long)g * og * pixels, pixels, 0f, dst + (long)g * gcr * pixels, pixels);
                if (!S.IsPointwise) ConvolutionColumns.Col2Im(S, col, dxn);
                if (Bias is not null)
                    for (int c = 0; c < S.Channels; c++)
                    {
                        var plane = new Span<float>(dxn + (long)c * S.InPixels, S.InPixels);
                        TensorPrimitives.Add(plane, Bias[c], plane);
                    }
            }
        }
    }

    private struct WeightBody : IParallelFor
    {
        public ConvolutionShape S;
        public float* X, Dy, Col, Partials, BiasPartials;
        public long ColSize;
        public int Workers;

        public readonly void Invoke(int p)
        {
            var (lo, hi) = Range(S.Batch, p, Workers);
            float* col = Col + p * ColSize;
            float* sum = Partials + p * S.WeightSize;
            float* bias = BiasPartials is null ? null : BiasPartials + p * S.OutChannels;
            int og = S.GroupOutChannels, gcr = S.GroupColumnRows, pixels = S.OutPixels;
            if (hi <= lo) new Span<float>(sum, checked((int)S.WeightSize)).Clear();
            if (bias is not null) new Span<float>(bias, S.OutChannels).Clear();
            if (ConvolutionSingleChannel3x3.Applies(S))
            {
                if (hi <= lo) return;
                float* vectors = col + ConvolutionSingleChannel3x3.ScratchSize(S);
                for (int n = lo; n < hi; n++)
                {
                    ConvolutionSingleChannel3x3.Prepare(S, X + n * S.InputImage, col);
                    ConvolutionSingleChannel3x3.AccumulateWeightGrad(S, col, Dy + n * S.OutputImage, vectors, first: n == lo);
                }
                ConvolutionSingleChannel3x3.ReduceWeightGrad(S, vectors, sum, bias);
                return;
            }
            for (int n = lo; n < hi; n++)
            {
                float* xn = X + n * S.InputImage, dyn = Dy + n * S.OutputImage;
                float* src = xn;
                if (!S.IsPointwise)
                {
                    ConvolutionColumns.Im2Col(S, xn, col);
                    src = col;
                }
                bool direct = ConvolutionWeightDirect.Applies(gcr, pixels);
                for (int g = 0; g < S.Groups; g++)
                {
                    float* cg = src + (long)g * gcr * pixels, dg = dyn + (long)g * og * pixels, wg = sum + (long)g * og * gcr;
                    if (direct) ConvolutionWeightDirect.Run(gcr, og, pixels, cg, dg, wg, og, accumulate: n != lo);
                    else Gemm.Sgemm(false, true, gcr, og, pixels, 1f, cg, pixels, dg, pixels, n == lo ? 0f : 1f, wg, og);
                }
                if (bias is not null)
                    for (int o = 0; o < S.OutChannels; o++)
                        bias[o] += TensorPrimitives.Sum(new ReadOnlySpan<float>(dyn + (long)o * pixels, pixels));
            }
        }
    }
}
