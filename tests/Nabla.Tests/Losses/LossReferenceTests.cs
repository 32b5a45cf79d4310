using Nabla.Losses;
using Nabla.Tests.Reference;
using Nabla.Tests.Tensors;

namespace Nabla.Tests.Losses;

/// <summary>
/// Every loss, through both its class (<see cref="Loss.Forward(Tensor, Tensor)"/>) and, for the fused ones, its
/// static function, against PyTorch 1.13 (fixtures/nn_ops.json): each reduction, class weights, ignore_index, label
/// smoothing, probability targets, spatial (4-D) logits, BCE weights and pos_weight, KL batchmean and log targets,
/// torchvision's sigmoid focal loss, Keras-style sample weights, and the L1/L2 penalties; forward and input gradient.
///
/// Tolerance: |got − want| ≤ 1e-5·|want| + 1e-5·max(1, M), M = max |want| of the tensor. A loss adds up to ~50 float32
/// terms (error ≲ √n·eps·Σ|terms| ≈ 1e-6·M) and its gradients are a few float32 operations per element; the fused
/// cross-entropy rebuilds softmax from a float32 log-sum-exp (relative error ~1e-7·|logit|, so the large-logit case
/// with |x| ≈ 100 is the tightest). Any formula error (a wrong denominator for weighted means, smoothing or ignored
/// positions) is at least 1e-2 relative.
/// </summary>
public sealed class LossReferenceTests
{
    public static TheoryData<string> Cases() => NnReference.Names(op => op.StartsWith("loss_", StringComparison.Ordinal) || op.StartsWith("penalty_", StringComparison.Ordinal));

    [Theory]
    [MemberData(nameof(Cases))]
    public void ClassMatchesPyTorch(string name) => NnReference.Check(NnReference.Cases[name], ApplyClass, Tolerance);

    [Theory]
    [MemberData(nameof(Cases))]
    public void FunctionMatchesPyTorch(string name) => NnReference.Check(NnReference.Cases[name], ApplyFunction, Tolerance);

    [Fact]
    public void FixtureCoversEveryLoss()
    {
        var present = NnReference.Cases.Values.Select(c => c.Op).ToHashSet();
        string[] expected =
        [
            "loss_mse", "loss_l1", "loss_smooth_l1", "loss_huber", "loss_cross_entropy", "loss_nll", "loss_bce",
            "loss_bce_logits", "loss_kl_div", "loss_focal", "loss_sample_weight", "penalty_l1", "penalty_l2",
        ];
        var missing = expected.Where(op => !present.Contains(op)).ToArray();
        Assert.True(missing.Length == 0, $"losses without a fixture case: {string.Join(", ", missing)}");
    }

    private static (double, double) Tolerance(FixtureCase c, double maxWant) => (1e-5, 1e-5 * Math.Max(1, maxWant));

    private static Reduction ReductionOf(FixtureCase c) => c.String("reduction") switch
    {
        "none" => Reduction.None,
        "mean" => Reduction.Mean,
        "sum" => Reduction.Sum,
        "batchmean" => Reduction.BatchMean,
        var r => throw new InvalidOperationException($"unknown reduction '{r}'"),
    };

    private static int IgnoreOf(FixtureCase c) => c.OptionalInt("ignore") ?? -100;

    private static Tensor? At(Tensor[] x, int i) => x.Length > i ? x[i] : null;

    private static Loss Make(FixtureCase c, Tensor[] x, string? op = null)
    {
        var r = ReductionOf(c);
        return (op ?? c.Op) switch
        {
            "loss_mse" => new MseLoss(r),
            "loss_l1" => new L1Loss(r),
            "loss_smooth_l1" => new SmoothL1Loss(r, c.Float("beta")),
            "loss_huber" => new HuberLoss(r, c.Float("delta")),
            "loss_cross_entropy" => new CrossEntropyLoss(c.Op == "loss_sample_weight" ? null : At(x, 2), IgnoreOf(c), c.Float("smoothing", 0f), r),
            "loss_nll" => new NllLoss(At(x, 2), IgnoreOf(c), r),
            "loss_bce" => new BceLoss(At(x, 2), r),
            "loss_bce_logits" => new BceWithLogitsLoss(At(x, 2), At(x, 3), r),
            "loss_kl_div" => new KlDivLoss(r, c.Bool("log_target")),
            "loss_focal" => new FocalLoss(c.Float("alpha"), c.Float("gamma"), r),
            _ => throw new InvalidOperationException($"{c.Name}: no loss class for op '{c.Op}'"),
        };
    }

    private static Tensor[] ApplyClass(FixtureCase c, Tensor[] x) => c.Op switch
    {
        "loss_sample_weight" => [Make(c, x, "loss_" + c.String("loss")).Forward(x[0], x[1], x[2])],
        "penalty_l1" => [Penalty.L1([x[0], x[1]], c.Float("lambda"))],
        "penalty_l2" => [Penalty.L2([x[0], x[1]], c.Float("lambda"))],
        _ => [Make(c, x).Forward(x[0], x[1])],
    };

    private static Tensor[] ApplyFunction(FixtureCase c, Tensor[] x)
    {
        var r = c.Has("reduction") ? ReductionOf(c) : Reduction.Mean;
        return c.Op switch
        {
            "loss_mse" => [Loss.Mse(x[0], x[1], r)],
            "loss_l1" => [Loss.L1(x[0], x[1], r)],
            "loss_smooth_l1" => [Loss.SmoothL1(x[0], x[1], c.Float("beta"), r)],
            "loss_huber" => [Loss.Huber(x[0], x[1], c.Float("delta"), r)],
            "loss_cross_entropy" => [Loss.CrossEntropy(x[0], x[1], At(x, 2), IgnoreOf(c), c.Float("smoothing"), r)],
            "loss_nll" => [Loss.Nll(x[0], x[1], At(x, 2), IgnoreOf(c), r)],
            "loss_bce" => [Loss.Bce(x[0], x[1], At(x, 2), r)],
            "loss_bce_logits" => [Loss.BceWithLogits(x[0], x[1], At(x, 2), At(x, 3), r)],
            "loss_kl_div" => [Loss.KlDiv(x[0], x[1], r, c.Bool("log_target"))],
            "loss_focal" => [Loss.Focal(x[0], x[1], c.Float("alpha"), c.Float("gamma"), r)],
            _ => ApplyClass(c, x),
        };
    }
}
