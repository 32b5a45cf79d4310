using Nabla.Kernels;

namespace Nabla.Optim;

/// <summary>
/// NAdam (Dozat, 2016), PyTorch 2.x's <c>torch.optim.NAdam</c>: Adam with Nesterov momentum and a momentum schedule.
/// (PyTorch 1.13 multiplies Πₜμₜ₊₁ by one extra μₜ, a bug fixed in 2.0; Nabla follows 2.x.)
/// With momentum decay ψ:
/// <code>
/// g = g + λθ
/// μₜ = β₁(1 − ½·0.96^(tψ)),  μₜ₊₁ = β₁(1 − ½·0.96^((t+1)ψ)),  Πₜ = Π_{i≤t} μᵢ  (mu_product, float32 as in PyTorch)
/// m = β₁m + (1 − β₁)g;  v = β₂v + (1 − β₂)g²
/// d = √(v / (1 − β₂ᵗ)) + ε
/// θ = θ − η(1 − μₜ)/(1 − Πₜ) · g/d − ημₜ₊₁/(1 − Πₜμₜ₊₁) · m/d
/// </code>
/// </summary>
public sealed class NAdam : Optimizer
{
    /// <summary>NAdam over one group of parameters.</summary>
    /// <param name="parameters">Parameters to optimize.</param>
    /// <param name="lr">Learning rate η.</param>
    /// <param name="beta1">Decay β₁ of the first moment.</param>
    /// <param name="beta2">Decay β₂ of the second moment.</param>
    /// <param name="eps">ε added to the denominator.</param>
    /// <param name="weightDecay">Coupled L2 penalty λ.</param>
    /// <param name="momentumDecay">Momentum decay ψ.</param>
    /// <param name="maximize">Ascend the objective instead of descending (not in PyTorch 1.13's NAdam).</param>
    public NAdam(IEnumerable<Tensor> parameters, double lr = 2e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8,
                 double weightDecay = 0, double momentumDecay = 4e-3, bool maximize = false)
        : this([new ParamGroup(parameters)], lr, beta1, beta2, eps, weightDecay, momentumDecay, maximize)
    {
    }

    /// <summary>NAdam over several parameter groups; options a group lacks come from the arguments.</summary>
    /// <inheritdoc cref="NAdam(IEnumerable{Tensor}, double, double, double, double, double, double, bool)"/>
    public NAdam(IEnumerable<ParamGroup> groups, double lr = 2e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8,
                 double weightDecay = 0, double momentumDecay = 4e-3, bool maximize = false)
        : base(groups, new()
        {
            ["lr"] = lr, ["beta1"] = beta1, ["beta2"] = beta2, ["eps"] = eps, ["weight_decay"] = weightDecay,
            ["momentum_decay"] = momentumDecay, ["maximize"] = maximize ? 1 : 0,
        })
    {
    }

    /// <inheritdoc/>
    protected override void ValidateGroup(ParamGroup group)
    {
        OptimizerSupport.RequireAdamFamily(this, group);
        Require(group["momentum_decay"] >= 0, "momentum_decay", group["momentum_decay"], "momentum_decay must be non-negative");
    }

    /// <inheritdoc/>
    protected override void Update(ParamGroup group, Tensor param, Tensor grad, ParamState state, float gradScale)
    {
        double lr = group.Lr, beta1 = group["beta1"], beta2 = group["beta2"], psi = group["momentum_decay"];
        var expAvg = state.GetOrCreate("exp_avg", param);
        var expAvgSq = state.GetOrCreate("exp_avg_sq", param);
        long step = ++state.Step;
        double mu = beta1 * (1.0 - 0.5 * Math.Pow(0.96, step * psi));
        double muNext = beta1 * (1.0 - 0.5 * Math.Pow(0.96, (step + 1) * psi));
        float muProduct = (float)state.Scalar("mu_product", 1.0) * (float)mu;
        float muProductNext = muProduct * (float)muNext;
        state.SetScalar("mu_product", muProduct);
        var k = new NAdamUpdate
        {
            GradScale = gradScale,
            WeightDecay = (float)group["weight_decay"],
            Beta1 = (float)beta1,
            OneMinusBeta1 = (float)(1 - beta1),
            Beta2 = (float)beta2,
            OneMinusBeta2 = (float)(1 - beta2),
            Bc2 = (float)(1 - Math.Pow(beta2, step)),
            Eps = (float)group["eps"],
            GradCoef = (float)(-lr * (1.0 - mu) / (1.0 - muProduct)),
            AvgCoef = (float)(-lr * muNext / (1.0 - muProductNext)),
        };
        var s = OptimizerSupport.Streams(param, grad, expAvg, expAvgSq);
        OptimizerKernels.Run(param.Numel, s, ref k);
    }
}
