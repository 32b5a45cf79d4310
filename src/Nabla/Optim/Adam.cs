using Nabla.Kernels;

namespace Nabla.Optim;

/// <summary>
/// Adam (Kingma &amp; Ba, 2015), PyTorch's <c>torch.optim.Adam</c>. With gradient g, step t, coupled weight decay λ:
/// <code>
/// g = g + λθ
/// m = β₁m + (1 − β₁)g                         (exp_avg)
/// v = β₂v + (1 − β₂)g²                        (exp_avg_sq)
/// v̂ = max(v̂, v) with amsgrad, else v          (max_exp_avg_sq)
/// θ = θ − η/(1 − β₁ᵗ) · m / (√v̂ / √(1 − β₂ᵗ) + ε)
/// </code>
/// The decay here is L2 regularization added to the gradient; see <see cref="AdamW"/> for decoupled weight decay.
/// </summary>
public sealed class Adam : Optimizer
{
    /// <summary>Adam over one group of parameters.</summary>
    /// <param name="parameters">Parameters to optimize.</param>
    /// <param name="lr">Learning rate η.</param>
    /// <param name="beta1">Decay β₁ of the first moment.</param>
    /// <param name="beta2">Decay β₂ of the second moment.</param>
    /// <param name="eps">ε added to the denominator.</param>
    /// <param name="weightDecay">Coupled L2 penalty λ.</param>
    /// <param name="amsgrad">Use the running maximum of v (AMSGrad).</param>
    /// <param name="maximize">Ascend the objective instead of descending.</param>
    public Adam(IEnumerable<Tensor> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8,
                double weightDecay = 0, bool amsgrad = false, bool maximize = false)
        : this([new ParamGroup(parameters)], lr, beta1, beta2, eps, weightDecay, amsgrad, maximize)
    {
    }

    /// <summary>Adam over several parameter groups; options a group lacks come from the arguments.</summary>
    /// <inheritdoc cref="Adam(IEnumerable{Tensor}, double, double, double, double, double, bool, bool)"/>
    public Adam(IEnumerable<ParamGroup> groups, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8,
                double weightDecay = 0, bool amsgrad = false, bool maximize = false)
        : base(groups, AdamCore.Defaults(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize))
    {
    }

    /// <inheritdoc/>
    protected override void ValidateGroup(ParamGroup group) => AdamCore.Validate(this, group);

    /// <inheritdoc/>
    protected override void Update(ParamGroup group, Tensor param, Tensor grad, ParamState state, float gradScale) =>
        AdamCore.Update(group, param, grad, state, gradScale, decoupled: false);
}

/// <summary>The update shared by <see cref="Adam"/> and <see cref="AdamW"/>.</summary>
internal static class AdamCore
{
    public static Dictionary<string, double> Defaults(double lr, double beta1, double beta2, double eps, double weightDecay,
                                                      bool amsgrad, bool maximize) => new()
    {
        ["lr"] = lr, ["beta1"] = beta1, ["beta2"] = beta2, ["eps"] = eps, ["weight_decay"] = weightDecay,
        ["amsgrad"] = amsgrad ? 1 : 0, ["maximize"] = maximize ? 1 : 0,
    };

    public static void Validate(Optimizer o, ParamGroup g) => OptimizerSupport.RequireAdamFamily(o, g);

    public static void Update(ParamGroup group, Tensor param, Tensor grad, ParamState state, float gradScale, bool decoupled)
    {
        double lr = group.Lr, beta1 = group["beta1"], beta2 = group["beta2"], wd = group["weight_decay"];
        bool amsgrad = group.Flag("amsgrad");
        var expAvg = state.GetOrCreate("exp_avg", param);
        var expAvgSq = state.GetOrCreate("exp_avg_sq", param);
        var maxSq = amsgrad ? state.GetOrCreate("max_exp_avg_sq", param) : null;
        long step = ++state.Step;
        double bc1 = 1 - Math.Pow(beta1, step);
        double bc2 = 1 - Math.Pow(beta2, step);
        var k = new AdamUpdate
        {
            GradScale = gradScale,
            CoupledDecay = decoupled ? 0f : (float)wd,
            DecoupledFactor = (float)(1 - lr * wd),
            Decoupled = decoupled,
            Beta1 = (float)beta1,
            OneMinusBeta1 = (float)(1 - beta1),
            Beta2 = (float)beta2,
            OneMinusBeta2 = (float)(1 - beta2),
            Bc2Sqrt = (float)Math.Sqrt(bc2),
            Eps = (float)group["eps"],
            NegStepSize = (float)-(lr / bc1),
            AmsGrad = amsgrad,
        };
        var s = OptimizerSupport.Streams(param, grad, expAvg, expAvgSq, maxSq);
        OptimizerKernels.Run(param.Numel, s, ref k);
    }
}
