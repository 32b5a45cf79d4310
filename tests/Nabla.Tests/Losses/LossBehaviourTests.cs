using Nabla.Losses;

namespace Nabla.Tests.Losses;

/// <summary>Loss semantics beyond the fixtures (sample-weight averaging, reductions, delegates) and the error messages.</summary>
public sealed class LossBehaviourTests
{
    private static void Throws<T>(Action action, string fragment) where T : Exception
    {
        var e = Assert.Throws<T>(action);
        Assert.Contains(fragment, e.Message);
    }

    [Fact]
    public void SampleWeightsUseKerasSumOverBatchSize()
    {
        var prediction = Tensor.FromArray([1f, 3f, 2f, 2f, 0f, 4f], 3, 2);
        var target = Tensor.Zeros(3, 2);
        var weights = Tensor.FromArray([1f, 0f, 2f]);
        // per-sample means: 5, 4, 8 → weighted 5, 0, 16
        Assert.Equal(7f, new MseLoss().Forward(prediction, target, weights).Item(), 5);
        Assert.Equal(21f, new MseLoss(Reduction.Sum).Forward(prediction, target, weights).Item(), 5);
        Assert.Equal([5f, 0f, 16f], new MseLoss(Reduction.None).Forward(prediction, target, weights).ToArray());
        Assert.Equal(new MseLoss().Forward(prediction, target).Item(), new MseLoss().Forward(prediction, target, null).Item());
    }

    [Fact]
    public void StaticCrossEntropyConvertsToATwoArgumentDelegate()
    {
        Func<Tensor, Tensor, Tensor> criterion = Loss.CrossEntropy;
        var logits = Tensor.FromArray([2f, 0f, 0f, 0f, 2f, 0f], 2, 3);
        var loss = criterion(logits, Tensor.FromArray([0f, 1f])).Item();
        Assert.Equal(-Math.Log(Math.Exp(2) / (Math.Exp(2) + 2)), loss, 5);
    }

    [Fact]
    public void PenaltiesSumOverParameters()
    {
        var a = Tensor.FromArray([1f, -2f]);
        var b = Tensor.FromArray([3f]);
        Assert.Equal(0.6f, Penalty.L1([a, b], 0.1f).Item(), 6);
        Assert.Equal(1.4f, Penalty.L2([a, b], 0.1f).Item(), 6);
        Assert.Equal(0f, Penalty.L2([], 0.1f).Item());
    }

    [Fact]
    public void ErrorsNameTheLossShapesAndFix()
    {
        Throws<ArgumentException>(() => Loss.Mse(Tensor.Zeros(3, 2), Tensor.Zeros(3)),
            "MseLoss: prediction of shape [3, 2] and target of shape [3] must have the same shape");
        Throws<ArgumentException>(() => Loss.CrossEntropy(Tensor.Zeros(4, 3), Tensor.Zeros(5)),
            "CrossEntropyLoss: target of shape [5] does not fit input of shape [4, 3]; expected class indices of shape [4] or class probabilities of shape [4, 3]");
        Throws<ArgumentException>(() => Loss.CrossEntropy(Tensor.Zeros(4, 3), Tensor.FromArray([0f, 1f, 3f, 2f])),
            "CrossEntropyLoss: target 3 at position [2] is not a class index for 3 classes (expected a whole number in 0..2, or ignoreIndex -100)");
        Throws<ArgumentException>(() => Loss.CrossEntropy(Tensor.Zeros(4, 3), Tensor.Zeros(4), Tensor.Ones(4)),
            "CrossEntropyLoss: class weight must be [3] (one per class), got shape [4]");
        Throws<ArgumentOutOfRangeException>(() => new CrossEntropyLoss(labelSmoothing: 1.5f), "labelSmoothing must be in [0, 1]");
        Throws<ArgumentException>(() => Loss.Nll(Tensor.Zeros(2, 3, 4), Tensor.Zeros(2, 3)),
            "NllLoss: target of shape [2, 3] does not fit input of shape [2, 3, 4]; expected class indices of shape [2, 4]");
        Throws<ArgumentException>(() => Loss.Bce(Tensor.FromArray([0.5f, 1.2f]), Tensor.Zeros(2)),
            "BceLoss: every input must be a probability in [0, 1], got 1.2 at element 1");
        Throws<ArgumentException>(() => Loss.BceWithLogits(Tensor.Zeros(2, 3), Tensor.Zeros(2, 3), posWeight: Tensor.Ones(2)),
            "BceWithLogitsLoss: posWeight of shape [2] cannot be broadcast to the input's shape [2, 3]");
        Throws<ArgumentException>(() => new MseLoss(Reduction.BatchMean), "MseLoss: reduction BatchMean is not supported");
        Throws<ArgumentException>(() => new MseLoss().Forward(Tensor.Zeros(3, 2), Tensor.Zeros(3, 2), Tensor.Ones(2)),
            "MseLoss: sampleWeight must be [3] (one weight per sample), got shape [2]");
        Throws<ArgumentOutOfRangeException>(() => new FocalLoss(gamma: -1f), "FocalLoss: gamma must be non-negative");
    }
}
