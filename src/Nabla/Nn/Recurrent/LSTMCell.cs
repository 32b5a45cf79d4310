using Nabla.Kernels;

namespace Nabla.Nn.Recurrent;

/// <summary>
/// One LSTM step, PyTorch's <c>nn.LSTMCell</c>: i = σ(Wᵢᵢx + bᵢᵢ + Wₕᵢh + bₕᵢ), f = σ(…), g = tanh(…), o = σ(…)
/// (gate order i, f, g, o), c′ = f·c + i·g, h′ = o·tanh(c′). Parameters <c>weight_ih</c> [4H, in],
/// <c>weight_hh</c> [4H, H], <c>bias_ih</c>, <c>bias_hh</c> [4H].
/// </summary>
public sealed class LSTMCell : RecurrentCell
{
    /// <summary>Creates the cell, initialized U(−1/√H, 1/√H).</summary>
    public LSTMCell(int inputSize, int hiddenSize, bool bias = true, Generator? generator = null)
        : base(RecurrentCellKind.Lstm, inputSize, hiddenSize, bias, generator)
    {
    }

    /// <summary>h′ for <paramref name="input"/> [N, in] from zero states.</summary>
    public override Tensor Forward(Tensor input) => Run(input).H;

    /// <summary>
    /// One step from (<paramref name="h"/>, <paramref name="c"/>) (each [N, H], zeros when null; [H] for an
    /// unbatched [in] input); returns (h′, c′).
    /// </summary>
    public (Tensor H, Tensor C) Run(Tensor input, Tensor? h = null, Tensor? c = null)
    {
        var packed = Step(input, h, c);
        return (Unbatch(packed.Select(0, 1), input), Unbatch(packed.Select(0, 2), input));
    }
}
