using Nabla.Kernels;

namespace Nabla.Optim;

/// <summary>Helpers shared by the optimizers: kernel streams and common hyper-parameter checks.</summary>
internal static class OptimizerSupport
{
    /// <summary>The streams of one update: parameter, gradient and up to three state tensors.</summary>
    public static unsafe UpdateStreams Streams(Tensor param, Tensor grad, Tensor? a = null, Tensor? b = null, Tensor? c = null) =>
        new()
        {
            P = param.Pointer,
            G = grad.Pointer,
            A = a is null ? null : a.Pointer,
            B = b is null ? null : b.Pointer,
            C = c is null ? null : c.Pointer,
        };

    /// <summary>Checks lr, eps, weight_decay and betas in [0, 1).</summary>
    public static void RequireAdamFamily(Optimizer o, ParamGroup g)
    {
        o.Require(g.Lr >= 0, "lr", g.Lr, "the learning rate must be non-negative");
        o.Require(g["eps"] >= 0, "eps", g["eps"], "eps must be non-negative");
        o.Require(g["weight_decay"] >= 0, "weight_decay", g["weight_decay"], "weight decay must be non-negative");
        o.Require(g["beta1"] is >= 0 and < 1, "beta1", g["beta1"], "beta1 must be in [0, 1)");
        o.Require(g["beta2"] is >= 0 and < 1, "beta2", g["beta2"], "beta2 must be in [0, 1)");
    }
}
