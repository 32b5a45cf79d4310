using Nabla.Kernels;

namespace Nabla.Nn.Recurrent;

/// <summary>
/// The shared machinery of <see cref="RNN"/>, <see cref="LSTM"/> and <see cref="GRU"/>: a stack of layers, each
/// one or two directions, with PyTorch's parameter names (<c>weight_ih_l{k}</c>, <c>weight_hh_l{k}</c>,
/// <c>bias_ih_l{k}</c>, <c>bias_hh_l{k}</c>, and <c>_reverse</c> for the backward direction) and shapes
/// ([G·H, in], [G·H, H], [G·H], [G·H] with G gates), all drawn from U(−1/√H, 1/√H) as PyTorch does.
/// Input [T, N, in] (or [N, T, in] with batchFirst, or unbatched [T, in]); each direction of each layer runs as one
/// fused op over the whole sequence (one input GEMM, one small GEMM and one fused kernel per step).
/// </summary>
public abstract class RecurrentLayer : Module
{
    private readonly RecurrentCellKind _kind;
    private readonly Tensor[] _weightIh, _weightHh;
    private readonly Tensor?[] _biasIh, _biasHh;
    private readonly Generator? _generator;

    private protected RecurrentLayer(RecurrentCellKind kind, int inputSize, int hiddenSize, int numLayers, bool bias,
                                     bool batchFirst, float dropout, bool bidirectional, Generator? generator)
    {
        string name = GetType().Name;
        if (inputSize <= 0 || hiddenSize <= 0 || numLayers <= 0)
            throw new ArgumentException(
                $"{name}: inputSize, hiddenSize and numLayers must be positive, got inputSize={inputSize}, hiddenSize={hiddenSize}, numLayers={numLayers}");
        if (!(dropout >= 0f && dropout <= 1f))
            throw new ArgumentOutOfRangeException(nameof(dropout), dropout, $"{name}: dropout must be in [0, 1]");
        _kind = kind;
        InputSize = inputSize;
        HiddenSize = hiddenSize;
        NumLayers = numLayers;
        HasBias = bias;
        BatchFirst = batchFirst;
        DropoutP = dropout;
        Bidirectional = bidirectional;
        _generator = generator;
        int directions = Directions, gates = RecurrentCells.Gates(kind) * hiddenSize;
        _weightIh = new Tensor[numLayers * directions];
        _weightHh = new Tensor[numLayers * directions];
        _biasIh = new Tensor?[numLayers * directions];
        _biasHh = new Tensor?[numLayers * directions];
        float bound = 1f / MathF.Sqrt(hiddenSize);
        for (int layer = 0; layer < numLayers; layer++)
        {
            int layerInput = layer == 0 ? inputSize : hiddenSize * directions;
            for (int d = 0; d < directions; d++)
            {
                int k = layer * directions + d;
                string suffix = $"_l{layer}" + (d == 1 ? "_reverse" : "");
                _weightIh[k] = Register("weight_ih" + suffix, bound, generator, gates, layerInput);
                _weightHh[k] = Register("weight_hh" + suffix, bound, generator, gates, hiddenSize);
                if (bias)
                {
                    _biasIh[k] = Register("bias_ih" + suffix, bound, generator, gates);
                    _biasHh[k] = Register("bias_hh" + suffix, bound, generator, gates);
                }
            }
        }
    }

    private Tensor Register(string name, float bound, Generator? generator, params ReadOnlySpan<int> shape)
    {
        var p = CreateParameter(shape);
        Init.Uniform(p, -bound, bound, generator);
        return RegisterParameter(name, p);
    }

    /// <summary>Features of each input step.</summary>
    public int InputSize { get; }

    /// <summary>Features of the hidden state H.</summary>
    public int HiddenSize { get; }

    /// <summary>Stacked layers; layer k &gt; 0 reads the outputs of layer k − 1.</summary>
    public int NumLayers { get; }

    /// <summary>Whether the layers have the biases bᵢₕ and bₕₕ.</summary>
    public bool HasBias { get; }

    /// <summary>Input and output are [N, T, features] instead of [T, N, features]; states stay [layers·directions, N, H].</summary>
    public bool BatchFirst { get; }

    /// <summary>Dropout probability applied to the outputs of every layer but the last, in training mode.</summary>
    public float DropoutP { get; }

    /// <summary>Each layer also runs backward in time; outputs concatenate both directions (2H features).</summary>
    public bool Bidirectional { get; }

    /// <summary>1, or 2 when <see cref="Bidirectional"/>.</summary>
    public int Directions => Bidirectional ? 2 : 1;

    private protected bool IsLstm => _kind == RecurrentCellKind.Lstm;

    /// <summary>The output sequence only: [T, N, D·H] (or [N, T, D·H] with batchFirst), zero initial states.</summary>
    public override Tensor Forward(Tensor input) => RunCore(input, null, null, null, finalStates: false).Output;

    /// <summary>Runs every layer and direction; the final states are gathered only when <paramref name="finalStates"/>
    /// is set (H and C are null otherwise).</summary>
    private protected (Tensor Output, Tensor? H, Tensor? C) RunCore(Tensor input, Tensor? h0, Tensor? c0, Tensor? lengths,
                                                                    bool finalStates = true)
    {
        ArgumentNullException.ThrowIfNull(input);
        string layout = BatchFirst ? "[N, T, input_size]" : "[T, N, input_size]";
        InputCheck.Rank(this, input, $"{layout} or unbatched [T, input_size]", 3, 2);
        InputCheck.Size(this, input, -1, InputSize, "input_size");
        bool unbatched = input.Rank == 2;
        var x = unbatched ? input.Unsqueeze(1) : BatchFirst ? input.Transpose(0, 1) : input;
        int steps = x.Shape[0], batch = x.Shape[1], states = NumLayers * Directions;
        if (steps == 0 || batch == 0)
            throw new ArgumentException($"{DisplayName}: the sequence length and batch size must be positive, got input of shape {ShapeMath.Format(input.Shape)}");
        var h = CheckState(h0, "h0", unbatched, states, batch);
        Tensor? c = null;
        if (IsLstm) c = CheckState(c0, "c0", unbatched, states, batch);
        else if (c0 is not null) throw new ArgumentException($"{DisplayName}: c0 is an LSTM state; {GetType().Name} takes h0 only");
        int[]? lens = ReadLengths(lengths, steps, batch);

        var hOut = finalStates ? new Tensor[states] : null;
        var cOut = finalStates && IsLstm ? new Tensor[states] : null;
        var outs = new Tensor[Directions];
        for (int layer = 0; layer < NumLayers; layer++)
        {
            for (int d = 0; d < Directions; d++)
            {
                int k = layer * Directions + d;
                var packed = Tensor.RecurrentScan(_kind, x, _weightIh[k], _weightHh[k], _biasIh[k], _biasHh[k], h?.Select(0, k),
                                                  c?.Select(0, k), lens, reverse: d == 1);
                outs[d] = packed.Narrow(0, 0, steps);
                if (hOut is not null) hOut[k] = packed.Select(0, steps);
                if (cOut is not null) cOut[k] = packed.Select(0, steps + 1);
            }
            x = Directions == 1 ? outs[0] : Tensor.Concat(outs, 2);
            if (layer < NumLayers - 1 && DropoutP > 0f && Training)
                x = Tensor.Dropout(x, DropoutP, true, _generator);
        }
        var hN = hOut is null ? null : Tensor.Stack(hOut, 0);
        var cN = cOut is null ? null : Tensor.Stack(cOut, 0);
        if (unbatched)
            return (x.Squeeze(1), hN?.Squeeze(1), cN?.Squeeze(1));
        return (BatchFirst ? x.Transpose(0, 1) : x, hN, cN);
    }

    private Tensor? CheckState(Tensor? state, string name, bool unbatched, int states, int batch)
    {
        if (state is null) return null;
        var s = unbatched && state.Rank == 2 ? state.Unsqueeze(1) : state;
        if (s.Rank != 3 || s.Shape[0] != states || s.Shape[1] != batch || s.Shape[2] != HiddenSize)
            throw new ArgumentException(
                $"{DisplayName}: {name} must be [num_layers·directions, N, hidden_size] = [{states}, {batch}, {HiddenSize}]" +
                $"{(unbatched ? $" (or [{states}, {HiddenSize}] for an unbatched input)" : "")}, got {ShapeMath.Format(state.Shape)}");
        return s;
    }

    private int[]? ReadLengths(Tensor? lengths, int steps, int batch)
    {
        if (lengths is null) return null;
        if (lengths.Rank != 1 || lengths.Shape[0] != batch)
            throw new ArgumentException($"{DisplayName}: lengths must be [N] = [{batch}] (one length per sequence), got {ShapeMath.Format(lengths.Shape)}");
        var values = lengths.Detach().Contiguous().ToArray();
        var result = new int[batch];
        for (int i = 0; i < batch; i++)
        {
            float v = values[i];
            if (v != MathF.Floor(v) || v < 1 || v > steps)
                throw new ArgumentException($"{DisplayName}: lengths[{i}] = {v} must be a whole number in [1, {steps}] (the padded sequence length)");
            result[i] = (int)v;
        }
        return result;
    }

    /// <inheritdoc/>
    protected override string ExtraRepr =>
        $"{InputSize}, {HiddenSize}" + (NumLayers != 1 ? $", num_layers={NumLayers}" : "") + (HasBias ? "" : ", bias=False") +
        (BatchFirst ? ", batch_first=True" : "") + (DropoutP != 0 ? $", dropout={DropoutP}" : "") + (Bidirectional ? ", bidirectional=True" : "");
}
