namespace Nabla.Tuning.Ensembles;

/// <summary>The combination rules of <see cref="EnsembleMethod"/> on already computed member outputs (no autograd).</summary>
public static class EnsembleMath
{
    /// <summary>(1/M) Σₘ softmax(zₘ) over dimension 1 of the members' [N, C] logits.</summary>
    public static Tensor AverageProbabilities(IReadOnlyList<Tensor> logits)
    {
        CheckSameShape(logits, "AverageProbabilities");
        using (Autograd.NoGrad())
        {
            var sum = logits[0].Softmax(1);
            for (int m = 1; m < logits.Count; m++)
                sum = sum + logits[m].Softmax(1);
            return sum / logits.Count;
        }
    }

    /// <summary>(1/M) Σₘ zₘ.</summary>
    public static Tensor AverageLogits(IReadOnlyList<Tensor> outputs)
    {
        CheckSameShape(outputs, "AverageLogits");
        using (Autograd.NoGrad())
        {
            var sum = outputs[0];
            for (int m = 1; m < outputs.Count; m++)
                sum = sum + outputs[m];
            return sum / outputs.Count;
        }
    }

    /// <summary>Vote counts [N, C]: entry (i, c) is how many members' arg-max for sample i is c.</summary>
    public static Tensor VoteCounts(IReadOnlyList<Tensor> logits)
    {
        CheckSameShape(logits, "VoteCounts");
        if (logits[0].Rank != 2)
            throw new ArgumentException($"EnsembleMath.VoteCounts: member outputs must be [N, C] class scores, got {ShapeMath.Format(logits[0].Shape)}");
        int n = logits[0].Shape[0], c = logits[0].Shape[1];
        var counts = new float[n * c];
        foreach (var member in logits)
        {
            var scores = member.Contiguous().ToArray();
            for (int i = 0; i < n; i++)
                counts[i * c + Argmax(scores.AsSpan(i * c, c))] += 1;
        }
        return Tensor.FromArray(counts, n, c);
    }

    /// <summary>The majority class of each sample (ties go to the lowest class index).</summary>
    public static int[] MajorityVote(IReadOnlyList<Tensor> logits)
    {
        var counts = VoteCounts(logits);
        int n = counts.Shape[0], c = counts.Shape[1];
        var data = counts.ToArray();
        var result = new int[n];
        for (int i = 0; i < n; i++)
            result[i] = Argmax(data.AsSpan(i * c, c));
        return result;
    }

    /// <summary>Index of the largest value (the first on ties).</summary>
    internal static int Argmax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int j = 1; j < values.Length; j++)
            if (values[j] > values[best])
                best = j;
        return best;
    }

    private static void CheckSameShape(IReadOnlyList<Tensor> outputs, string op)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        if (outputs.Count == 0)
            throw new ArgumentException($"EnsembleMath.{op}: no member outputs were given");
        for (int m = 1; m < outputs.Count; m++)
            if (!ShapeMath.SameShape(outputs[m].Shape, outputs[0].Shape))
                throw new ArgumentException(
                    $"EnsembleMath.{op}: member {m} output has shape {ShapeMath.Format(outputs[m].Shape)}, member 0 has {ShapeMath.Format(outputs[0].Shape)}; all members must predict the same shape");
    }
}
