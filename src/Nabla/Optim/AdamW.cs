namespace Nabla.Optim;

/// <summary>
/// AdamW (Loshchilov &amp; Hutter, 2019), PyTorch's <c>torch.optim.AdamW</c>: Adam with decoupled weight decay.
/// <code>
/// θ = θ(1 − ηλ)                               (decoupled: not part of the gradient statistics)
/// m = β₁m + (1 − β₁)g;  v = β₂v + (1 − β₂)g²;  v̂ = max(v̂, v) with amsgrad, else v
/// θ = θ − η/(1 − β₁ᵗ) · m / (√v̂ / √(1 − β₂ᵗ) + ε)
/// </code>
/// Unlike <see cref="Adam"/>'s coupled L2 term, whose effect is divided by √v̂ and so is weak on parameters with
/// large gradients, every weight here shrinks by the same factor 1 − ηλ per step.
/// </summary>
public sealed class AdamW : Optimizer
{
    /// <summary>AdamW over one group of parameters.</summary>
    /// <param name="parameters">Parameters to optimize.</param>
    /// <param name="lr">Learning rate η.</param>
    /// <param name="beta1">Decay β₁ of the first moment.</param>
    /// <param name="beta2">Decay β₂ of the second moment.</param>
    /// <param name="eps">ε added to the denominator.</param>
    /// <param name="weightDecay">Decoupled weight decay λ (PyTorch's default 0.01).</param>
    /// <param name="amsgrad">Use the running maximum of v (AMSGrad).</param>
    /// <param name="maximize">Ascend the objective instead of descending.</param>
    public AdamW(IEnumerable<Tensor> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8,
                 double weightDecay = 1e-2, bool amsgrad = false, bool maximize = false)
        : this([new ParamGroup(parameters)], lr, beta1, beta2, eps, weightDecay, amsgrad, maximize)
    {
    }

    /// <summary>AdamW over several parameter groups; options a group lacks come from the arguments.</summary>
    /// <inheritdoc cref="AdamW(IEnumerable{Tensor}, double, double, double, double, double, bool, bool)"/>
    public AdamW(IEnumerable<ParamGroup> groups, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8,
                 double weightDecay = 1e-2, bool amsgrad = false, bool maximize = false)
        : base(groups, AdamCore.Defaults(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize))
    {
    }

    /// <inheritdoc/>
    protected override void ValidateGroup(ParamGroup group) => AdamCore.Validate(this, group);

    /// <inheritdoc/>
    protected override void Update(ParamGroup group, Tensor param, Tensor grad, ParamState state, float gradScale) =>
        AdamCore.Update(group, param, grad, state, gradScale, decoupled: true);
}
