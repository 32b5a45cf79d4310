using Nabla.Kernels;

namespace Nabla.Optim;

/// <summary>
/// RMSprop (Hinton, 2012), PyTorch's <c>torch.optim.RMSprop</c>. With smoothing α, momentum μ:
/// <code>
/// g = g + λθ
/// v = αv + (1 − α)g²                          (square_avg)
/// centered:  ḡ = αḡ + (1 − α)g  (grad_avg),  a = √(v − ḡ²) + ε;   otherwise a = √v + ε
/// μ &gt; 0:  b = μb + g/a  (momentum_buffer),  θ = θ − ηb;   otherwise θ = θ − η·g/a
/// </code>
/// </summary>
public sealed class RmsProp : Optimizer
{
    /// <summary>RMSprop over one group of parameters.</summary>
    /// <param name="parameters">Parameters to optimize.</param>
    /// <param name="lr">Learning rate η.</param>
    /// <param name="alpha">Smoothing constant α of the squared-gradient average.</param>
    /// <param name="eps">ε added to the denominator.</param>
    /// <param name="weightDecay">Coupled L2 penalty λ.</param>
    /// <param name="momentum">Momentum factor μ.</param>
    /// <param name="centered">Normalize by the estimated variance instead of the raw second moment.</param>
    /// <param name="maximize">Ascend the objective instead of descending.</param>
    public RmsProp(IEnumerable<Tensor> parameters, double lr = 1e-2, double alpha = 0.99, double eps = 1e-8, double weightDecay = 0,
                   double momentum = 0, bool centered = false, bool maximize = false)
        : this([new ParamGroup(parameters)], lr, alpha, eps, weightDecay, momentum, centered, maximize)
    {
    }

    /// <summary>RMSprop over several parameter groups; options a group lacks come from the arguments.</summary>
    /// <inheritdoc cref="RmsProp(IEnumerable{Tensor}, double, double, double, double, double, bool, bool)"/>
    public RmsProp(IEnumerable<ParamGroup> groups, double lr = 1e-2, double alpha = 0.99, double eps = 1e-8, double weightDecay = 0,
                   double momentum = 0, bool centered = false, bool maximize = false)
        : base(groups, new()
        {
            ["lr"] = lr, ["alpha"] = alpha, ["eps"] = eps, ["weight_decay"] = weightDecay, ["momentum"] = momentum,
            ["centered"] = centered ? 1 : 0, ["maximize"] = maximize ? 1 : 0,
        })
    {
    }

    /// <inheritdoc/>
    protected override void ValidateGroup(ParamGroup group)
    {
        Require(group.Lr >= 0, "lr", group.Lr, "the learning rate must be non-negative");
        Require(group["alpha"] >= 0, "alpha", group["alpha"], "alpha must be non-negative");
        Require(group["eps"] >= 0, "eps", group["eps"], "eps must be non-negative");
        Require(group["momentum"] >= 0, "momentum", group["momentum"], "momentum must be non-negative");
        Require(group["weight_decay"] >= 0, "weight_decay", group["weight_decay"], "weight decay must be non-negative");
    }

    /// <inheritdoc/>
    protected override void Update(ParamGroup group, Tensor param, Tensor grad, ParamState state, float gradScale)
    {
        double alpha = group["alpha"], momentum = group["momentum"];
        bool centered = group.Flag("centered");
        var squareAvg = state.GetOrCreate("square_avg", param);
        var gradAvg = centered ? state.GetOrCreate("grad_avg", param) : null;
        var buf = momentum > 0 ? state.GetOrCreate("momentum_buffer", param) : null;
        state.Step++;
        var k = new RmsPropUpdate
        {
            GradScale = gradScale,
            WeightDecay = (float)group["weight_decay"],
            Alpha = (float)alpha,
            OneMinusAlpha = (float)(1 - alpha),
            Eps = (float)group["eps"],
            Momentum = (float)momentum,
            NegLr = (float)-group.Lr,
            Centered = centered,
            UseMomentum = momentum > 0,
        };
        var s = OptimizerSupport.Streams(param, grad, squareAvg, gradAvg, buf);
        OptimizerKernels.Run(param.Numel, s, ref k);
    }
}
