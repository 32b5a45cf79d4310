using Nabla.Kernels;

namespace Nabla.Optim;

/// <summary>
/// Adamax (Kingma &amp; Ba, 2015, §7.1), PyTorch's <c>torch.optim.Adamax</c>: Adam with the infinity norm.
/// <code>
/// g = g + λθ
/// m = β₁m + (1 − β₁)g                         (exp_avg)
/// u = max(β₂u, |g| + ε)                       (exp_inf)
/// θ = θ − η/(1 − β₁ᵗ) · m/u
/// </code>
/// </summary>
public sealed class Adamax : Optimizer
{
    /// <summary>Adamax over one group of parameters.</summary>
    /// <param name="parameters">Parameters to optimize.</param>
    /// <param name="lr">Learning rate η.</param>
    /// <param name="beta1">Decay β₁ of the first moment.</param>
    /// <param name="beta2">Decay β₂ of the infinity norm.</param>
    /// <param name="eps">ε added to |g|.</param>
    /// <param name="weightDecay">Coupled L2 penalty λ.</param>
    /// <param name="maximize">Ascend the objective instead of descending.</param>
    public Adamax(IEnumerable<Tensor> parameters, double lr = 2e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8,
                  double weightDecay = 0, bool maximize = false)
        : this([new ParamGroup(parameters)], lr, beta1, beta2, eps, weightDecay, maximize)
    {
    }

    /// <summary>Adamax over several parameter groups; options a group lacks come from the arguments.</summary>
    /// <inheritdoc cref="Adamax(IEnumerable{Tensor}, double, double, double, double, double, bool)"/>
    public Adamax(IEnumerable<ParamGroup> groups, double lr = 2e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8,
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
        double beta1 = group["beta1"];
        var expAvg = state.GetOrCreate("exp_avg", param);
        var expInf = state.GetOrCreate("exp_inf", param);
        long step = ++state.Step;
        var k = new AdamaxUpdate
        {
            GradScale = gradScale,
            WeightDecay = (float)group["weight_decay"],
            Beta1 = (float)beta1,
            OneMinusBeta1 = (float)(1 - beta1),
            Beta2 = (float)group["beta2"],
            Eps = (float)group["eps"],
            NegClr = (float)-(group.Lr / (1 - Math.Pow(beta1, step))),
        };
        var s = OptimizerSupport.Streams(param, grad, expAvg, expInf);
        OptimizerKernels.Run(param.Numel, s, ref k);
    }
}
