using Nabla.Kernels;

namespace Nabla.Nn.Recurrent;

/// <summary>
/// Gated recurrent unit network, PyTorch's <c>nn.GRU</c>, per layer and direction:
/// rₜ = σ(W_ir xₜ + b_ir + W_hr hₜ₋₁ + b_hr), zₜ = σ(W_iz xₜ + b_iz + W_hz hₜ₋₁ + b_hz),
/// nₜ = tanh(W_in xₜ + b_in + rₜ·(W_hn hₜ₋₁ + b_hn)), hₜ = (1 − zₜ)·nₜ + zₜ·hₜ₋₁. Parameters
/// <c>weight_ih_l{k}</c> [3H, in], <c>weight_hh_l{k}</c> [3H, H], <c>bias_ih_l{k}</c>, <c>bias_hh_l{k}</c> [3H]
/// (and <c>_reverse</c>), rows in PyTorch's order r, z, n, initialized U(−1/√H, 1/√H).
/// <see cref="Module.Forward"/> returns the output sequence; <see cref="Run"/> also takes h0 and lengths.
/// </summary>
public sealed class GRU : RecurrentLayer
{
    /// <summary>Creates the network (PyTorch's argument names and defaults).</summary>
    public GRU(int inputSize, int hiddenSize, int numLayers = 1, bool bias = true, bool batchFirst = false,
               float dropout = 0f, bool bidirectional = false, Generator? generator = null)
        : base(RecurrentCellKind.Gru, inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, generator)
    {
    }

    /// <summary>
    /// Runs the network: <paramref name="input"/> [T, N, in] ([N, T, in] with batchFirst, or unbatched [T, in]),
    /// <paramref name="h0"/> [layers·directions, N, H] (zeros when null), <paramref name="lengths"/> [N] (as
    /// pack_padded_sequence). Returns the output [T, N, D·H] and the final state [layers·directions, N, H].
    /// </summary>
    public (Tensor Output, Tensor H) Run(Tensor input, Tensor? h0 = null, Tensor? lengths = null)
    {
        var (output, h, _) = RunCore(input, h0, null, lengths);
        return (output, h!);
    }
}
