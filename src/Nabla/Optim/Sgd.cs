using Nabla.Kernels;

namespace Nabla.Optim;

/// <summary>
/// Stochastic gradient descent with optional momentum, PyTorch's <c>torch.optim.SGD</c>. With gradient g,
/// weight decay λ, momentum μ, dampening τ and learning rate η, each step computes
/// <code>
/// d = g + λθ                                  (coupled L2 weight decay)
/// b = d                  on the first step,  b = μb + (1 − τ)d  afterwards   (momentum_buffer, μ ≠ 0)
/// d = d + μb  (Nesterov)   or   d = b
/// θ = θ − ηd
/// </code>
/// With <c>ema</c> set the buffer is instead an exponential moving average from zero, b = μb + (1 − μ)g on every
/// step (the "EMA form" of momentum used in many textbooks); its steps are (1 − μ) times PyTorch's at steady
/// state, so the learning rate must be scaled up by 1 / (1 − μ) to compare.
/// </summary>
public sealed class Sgd : Optimizer
{
    /// <summary>SGD over one group of parameters.</summary>
    /// <param name="parameters">Parameters to optimize.</param>
    /// <param name="lr">Learning rate η.</param>
    /// <param name="momentum">Momentum factor μ (0 for plain SGD).</param>
    /// <param name="dampening">Dampening τ of the momentum update.</param>
    /// <param name="weightDecay">Coupled L2 penalty λ.</param>
    /// <param name="nesterov">Nesterov momentum (needs μ &gt; 0 and τ = 0).</param>
    /// <param name="maximize">Ascend the objective instead of descending.</param>
    /// <param name="ema">Use the EMA form b = μb + (1 − μ)g (buffer starting at zero) instead of PyTorch's.</param>
    public Sgd(IEnumerable<Tensor> parameters, double lr, double momentum = 0, double dampening = 0, double weightDecay = 0,
               bool nesterov = false, bool maximize = false, bool ema = false)
        : this([new ParamGroup(parameters)], lr, momentum, dampening, weightDecay, nesterov, maximize, ema)
    {
    }

    /// <summary>SGD over several parameter groups; options a group lacks come from the arguments.</summary>
    /// <inheritdoc cref="Sgd(IEnumerable{Tensor}, double, double, double, double, bool, bool, bool)"/>
    public Sgd(IEnumerable<ParamGroup> groups, double lr, double momentum = 0, double dampening = 0, double weightDecay = 0,
               bool nesterov = false, bool maximize = false, bool ema = false)
        : base(groups, new()
        {
            ["lr"] = lr, ["momentum"] = momentum, ["dampening"] = dampening, ["weight_decay"] = weightDecay,
            ["nesterov"] = nesterov ? 1 : 0, ["maximize"] = maximize ? 1 : 0, ["ema"] = ema ? 1 : 0,
        })
    {
    }

    /// <inheritdoc/>
    protected override void ValidateGroup(ParamGroup group)
    {
        Require(group.Lr >= 0, "lr", group.Lr, "the learning rate must be non-negative");
        Require(group["momentum"] >= 0, "momentum", group["momentum"], "momentum must be non-negative");
        Require(group["weight_decay"] >= 0, "weight_decay", group["weight_decay"], "weight decay must be non-negative");
        Require(!group.Flag("nesterov") || (group["momentum"] > 0 && group["dampening"] == 0), "nesterov", 1,
                "Nesterov momentum requires momentum > 0 and dampening = 0");
    }

    /// <inheritdoc/>
    protected override void Update(ParamGroup group, Tensor param, Tensor grad, ParamState state, float gradScale)
    {
        double momentum = group["momentum"];
        bool ema = group.Flag("ema");
        var k = new SgdUpdate
        {
            GradScale = gradScale,
            WeightDecay = (float)group["weight_decay"],
            Momentum = (float)momentum,
            DampFactor = (float)(1 - (ema ? momentum : group["dampening"])),
            NegLr = (float)-group.Lr,
            UseMomentum = momentum != 0,
            Nesterov = group.Flag("nesterov"),
        };
        Tensor? buf = null;
        if (k.UseMomentum)
        {
            k.FirstStep = !ema && !state.Tensors.ContainsKey("momentum_buffer");
            buf = state.GetOrCreate("momentum_buffer", param);
        }
        state.Step++;
        var s = OptimizerSupport.Streams(param, grad, buf);
        OptimizerKernels.Run(param.Numel, s, ref k);
    }
}
