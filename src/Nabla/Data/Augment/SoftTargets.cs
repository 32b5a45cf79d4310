namespace Nabla.Data.Augment;

/// <summary>Target handling shared by <see cref="MixUp"/> and <see cref="CutMix"/>.</summary>
internal static class SoftTargets
{
    /// <summary>[classes] for class-index targets []; a [k] target must already be a distribution over k = classes.</summary>
    public static int[] Shape(ReadOnlySpan<int> sampleTargetShape, int classes, string op)
    {
        if (sampleTargetShape.Length == 0 || (sampleTargetShape.Length == 1 && sampleTargetShape[0] == classes)) return [classes];
        throw new ArgumentException(
            $"{op}: targets must be class indices (shape []) or probabilities over {classes} classes (shape [{classes}]), " +
            $"got target shape {ShapeMath.Format(sampleTargetShape)}");
    }

    /// <summary>
    /// Writes newTargets[i] = λ·y[i] + (1 − λ)·y[i − 1] (y[−1] = y[count − 1]) as probability vectors, for the
    /// "roll by one" pairing of torchvision's MixUp and CutMix.
    /// </summary>
    public static void Mix(ReadOnlySpan<float> targets, bool indices, int count, int classes, Span<float> newTargets, float lambda, string op)
    {
        newTargets[..(count * classes)].Clear();
        for (int i = 0; i < count; i++)
        {
            int partner = i == 0 ? count - 1 : i - 1;
            var row = newTargets.Slice(i * classes, classes);
            if (indices)
            {
                row[Label(targets[i], i, classes, op)] += lambda;
                row[Label(targets[partner], partner, classes, op)] += 1 - lambda;
            }
            else
            {
                var a = targets.Slice(i * classes, classes);
                var b = targets.Slice(partner * classes, classes);
                for (int k = 0; k < classes; k++) row[k] = lambda * a[k] + (1 - lambda) * b[k];
            }
        }
    }

    private static int Label(float value, int position, int classes, string op)
    {
        int label = (int)value;
        if (label != value || label < 0 || label >= classes)
            throw new ArgumentException($"{op}: target {value} of batch sample {position} is not a class index in 0..{classes - 1}");
        return label;
    }
}
