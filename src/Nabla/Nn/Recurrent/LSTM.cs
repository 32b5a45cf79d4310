using Nabla.Kernels;

namespace Nabla.Nn.Recurrent;

/// <summary>
/// Long short-term memory network, PyTorch's <c>nn.LSTM</c>, per layer and direction:
/// iₜ = σ(Wᵢᵢxₜ + bᵢᵢ + Wₕᵢhₜ₋₁ + bₕᵢ), fₜ = σ(W_if xₜ + b_if + W_hf hₜ₋₁ + b_hf),
/// gₜ = tanh(W_ig xₜ + b_ig + W_hg hₜ₋₁ + b_hg), oₜ = σ(W_io xₜ + b_io + W_ho hₜ₋₁ + b_ho),
/// cₜ = fₜ·cₜ₋₁ + iₜ·gₜ, hₜ = oₜ·tanh(cₜ). Parameters <c>weight_ih_l{k}</c> [4H, in], <c>weight_hh_l{k}</c>
/// [4H, H], <c>bias_ih_l{k}</c>, <c>bias_hh_l{k}</c> [4H] (and <c>_reverse</c>), rows in PyTorch's gate order
/// i, f, g, o, initialized U(−1/√H, 1/√H): state dicts interchange with PyTorch.
/// <see cref="Module.Forward"/> returns the output sequence; <see cref="Run"/> also takes (h0, c0) and lengths and
/// returns the final states.
/// </summary>
public sealed class LSTM : RecurrentLayer
{
    /// <summary>Creates the network (PyTorch's argument names and defaults; no proj_size).</summary>
    public LSTM(int inputSize, int hiddenSize, int numLayers = 1, bool bias = true, bool batchFirst = false,
                float dropout = 0f, bool bidirectional = false, Generator? generator = null)
        : base(RecurrentCellKind.Lstm, inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, generator)
    {
    }

    /// <summary>
    /// Runs the network. <paramref name="input"/> [T, N, in] ([N, T, in] with batchFirst, or unbatched [T, in]);
    /// <paramref name="h0"/> and <paramref name="c0"/> [layers·directions, N, H] (zeros when null);
    /// <paramref name="lengths"/> [N] gives each sequence's length (as pack_padded_sequence: outputs past it are zero,
    /// the final states are those at the sequence's own last step; no sorting needed). Returns the output
    /// [T, N, D·H] and the final states h and c, each [layers·directions, N, H].
    /// </summary>
    public (Tensor Output, Tensor H, Tensor C) Run(Tensor input, Tensor? h0 = null, Tensor? c0 = null, Tensor? lengths = null)
    {
        var (output, h, c) = RunCore(input, h0, c0, lengths);
        return (output, h!, c!);
    }
}
