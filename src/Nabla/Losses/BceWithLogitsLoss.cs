using Nabla.Kernels;

namespace Nabla.Losses;

/// <summary>
/// Binary cross-entropy on logits (PyTorch's <c>nn.BCEWithLogitsLoss</c>), sigmoid and BCE in one stable element-wise
/// kernel: ℓᵢ = wᵢ·((1 − yᵢ)·xᵢ + lᵢ·softplus(−xᵢ)) with lᵢ = 1 + (pwᵢ − 1)·yᵢ, i.e.
/// −wᵢ·(pwᵢ·yᵢ·log σ(xᵢ) + (1 − yᵢ)·log(1 − σ(xᵢ))). The positive-class weight pw (e.g. [C], broadcast along the
/// last dimension) trades recall for precision. Gradient wᵢ·((1 − yᵢ) − lᵢ·σ(−xᵢ)). Target and weights get no gradient.
/// </summary>
public sealed class BceWithLogitsLoss : Loss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="weight">Element weights broadcast to the input's shape, or null.</param>
    /// <param name="posWeight">Positive-class weights broadcast to the input's shape, or null for 1.</param>
    /// <param name="reduction">How the element losses are reduced.</param>
    public BceWithLogitsLoss(Tensor? weight = null, Tensor? posWeight = null, Reduction reduction = Reduction.Mean) : base(reduction)
    {
        Weight = weight;
        PosWeight = posWeight;
    }

    /// <summary>Element weights, or null.</summary>
    public Tensor? Weight { get; }

    /// <summary>Positive-class weights, or null.</summary>
    public Tensor? PosWeight { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor prediction, Tensor target) => Compute(prediction, target, Reduction);

    /// <inheritdoc/>
    protected override Tensor Compute(Tensor prediction, Tensor target, Reduction reduction) =>
        BceWithLogits(prediction, target, Weight, PosWeight, reduction);
}

public abstract partial class Loss
{
    /// <summary>Binary cross-entropy on logits (see <see cref="BceWithLogitsLoss"/>).</summary>
    /// <exception cref="ArgumentException">The shapes differ, or a weight does not broadcast to the input's shape.</exception>
    public static unsafe Tensor BceWithLogits(Tensor logits, Tensor target, Tensor? weight = null, Tensor? posWeight = null,
                                              Reduction reduction = Reduction.Mean)
    {
        CheckSameShape("BceWithLogitsLoss", logits, target);
        CheckReduction(reduction, false, "BceWithLogitsLoss");
        var x = Constant(logits);
        var t = Constant(target);
        var w = BroadcastConstant("BceWithLogitsLoss", "weight", weight, logits);
        var pw = BroadcastConstant("BceWithLogitsLoss", "posWeight", posWeight, logits);
        var loss = Tensor.Allocate(logits.Shape);
        BinaryCrossEntropyKernel.ForwardLogits(x.Pointer, t.Pointer, w is null ? null : w.Pointer, pw is null ? null : pw.Pointer,
                                               loss.Pointer, loss.Numel);
        if (logits.RequiresGrad && Autograd.IsEnabled) loss.SetGradFn(new BceNode(logits, x, t, w, pw, logits: true));
        return Reduce(loss, reduction);
    }
}
