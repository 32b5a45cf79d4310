using Nabla.Kernels;

namespace Nabla.Optim;

/// <summary>
/// Lion, "EvoLved Sign Momentum" (Chen et al., 2023, Algorithm 2); not part of PyTorch 1.13. With decoupled
/// weight decay λ:
/// <code>
/// c = β₁m + (1 − β₁)g
/// θ = θ(1 − ηλ) − η·sign(c)
/// m = β₂m + (1 − β₂)g                         (exp_avg)
/// </code>
/// Every coordinate moves by exactly η (plus decay), so the paper advises a learning rate 3–10× smaller than
/// AdamW's and a weight decay 3–10× larger.
/// </summary>
public sealed class Lion : Optimizer
{
    /// <summary>Lion over one group of parameters.</summary>
    /// <param name="parameters">Parameters to optimize.</param>
    /// <param name="lr">Learning rate η.</param>
    /// <param name="beta1">Interpolation β₁ for the update direction.</param>
    /// <param name="beta2">Decay β₂ of the momentum.</param>
    /// <param name="weightDecay">Decoupled weight decay λ.</param>
    /// <param name="maximize">Ascend the objective instead of descending.</param>
    public Lion(IEnumerable<Tensor> parameters, double lr = 1e-4, double beta1 = 0.9, double beta2 = 0.99, double weightDecay = 0,
                bool maximize = false)
        : this([new ParamGroup(parameters)], lr, beta1, beta2, weightDecay, maximize)
    {
    }

    /// <summary>Lion over several parameter groups; options a group lacks come from the arguments.</summary>
    /// <inheritdoc cref="Lion(IEnumerable{Tensor}, double, double, double, double, bool)"/>
    public Lion(IEnumerable<ParamGroup> groups, double lr = 1e-4, double beta1 = 0.9, double beta2 = 0.99, double weightDecay = 0,
                bool maximize = false)
        : base(groups, new()
        {
            ["lr"] = lr, ["beta1"] = beta1, ["beta2"] = beta2, ["weight_decay"] = weightDecay, ["maximize"] = maximize ? 1 : 0,
        })
    {
    }

    /// <inheritdoc/>
    protected override void ValidateGroup(ParamGroup group)
    {
        Require(group.Lr >= 0, "lr", group.Lr, "the learning rate must be non-negative");
        Require(group["weight_decay"] >= 0, "weight_decay", group["weight_decay"], "weight decay must be non-negative");
        Require(group["beta1"] is >= 0 and <= 1, "beta1", group["beta1"], "beta1 must be in [0, 1]");
        Require(group["beta2"] is >= 0 and < 1, "beta2", group["beta2"], "beta2 must be in [0, 1)");
    }

    /// <inheritdoc/>
    protected override void Update(ParamGroup group, Tensor param, Tensor grad, ParamState state, float gradScale)
    {
        double lr = group.Lr, beta1 = group["beta1"], beta2 = group["beta2"];
        var expAvg = state.GetOrCreate("exp_avg", param);
        state.Step++;
        var k = new LionUpdate
        {
            GradScale = gradScale,
            DecayFactor = (float)(1 - lr * group["weight_decay"]),
            Beta1 = (float)beta1,
            OneMinusBeta1 = (float)(1 - beta1),
            Beta2 = (float)beta2,
            OneMinusBeta2 = (float)(1 - beta2),
            Lr = (float)lr,
        };
        var s = OptimizerSupport.Streams(param, grad, expAvg);
        OptimizerKernels.Run(param.Numel, s, ref k);
    }
}
