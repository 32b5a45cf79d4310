using Nabla.Kernels;

namespace Nabla.Nn.Recurrent;

/// <summary>
/// Elman recurrent network, PyTorch's <c>nn.RNN</c>: hₜ = act(Wᵢₕxₜ + bᵢₕ + Wₕₕhₜ₋₁ + bₕₕ) with act tanh or ReLU,
/// for each layer and direction. Parameters <c>weight_ih_l{k}</c> [H, in], <c>weight_hh_l{k}</c> [H, H],
/// <c>bias_ih_l{k}</c>, <c>bias_hh_l{k}</c> [H] (and <c>_reverse</c>), initialized U(−1/√H, 1/√H).
/// <see cref="Module.Forward"/> returns the output sequence; <see cref="Run"/> also takes h0 and sequence lengths
/// and returns the final state.
/// </summary>
public sealed class RNN : RecurrentLayer
{
    /// <summary>Creates the network (PyTorch's argument names and defaults).</summary>
    public RNN(int inputSize, int hiddenSize, int numLayers = 1, RnnNonlinearity nonlinearity = RnnNonlinearity.Tanh,
               bool bias = true, bool batchFirst = false, float dropout = 0f, bool bidirectional = false, Generator? generator = null)
        : base(nonlinearity == RnnNonlinearity.Relu ? RecurrentCellKind.RnnRelu : RecurrentCellKind.RnnTanh,
               inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, generator) =>
        Nonlinearity = nonlinearity;

    /// <summary>The activation.</summary>
    public RnnNonlinearity Nonlinearity { get; }

    /// <summary>
    /// Runs the network. <paramref name="input"/> [T, N, in] ([N, T, in] with batchFirst, or unbatched [T, in]);
    /// <paramref name="h0"/> [layers·directions, N, H] (zeros when null); <paramref name="lengths"/> [N] gives each
    /// sequence's length (as PyTorch's pack_padded_sequence: outputs past it are zero and the final state is the one
    /// at the sequence's own last step; sorting is not required). Returns the output [T, N, D·H] and the final state
    /// [layers·directions, N, H].
    /// </summary>
    public (Tensor Output, Tensor H) Run(Tensor input, Tensor? h0 = null, Tensor? lengths = null)
    {
        var (output, h, _) = RunCore(input, h0, null, lengths);
        return (output, h!);
    }

    /// <inheritdoc/>
    protected override string ExtraRepr => base.ExtraRepr + (Nonlinearity == RnnNonlinearity.Relu ? ", nonlinearity='relu'" : "");
}
