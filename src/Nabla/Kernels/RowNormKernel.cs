namespace Nabla.Kernels;

/// <summary>
/// Normalization of each row of a contiguous [rows, D] block to zero mean and unit variance, with an element-wise
/// affine map (layer norm; group norm with its per-channel weights expanded to the row). Row r uses the weight and
/// bias row r mod P of a [P, D] block (P = 1 for layer norm, the group count for group norm); null means no affine.
/// Forward: one read for the shifted moments, one read and one write to normalize (the row stays in cache).
/// Backward: dx = rstd·(ĝ − mean(ĝ) − x̂·mean(ĝ·x̂)) with ĝ = g·w, two reads per row; rows are split over threads.
/// </summary>
internal static unsafe class RowNormKernel
{
    private const int ParallelThreshold = 1 << 16;
    private const int ElementsPerTask = 8192;

    /// <summary>Normalizes every row; writes each row's mean and 1/√(var + eps) (biased variance).</summary>
    public static void Forward(float* x, float* y, int rows, int d, float eps, float* weight, float* bias, int period,
                               float* mean, float* rstd)
    {
        var body = new ForwardBody
        {
            X = x, Y = y, D = d, Eps = eps, Weight = weight, Bias = bias, Period = period, Mean = mean, Rstd = rstd,
            Rows = rows, RowsPerTask = RowsPerTask(d),
        };
        Run(ref body, rows, d, body.RowsPerTask);
    }

    /// <summary>The gradient of the input, given the saved mean and rstd of each row.</summary>
    public static void InputGrad(float* g, float* x, float* dx, int rows, int d, float* weight, int period, float* mean, float* rstd)
    {
        var body = new InputGradBody
        {
            G = g, X = x, Dx = dx, D = d, Weight = weight, Period = period, Mean = mean, Rstd = rstd,
            Rows = rows, RowsPerTask = RowsPerTask(d),
        };
        Run(ref body, rows, d, body.RowsPerTask);
    }

    /// <summary>dWeight[r mod P] += g·x̂ and dBias[r mod P] += g over the rows (targets [P, D], zeroed by the caller; either may be null).</summary>
    public static void AffineGrad(float* g, float* x, int rows, int d, int period, float* mean, float* rstd, float* dWeight, float* dBias)
    {
        for (int r = 0; r < rows; r++)
        {
            long at = (long)r * d;
            long p = (long)(r % period) * d;
            NormLoops.AccumulateAffineGrad(g + at, x + at, d, mean[r], rstd[r],
                                           dWeight is null ? null : dWeight + p, dBias is null ? null : dBias + p);
        }
    }

    private static int RowsPerTask(int d) => Math.Max(1, ElementsPerTask / Math.Max(d, 1));

    private static void Run<T>(ref T body, int rows, int d, int rowsPerTask) where T : struct, IParallelFor
    {
        int tasks = (rows + rowsPerTask - 1) / rowsPerTask;
        WorkerPool.For(tasks, ref body, (long)rows * d >= ParallelThreshold ? int.MaxValue : 1);
    }

    private struct ForwardBody : IParallelFor
    {
        public float* X, Y, Weight, Bias, Mean, Rstd;
        public int D, Period, Rows, RowsPerTask;
        public float Eps;

        public readonly void Invoke(int task)
        {
            int end = Math.Min(Rows, (task + 1) * RowsPerTask);
            for (int r = task * RowsPerTask; r < end; r++)
            {
                long at = (long)r * D;
                float* row = X + at;
                float shift = D > 0 ? row[0] : 0f;
                var (sum, squares) = NormLoops.ShiftedMoments(row, D, shift);
                double m = sum / D;
                double variance = Math.Max(squares / D - m * m, 0);
                float mean = (float)(shift + m);
                float rstd = (float)(1.0 / Math.Sqrt(variance + Eps));
                Mean[r] = mean;
                Rstd[r] = rstd;
                long p = (long)(r % Period) * D;
                NormLoops.NormalizeRow(row, Y + at, D, mean, rstd, Weight is null ? null : Weight + p, Bias is null ? null : Bias + p);
            }
        }
    }

    private struct InputGradBody : IParallelFor
    {
        public float* G, X, Dx, Weight, Mean, Rstd;
        public int D, Period, Rows, RowsPerTask;

        public readonly void Invoke(int task)
        {
            int end = Math.Min(Rows, (task + 1) * RowsPerTask);
            for (int r = task * RowsPerTask; r < end; r++)
            {
                long at = (long)r * D;
                float* w = Weight is null ? null : Weight + (long)(r % Period) * D;
                float mean = Mean[r], rstd = Rstd[r];
                var (sumGW, sumGWX) = NormLoops.WeightedGradMoments(G + at, X + at, w, D, mean);
                // dx = rstd·ĝ + b·x + c with b = −rstd³·Σĝ(x − mean)/D and c = −rstd·Σĝ/D − b·mean.
                double b = -(double)rstd * rstd * rstd * sumGWX / D;
                double c = -(double)rstd * sumGW / D - b * mean;
                NormLoops.Combine(G + at, X + at, w, Dx + at, D, rstd, (float)b, (float)c);
            }
        }
    }
}
