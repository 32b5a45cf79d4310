using Nabla.Training.Metrics;

namespace Nabla.Tests.Training.Metrics;

/// <summary>
/// ROC AUC against hand counts and against an independent brute-force evaluation of its definition: the weighted
/// fraction of (positive, negative) pairs ranked correctly, ties counting one half (what scikit-learn's
/// trapezoidal roc_auc_score computes).
/// </summary>
public sealed class RocAucTests
{
    private const double Tol = 1e-9;

    /// <summary>Σ_{pos i, neg j} wᵢ wⱼ ([sᵢ &gt; sⱼ] + ½[sᵢ = sⱼ]) / (Σ_pos w · Σ_neg w), by brute force.</summary>
    private static double PairwiseAuc(float[] scores, bool[] positive, float[] weights)
    {
        double num = 0, pos = 0, neg = 0;
        for (int i = 0; i < scores.Length; i++)
        {
            if (positive[i]) pos += weights[i];
            else neg += weights[i];
            if (!positive[i]) continue;
            for (int j = 0; j < scores.Length; j++)
            {
                if (positive[j]) continue;
                double credit = scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
                num += weights[i] * weights[j] * credit;
            }
        }
        return num / (pos * neg);
    }

    [Fact]
    public void BinaryHandExample()
    {
        var auc = new RocAuc();
        auc.Update(MetricData.Probabilities(), MetricData.BinaryTargets());
        Assert.Equal(7.0 / 9, auc.Result(), Tol);
        Assert.Equal("auc", auc.Name);
    }

    [Fact]
    public void TiesEarnHalfCredit()
    {
        // positives {0.5, 0.8}, negatives {0.5, 0.5}: 0.8 beats both (2), 0.5 ties both (2 × ½) -> 3/4
        var auc = new RocAuc();
        auc.Update(Tensor.FromArray([0.5f, 0.5f, 0.5f, 0.8f]).Reshape(4, 1), Tensor.FromArray([1f, 0f, 0f, 1f]));
        Assert.Equal(0.75, auc.Result(), Tol);

        auc.Reset();
        auc.Update(Tensor.Full(0.3f, 5), Tensor.FromArray([1f, 0f, 1f, 0f, 0f]));
        Assert.Equal(0.5, auc.Result(), Tol);
    }

    [Fact]
    public void RandomBinaryWithWeightsMatchesBruteForce()
    {
        var g = new Generator(11);
        int n = 200;
        // scores rounded to 1/20 so that many ties occur
        var scores = Tensor.Uniform([n], generator: g).ToArray().Select(v => MathF.Round(v * 20) / 20).ToArray();
        var labels = Tensor.Bernoulli([n], 0.4f, g).ToArray();
        var weights = Tensor.Uniform([n], 0.1f, 3f, g).ToArray();
        var auc = new RocAuc();
        auc.Update(Tensor.FromArray(scores), Tensor.FromArray(labels), Tensor.FromArray(weights));
        Assert.Equal(PairwiseAuc(scores, labels.Select(l => l == 1).ToArray(), weights), auc.Result(), Tol);
    }

    [Fact]
    public void MultiClassIsTheMacroAverageOfOneVsRest()
    {
        var g = new Generator(5);
        int n = 120, c = 4;
        var probs = Tensor.Uniform([n, c], generator: g).Softmax(1);
        var labels = Tensor.Uniform([n], 0, c, g).ToArray().Select(MathF.Floor).ToArray();
        var weights = Tensor.Uniform([n], 0.5f, 2f, g).ToArray();
        var auc = new RocAuc();
        auc.Update(probs, Tensor.FromArray(labels), Tensor.FromArray(weights));

        var p = probs.ToArray();
        double expected = 0;
        for (int k = 0; k < c; k++)
        {
            var column = Enumerable.Range(0, n).Select(i => p[i * c + k]).ToArray();
            expected += PairwiseAuc(column, labels.Select(l => l == k).ToArray(), weights);
        }
        Assert.Equal(expected / c, auc.Result(), Tol);
    }

    [Fact]
    public void MultiClassFromLogitsRanksSoftmaxProbabilities()
    {
        var g = new Generator(9);
        var logits = Tensor.Normal([50, 3], generator: g);
        var labels = Tensor.FromArray(Enumerable.Range(0, 50).Select(i => (float)(i % 3)).ToArray());
        var fromLogits = new RocAuc(fromLogits: true);
        fromLogits.Update(logits, labels);
        var fromProbs = new RocAuc();
        fromProbs.Update(logits.Softmax(1), labels);
        Assert.Equal(fromProbs.Result(), fromLogits.Result(), 1e-6);
    }

    [Fact]
    public void SingleClassTargetsGiveNaN()
    {
        var auc = new RocAuc();
        auc.Update(Tensor.FromArray([0.1f, 0.7f, 0.4f]), Tensor.Ones(3));
        Assert.True(double.IsNaN(auc.Result()));

        // a multi-class batch in which class 2 never occurs: its one-vs-rest AUC, hence the macro average, is NaN
        var multi = new RocAuc();
        multi.Update(MetricData.Logits().Softmax(1), Tensor.FromArray([0f, 1f, 1f, 0f, 0f, 1f]));
        Assert.True(double.IsNaN(multi.Result()));
    }

    [Fact]
    public void NaNScoresAreRejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => new RocAuc().Update(Tensor.FromArray([0.1f, float.NaN]), Tensor.FromArray([0f, 1f])));
        Assert.Contains("auc: prediction at flat index 1 is NaN", ex.Message);
    }
}
