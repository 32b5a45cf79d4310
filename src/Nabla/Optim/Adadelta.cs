using Nabla.Kernels;

namespace Nabla.Optim;

/// <summary>
/// Adadelta (Zeiler, 2012), PyTorch's <c>torch.optim.Adadelta</c>. With decay ρ:
/// <code>
/// g = g + λθ
/// v = ρv + (1 − ρ)g²                          (square_avg)
/// Δ = √(u + ε) / √(v + ε) · g
/// u = ρu + (1 − ρ)Δ²                          (acc_delta)
/// θ = θ − ηΔ
/// </code>
/// </summary>
public sealed class Adadelta : Optimizer
{
    /// <summary>Adadelta over one group of parameters.</summary>
    /// <param name="parameters">Parameters to optimize.</param>
    /// <param name="lr">Coefficient η scaling Δ (PyTorch's default 1).</param>
    /// <param name="rho">Decay ρ of both running averages.</param>
    /// <param name="eps">ε inside the square roots.</param>
    /// <param name="weightDecay">Coupled L2 penalty λ.</param>
    /// <param name="maximize">Ascend the objective instead of descending.</param>
    public Adadelta(IEnumerable<Tensor> parameters, double lr = 1.0, double rho = 0.9, double eps = 1e-6, double weightDecay = 0,
                    bool maximize = false)
        : this([new ParamGroup(parameters)], lr, rho, eps, weightDecay, maximize)
    {
    }

    /// <summary>Adadelta over several parameter groups; options a group lacks come from the arguments.</summary>
    /// <inheritdoc cref="Adadelta(IEnumerable{Tensor}, double, double, double, double, bool)"/>
    public Adadelta(IEnumerable<ParamGroup> groups, double lr = 1.0, double rho = 0.9, double eps = 1e-6, double weightDecay = 0,
                    bool maximize = false)
        : base(groups, new()
        {
            ["lr"] = lr, ["rho"] = rho, ["eps"] = eps, ["weight_decay"] = weightDecay, ["maximize"] = maximize ? 1 : 0,
        })
    {
    }

    /// <inheritdoc/>
    protected override void ValidateGroup(ParamGroup group)
    {
        Require(group.Lr >= 0, "lr", group.Lr, "the learning rate must be non-negative");
        Require(group["rho"] is >= 0 and <= 1, "rho", group["rho"], "rho must be in [0, 1]");
        Require(group["eps"] >= 0, "eps", group["eps"], "eps must be non-negative");
        Require(group["weight_decay"] >= 0, "weight_decay", group["weight_decay"], "weight decay must be non-negative");
    }

    /// <inheritdoc/>
    protected override void Update(ParamGroup group, Tensor param, Tensor grad, ParamState state, float gradScale)
    {
        double rho = group["rho"];
        var squareAvg = state.GetOrCreate("square_avg", param);
        var accDelta = state.GetOrCreate("acc_delta", param);
        state.Step++;
        var k = new AdadeltaUpdate
        {
            GradScale = gradScale,
            WeightDecay = (float)group["weight_decay"],
            Rho = (float)rho,
            OneMinusRho = (float)(1 - rho),
            Eps = (float)group["eps"],
            NegLr = (float)-group.Lr,
        };
        var s = OptimizerSupport.Streams(param, grad, squareAvg, accDelta);
        OptimizerKernels.Run(param.Numel, s, ref k);
    }
}
