using Nabla.Kernels;

namespace Nabla.Optim;

/// <summary>
/// Adagrad (Duchi et al., 2011), PyTorch's <c>torch.optim.Adagrad</c>. With step t (from 1), learning-rate decay δ:
/// <code>
/// g = g + λθ
/// η̃ = η / (1 + (t − 1)δ)
/// s = s + g²                                  (sum, starting at initial_accumulator_value)
/// θ = θ − η̃ · g / (√s + ε)
/// </code>
/// </summary>
public sealed class Adagrad : Optimizer
{
    /// <summary>Adagrad over one group of parameters.</summary>
    /// <param name="parameters">Parameters to optimize.</param>
    /// <param name="lr">Learning rate η.</param>
    /// <param name="lrDecay">Learning-rate decay δ.</param>
    /// <param name="weightDecay">Coupled L2 penalty λ.</param>
    /// <param name="initialAccumulatorValue">Starting value of the sum of squares.</param>
    /// <param name="eps">ε added to the denominator.</param>
    /// <param name="maximize">Ascend the objective instead of descending.</param>
    public Adagrad(IEnumerable<Tensor> parameters, double lr = 1e-2, double lrDecay = 0, double weightDecay = 0,
                   double initialAccumulatorValue = 0, double eps = 1e-10, bool maximize = false)
        : this([new ParamGroup(parameters)], lr, lrDecay, weightDecay, initialAccumulatorValue, eps, maximize)
    {
    }

    /// <summary>Adagrad over several parameter groups; options a group lacks come from the arguments.</summary>
    /// <inheritdoc cref="Adagrad(IEnumerable{Tensor}, double, double, double, double, double, bool)"/>
    public Adagrad(IEnumerable<ParamGroup> groups, double lr = 1e-2, double lrDecay = 0, double weightDecay = 0,
                   double initialAccumulatorValue = 0, double eps = 1e-10, bool maximize = false)
        : base(groups, new()
        {
            ["lr"] = lr, ["lr_decay"] = lrDecay, ["weight_decay"] = weightDecay,
            ["initial_accumulator_value"] = initialAccumulatorValue, ["eps"] = eps, ["maximize"] = maximize ? 1 : 0,
        })
    {
    }

    /// <inheritdoc/>
    protected override void ValidateGroup(ParamGroup group)
    {
        Require(group.Lr >= 0, "lr", group.Lr, "the learning rate must be non-negative");
        Require(group["lr_decay"] >= 0, "lr_decay", group["lr_decay"], "lr_decay must be non-negative");
        Require(group["weight_decay"] >= 0, "weight_decay", group["weight_decay"], "weight decay must be non-negative");
        Require(group["initial_accumulator_value"] >= 0, "initial_accumulator_value", group["initial_accumulator_value"], "it must be non-negative");
        Require(group["eps"] >= 0, "eps", group["eps"], "eps must be non-negative");
    }

    /// <inheritdoc/>
    protected override void Update(ParamGroup group, Tensor param, Tensor grad, ParamState state, float gradScale)
    {
        var sum = state.GetOrCreate("sum", param, (float)group["initial_accumulator_value"]);
        long step = ++state.Step;
        var k = new AdagradUpdate
        {
            GradScale = gradScale,
            WeightDecay = (float)group["weight_decay"],
            Eps = (float)group["eps"],
            NegClr = (float)-(group.Lr / (1 + (step - 1) * group["lr_decay"])),
        };
        var s = OptimizerSupport.Streams(param, grad, sum);
        OptimizerKernels.Run(param.Numel, s, ref k);
    }
}
