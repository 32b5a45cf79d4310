namespace Nabla.Tests.Training.Metrics;

/// <summary>The small hand-worked examples shared by the metric tests (values worked out in the comments).</summary>
public static class MetricData
{
    /// <summary>
    /// Six samples, three classes. Arg-max predictions [0, 1, 2, 2, 1, 0] against targets [0, 1, 1, 2, 0, 0]:
    /// <code>
    /// confusion (true \ pred)   per class        TP FP FN   P    R    F1
    ///   0: 2 1 0                  0               2  0  1   1    2/3  4/5
    ///   1: 0 1 1                  1               1  1  1   1/2  1/2  1/2
    ///   2: 0 0 1                  2               1  1  0   1/2  1    2/3
    /// </code>
    /// accuracy 4/6; top-2 accuracy 5/6 (sample 4's target scores third).
    /// </summary>
    public static Tensor Logits() => Tensor.FromArray(new float[,]
    {
        { 2f, 1f, 0f },
        { 0f, 3f, 1f },
        { 0.1f, 0.2f, 0.9f },
        { -1f, -2f, 0.5f },
        { 0f, 1f, 0.5f },
        { 5f, 1f, 2f },
    });

    /// <summary>Class-index targets for <see cref="Logits"/>.</summary>
    public static Tensor Targets() => Tensor.FromArray([0f, 1f, 1f, 2f, 0f, 0f]);

    /// <summary>
    /// Binary probabilities [0.9, 0.4, 0.6, 0.2, 0.5, 0.7] against [1, 1, 0, 0, 0, 1]. With p &gt; 0.5 the
    /// predictions are [1, 0, 1, 0, 0, 1]: TP 2, FP 1, FN 1, TN 2, accuracy 4/6. AUC: of the 9 positive/negative
    /// pairs, 7 rank the positive higher, so 7/9.
    /// </summary>
    public static Tensor Probabilities() => Tensor.FromArray([0.9f, 0.4f, 0.6f, 0.2f, 0.5f, 0.7f]);

    /// <summary>Binary targets for <see cref="Probabilities"/>.</summary>
    public static Tensor BinaryTargets() => Tensor.FromArray([1f, 1f, 0f, 0f, 0f, 1f]);

    /// <summary>Rows <paramref name="start"/> .. <paramref name="start"/> + <paramref name="count"/> of a tensor.</summary>
    public static Tensor Rows(Tensor t, int start, int count) => t.Narrow(0, start, count);

    /// <summary>The tensor with each row repeated <paramref name="times"/>[i] times.</summary>
    public static Tensor Repeat(Tensor t, int[] times)
    {
        int n = t.Shape[0];
        int per = t.Numel / n;
        var src = t.ToArray();
        var dst = new List<float>();
        for (int i = 0; i < n; i++)
            for (int r = 0; r < times[i]; r++)
                dst.AddRange(src.AsSpan(i * per, per).ToArray());
        var shape = t.Shape.ToArray();
        shape[0] = times.Sum();
        return Tensor.FromArray(dst.ToArray(), shape);
    }
}
