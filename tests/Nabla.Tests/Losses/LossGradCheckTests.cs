using Nabla.Losses;
using Nabla.Tests.Autograd;
using static Nabla.Tests.Autograd.GradInputs;

namespace Nabla.Tests.Losses;

/// <summary>
/// Central-difference gradient checks (<see cref="GradCheck"/> defaults) of every loss with respect to its prediction,
/// including the fused cross-entropy with class weights, ignored positions, label smoothing, probability targets
/// and spatial logits, and the sample-weighted form. Inputs avoid the kinks of L1/smooth-L1/Huber (|x − y| at 0, β, δ).
/// </summary>
public sealed class LossGradCheckTests
{
    private static Tensor Classes(params float[] values) => Tensor.FromArray(values);

    private static readonly Dictionary<string, (Func<Tensor[], Tensor> Function, Func<Tensor[]> Inputs)> Cases = new()
    {
        ["mse"] = (t => Loss.Mse(t[0], Tensor.Zeros(3, 4)), () => [Normal(1, 3, 4)]),
        ["l1 sum"] = (t => Loss.L1(t[0], Tensor.Zeros(3, 4), Reduction.Sum), () => [NonZero(2, 3, 4)]),
        ["smooth_l1"] = (t => Loss.SmoothL1(t[0], Tensor.Zeros(3, 4), beta: 0.5f), () => [AwayFrom(3, [0f, 0.5f, -0.5f], 3, 4)]),
        ["huber"] = (t => Loss.Huber(t[0], Tensor.Zeros(3, 4), delta: 0.8f, Reduction.None), () => [AwayFrom(4, [0f, 0.8f, -0.8f], 3, 4)]),
        ["cross_entropy"] = (t => Loss.CrossEntropy(t[0], Classes(0, 2, 1, 2)), () => [Normal(5, 4, 3)]),
        ["cross_entropy weighted ignore smooth"] = (t => Loss.CrossEntropy(t[0], Classes(0, -100, 1, 2, 2), Tensor.FromArray([0.5f, 2f, 1f]), labelSmoothing: 0.2f),
            () => [Normal(6, 5, 3)]),
        ["cross_entropy none 4-D"] = (t => Loss.CrossEntropy(t[0], Tensor.FromArray([0f, 1, 2, 1, 0, 0, 2, 1], 2, 2, 2), null, reduction: Reduction.None),
            () => [Normal(7, 2, 3, 2, 2)]),
        ["cross_entropy probabilities smooth"] = (t => Loss.CrossEntropy(t[0], Tensor.FromArray([0.2f, 0.5f, 0.3f, 0f, 0f, 1f], 2, 3), null, labelSmoothing: 0.1f),
            () => [Normal(8, 2, 3)]),
        ["nll weighted"] = (t => Loss.Nll(t[0], Classes(1, 0, 2), Tensor.FromArray([1f, 3f, 0.5f])), () => [Normal(9, 3, 3)]),
        ["bce"] = (t => Loss.Bce(t[0], Tensor.FromArray([0f, 1f, 1f, 0f, 0.3f, 1f], 2, 3)), () => [Uniform(10, 0.1f, 0.9f, 2, 3)]),
        ["bce_with_logits pos_weight"] = (t => Loss.BceWithLogits(t[0], Tensor.FromArray([0f, 1f, 1f, 0f, 1f, 1f], 2, 3), Tensor.FromArray([1f, 2f, 0.5f]), Tensor.FromArray([3f, 1f, 0.5f])),
            () => [Normal(11, 2, 3)]),
        ["kl_div batchmean"] = (t => Loss.KlDiv(t[0], Tensor.FromArray([0.2f, 0.8f, 0f, 0.5f, 0.25f, 0.25f], 2, 3), Reduction.BatchMean), () => [Normal(12, 2, 3)]),
        ["focal"] = (t => Loss.Focal(t[0], Tensor.FromArray([0f, 1f, 1f, 0f, 1f, 0f], 2, 3)), () => [Normal(13, 2, 3)]),
        ["sample weights"] = (t => new CrossEntropyLoss().Forward(t[0], Classes(2, 0, 1), Tensor.FromArray([1f, 0f, 2f])), () => [Normal(14, 3, 3)]),
    };

    public static TheoryData<string> Names() => CaseNames.Of(Cases.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public void AnalyticMatchesNumeric(string name)
    {
        var (function, inputs) = Cases[name];
        Check(function, inputs());
    }
}
