using Nabla.Kernels;

namespace Nabla.Nn.Recurrent;

/// <summary>
/// One GRU step, PyTorch's <c>nn.GRUCell</c>: r = σ(W_ir x + b_ir + W_hr h + b_hr), z = σ(W_iz x + b_iz + W_hz h + b_hz),
/// n = tanh(W_in x + b_in + r·(W_hn h + b_hn)), h′ = (1 − z)·n + z·h. Parameters <c>weight_ih</c> [3H, in],
/// <c>weight_hh</c> [3H, H], <c>bias_ih</c>, <c>bias_hh</c> [3H] (rows r, z, n).
/// </summary>
public sealed class GRUCell : RecurrentCell
{
    /// <summary>Creates the cell, initialized U(−1/√H, 1/√H).</summary>
    public GRUCell(int inputSize, int hiddenSize, bool bias = true, Generator? generator = null)
        : base(RecurrentCellKind.Gru, inputSize, hiddenSize, bias, generator)
    {
    }

    /// <summary>h′ for <paramref name="input"/> [N, in] from a zero state.</summary>
    public override Tensor Forward(Tensor input) => Run(input);

    /// <summary>One step from <paramref name="h"/> ([N, H], zeros when null; [H] for an unbatched input); returns h′.</summary>
    public Tensor Run(Tensor input, Tensor? h = null) => Unbatch(Step(input, h, null).Select(0, 1), input);
}
