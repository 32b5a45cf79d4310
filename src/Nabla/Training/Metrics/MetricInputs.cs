namespace Nabla.Training.Metrics;

/// <summary>Reads and validates metric inputs straight from tensor memory (copying only strided tensors).</summary>
internal static class MetricInputs
{
    /// <summary>The elements of <paramref name="t"/> in row-major order; strided tensors are copied into <paramref name="scratch"/>.</summary>
    public static ReadOnlySpan<float> Values(Tensor t, ref float[]? scratch)
    {
        if (t.IsContiguous) return t.ContiguousSpan();
        if (scratch is null || scratch.Length < t.Numel) scratch = new float[Math.Max(t.Numel, (scratch?.Length ?? 0) * 2)];
        var span = scratch.AsSpan(0, t.Numel);
        t.CopyTo(span);
        return span;
    }

    /// <summary>Number of samples N (the first dimension); rank-0 predictions are rejected.</summary>
    public static int Samples(string metric, Tensor prediction)
    {
        if (prediction.Rank == 0)
            throw new ArgumentException($"{metric}: predictions must have a batch dimension, got a scalar (shape [])");
        return prediction.Shape[0];
    }

    /// <summary>Whether <paramref name="t"/> is <c>[n]</c> or <c>[n, 1]</c>.</summary>
    public static bool IsColumn(Tensor t, int n) =>
        (t.Rank == 1 && t.Shape[0] == n) || (t.Rank == 2 && t.Shape[0] == n && t.Shape[1] == 1);

    /// <summary>Per-sample weights (empty when <paramref name="weight"/> is null, meaning all ones).</summary>
    public static ReadOnlySpan<float> Weights(string metric, Tensor? weight, int n, ref float[]? scratch)
    {
        if (weight is null) return ReadOnlySpan<float>.Empty;
        if (!IsColumn(weight, n))
            throw new ArgumentException(
                $"{metric}: sample weights of shape {ShapeMath.Format(weight.Shape)} do not match the {n} samples of the batch; pass shape [{n}]");
        var w = Values(weight, ref scratch);
        for (int i = 0; i < w.Length; i++)
        {
            if (!(w[i] >= 0) || float.IsPositiveInfinity(w[i]))
                throw new ArgumentException($"{metric}: sample weight {w[i]} at sample {i} must be finite and non-negative");
        }
        return w;
    }

    /// <summary>Weight of sample <paramref name="i"/> (1 when no weights were given).</summary>
    public static float WeightAt(ReadOnlySpan<float> weights, int i) => weights.IsEmpty ? 1f : weights[i];

    /// <summary>
    /// Class index per sample from <paramref name="target"/>: class indices <c>[N]</c> / <c>[N, 1]</c> (whole
    /// numbers in [0, classes)) or one-hot / soft rows <c>[N, classes]</c> (argmax).
    /// </summary>
    public static void ClassTargets(string metric, Tensor prediction, Tensor target, int classes, Span<int> destination, ref float[]? scratch)
    {
        int n = destination.Length;
        if (target.Rank == 2 && target.Shape[0] == n && target.Shape[1] == classes && classes > 1)
        {
            var rows = Values(target, ref scratch);
            for (int i = 0; i < n; i++) destination[i] = Argmax(rows.Slice(i * classes, classes));
            return;
        }
        if (!IsColumn(target, n))
            throw new ArgumentException(
                $"{metric}: targets of shape {ShapeMath.Format(target.Shape)} do not match predictions of shape {ShapeMath.Format(prediction.Shape)}; " +
                $"pass class indices of shape [{n}] or one-hot rows of shape [{n}, {classes}]");
        var t = Values(target, ref scratch);
        for (int i = 0; i < n; i++)
        {
            float v = t[i];
            int c = (int)v;
            if (c != v || c < 0 || c >= classes)
                throw new ArgumentException(
                    $"{metric}: target {v} at sample {i} is not a class index in [0, {classes - 1}]" +
                    (classes == 2 ? " (binary targets must be 0 or 1)" : ""));
            destination[i] = c;
        }
    }

    /// <summary>Index of the first largest value (like <c>torch.argmax</c> without NaN).</summary>
    public static int Argmax(ReadOnlySpan<float> row)
    {
        int best = 0;
        for (int j = 1; j < row.Length; j++)
            if (row[j] > row[best]) best = j;
        return best;
    }

    /// <summary>Requires <c>[N, C]</c> predictions with C ≥ 2 (multi-class).</summary>
    public static int RequireMultiClass(string metric, Tensor prediction, string binaryAlternative)
    {
        if (prediction.Rank != 2 || prediction.Shape[1] < 2)
            throw new ArgumentException(
                $"{metric}: predictions of shape {ShapeMath.Format(prediction.Shape)} are not [N, C] class scores with C >= 2; " +
                $"for a single binary score per sample use {binaryAlternative}");
        return prediction.Shape[1];
    }

    /// <summary>Grows <paramref name="buffer"/> to hold at least <paramref name="length"/> items.</summary>
    public static Span<T> Ensure<T>(ref T[]? buffer, int length)
    {
        if (buffer is null || buffer.Length < length) buffer = new T[Math.Max(length, (buffer?.Length ?? 0) * 2)];
        return buffer.AsSpan(0, length);
    }

    /// <summary>The logistic sigmoid in double precision.</summary>
    public static double Sigmoid(double x) => 1.0 / (1.0 + Math.Exp(-x));
}
