using Nabla.Kernels;

namespace Nabla.Nn.Recurrent;

/// <summary>
/// The shared part of <see cref="LSTMCell"/> and <see cref="GRUCell"/>: one time step with PyTorch's parameter names
/// <c>weight_ih</c> [G·H, in], <c>weight_hh</c> [G·H, H], <c>bias_ih</c>, <c>bias_hh</c> [G·H], initialized
/// U(−1/√H, 1/√H). A step runs through the same fused op as the sequence layers (with T = 1).
/// </summary>
public abstract class RecurrentCell : Module
{
    private readonly RecurrentCellKind _kind;

    private protected RecurrentCell(RecurrentCellKind kind, int inputSize, int hiddenSize, bool bias, Generator? generator)
    {
        if (inputSize <= 0 || hiddenSize <= 0)
            throw new ArgumentException($"{GetType().Name}: inputSize and hiddenSize must be positive, got inputSize={inputSize}, hiddenSize={hiddenSize}");
        _kind = kind;
        InputSize = inputSize;
        HiddenSize = hiddenSize;
        int gates = RecurrentCells.Gates(kind) * hiddenSize;
        float bound = 1f / MathF.Sqrt(hiddenSize);
        WeightIh = Init.Uniform(CreateParameter(gates, inputSize), -bound, bound, generator);
        WeightHh = Init.Uniform(CreateParameter(gates, hiddenSize), -bound, bound, generator);
        if (bias)
        {
            BiasIh = Init.Uniform(CreateParameter(gates), -bound, bound, generator);
            BiasHh = Init.Uniform(CreateParameter(gates), -bound, bound, generator);
        }
    }

    /// <summary>Features of the input.</summary>
    public int InputSize { get; }

    /// <summary>Features of the hidden state H.</summary>
    public int HiddenSize { get; }

    /// <summary>The input weights Wᵢₕ, [G·H, in].</summary>
    public Tensor WeightIh { get; }

    /// <summary>The hidden weights Wₕₕ, [G·H, H].</summary>
    public Tensor WeightHh { get; }

    /// <summary>The input bias bᵢₕ, [G·H], or null.</summary>
    public Tensor? BiasIh { get; }

    /// <summary>The hidden bias bₕₕ, [G·H], or null.</summary>
    public Tensor? BiasHh { get; }

    /// <summary>Runs one step; returns the packed [3, N, H] (or [2, N, H]) result of the fused op.</summary>
    private protected Tensor Step(Tensor input, Tensor? h, Tensor? c)
    {
        ArgumentNullException.ThrowIfNull(input);
        InputCheck.Rank(this, input, "[N, input_size] or [input_size]", 2, 1);
        InputCheck.Size(this, input, -1, InputSize, "input_size");
        bool unbatched = input.Rank == 1;
        var x = unbatched ? input.Unsqueeze(0) : input;
        int batch = x.Shape[0];
        var h0 = State(h, "h", unbatched, batch);
        Tensor? c0 = null;
        if (_kind == RecurrentCellKind.Lstm) c0 = State(c, "c", unbatched, batch);
        return Tensor.RecurrentScan(_kind, x.Unsqueeze(0), WeightIh, WeightHh, BiasIh, BiasHh, h0, c0, null, reverse: false);
    }

    private Tensor? State(Tensor? state, string name, bool unbatched, int batch)
    {
        if (state is null) return null;
        var s = unbatched && state.Rank == 1 ? state.Unsqueeze(0) : state;
        if (s.Rank != 2 || s.Shape[0] != batch || s.Shape[1] != HiddenSize)
            throw new ArgumentException(
                $"{DisplayName}: {name} must be [N, hidden_size] = [{batch}, {HiddenSize}], got {ShapeMath.Format(state.Shape)}");
        return s;
    }

    /// <summary>Removes the batch dimension again for an unbatched input.</summary>
    private protected static Tensor Unbatch(Tensor state, Tensor input) => input.Rank == 1 ? state.Squeeze(0) : state;

    /// <inheritdoc/>
    protected override string ExtraRepr => $"{InputSize}, {HiddenSize}" + (BiasIh is null ? ", bias=False" : "");
}
