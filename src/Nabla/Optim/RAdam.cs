using Nabla.Kernels;

namespace Nabla.Optim;

/// <summary>
/// RAdam (Liu et al., 2020), PyTorch's <c>torch.optim.RAdam</c>: Adam with the variance of the adaptive step
/// rectified, falling back to momentum SGD while the variance estimate is unreliable.
/// <code>
/// g = g + λθ
/// m = β₁m + (1 − β₁)g;  v = β₂v + (1 − β₂)g²;  m̂ = m/(1 − β₁ᵗ)
/// ρ∞ = 2/(1 − β₂) − 1,  ρₜ = ρ∞ − 2tβ₂ᵗ/(1 − β₂ᵗ)
/// ρₜ &gt; 5:  r = √((ρₜ − 4)(ρₜ − 2)ρ∞ / ((ρ∞ − 4)(ρ∞ − 2)ρₜ)),  θ = θ − η·m̂·√(1 − β₂ᵗ)/(√v + ε)·r
/// else:     θ = θ − η·m̂
/// </code>
/// </summary>
public sealed class RAdam : Optimizer
{
    /// <summary>RAdam over one group of parameters.</summary>
    /// <param name="parameters">Parameters to optimize.</param>
    /// <param name="lr">Learning rate η.</param>
    /// <param name="beta1">Decay β₁ of the first moment.</param>
    /// <param name="beta2">Decay β₂ of the second moment.</param>
    /// <param name="eps">ε added to the denominator.</param>
    /// <param name="weightDecay">Coupled L2 penalty λ.</param>
    /// <param name="maximize">Ascend the objective instead of descending (not in PyTorch 1.13's RAdam).</param>
    public RAdam(IEnumerable<Tensor> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8,
                 double weightDecay = 0, bool maximize = false)
        : this([new ParamGroup(parameters)], lr, beta1, beta2, eps, weightDecay, maximize)
    {
    }

    /// <summary>RAdam over several parameter groups; options a group lacks come from the arguments.</summary>
    /// <inheritdoc cref="RAdam(IEnumerable{Tensor}, double, double, double, double, double, bool)"/>
    public RAdam(IEnumerable<ParamGroup> groups, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8,
                 double weightDecay = 0, bool maximize = false)
        : base(groups, new()
        {
            ["lr"] = lr, ["beta1"] = beta1, ["beta2"] = beta2, ["eps"] = eps, ["weight_decay"] = weightDecay,
            ["maximize"] = maximize ? 1 : 0,
        })
    {
    }

    /// <inheritdoc/>
    protected override void ValidateGroup(ParamGroup group) => OptimizerSupport.RequireAdamFamily(this, group);

    /// <inheritdoc/>
    protected override void Update(ParamGroup group, Tensor param, Tensor grad, ParamState state, float gradScale)
    {
        double beta1 = group["beta1"], beta2 = group["beta2"];
        var expAvg = state.GetOrCreate("exp_avg", param);
        var expAvgSq = state.GetOrCreate("exp_avg_sq", param);
        long step = ++state.Step;
        double bc1 = 1 - Math.Pow(beta1, step);
        double bc2 = 1 - Math.Pow(beta2, step);
        double rhoInf = 2 / (1 - beta2) - 1;
        double rhoT = rhoInf - 2 * step * Math.Pow(beta2, step) / bc2;
        bool rectified = rhoT > 5.0;
        double rect = rectified ? Math.Sqrt((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT)) : 1;
        var k = new RAdamUpdate
        {
            GradScale = gradScale,
            WeightDecay = (float)group["weight_decay"],
            Beta1 = (float)beta1,
            OneMinusBeta1 = (float)(1 - beta1),
            Beta2 = (float)beta2,
            OneMinusBeta2 = (float)(1 - beta2),
            Bc1 = (float)bc1,
            Bc2Sqrt = (float)Math.Sqrt(bc2),
            Eps = (float)group["eps"],
            Lr = (float)group.Lr,
            Rect = (float)rect,
            Rectified = rectified,
        };
        var s = OptimizerSupport.Streams(param, grad, expAvg, expAvgSq);
        OptimizerKernels.Run(param.Numel, s, ref k);
    }
}
