using Nabla.Nn;
using Nabla.Nn.Recurrent;

namespace Nabla.Tests.Nn.Recurrent;

/// <summary>
/// RNN, LSTM, GRU and their cells against PyTorch 1.13 (fixtures/seq.json from generate_seq.py): outputs, final
/// states, and the gradients of Σ output·upstream (+ the same for the final states) with respect to the input, the
/// initial states and every parameter; multi-layer, bidirectional, batch-first and variable-length cases
/// (pack_padded_sequence in PyTorch). Parameters are loaded strictly through PyTorch's own state-dict names.
/// Tolerances: see <see cref="SeqFixture.Close"/>.
/// </summary>
public sealed class RecurrentReferenceTests
{
    public static IEnumerable<object[]> SequenceCases => SeqFixture.Names("lstm", "gru", "rnn");
    public static IEnumerable<object[]> CellCases => SeqFixture.Names("lstm_cell", "gru_cell");

    private static RecurrentLayer Build(SeqCase c) => c.Kind switch
    {
        "lstm" => new LSTM(c.Int("input_size"), c.Int("hidden_size"), c.Int("num_layers"), c.Bool("bias"), c.Bool("batch_first"), 0f, c.Bool("bidirectional")),
        "gru" => new GRU(c.Int("input_size"), c.Int("hidden_size"), c.Int("num_layers"), c.Bool("bias"), c.Bool("batch_first"), 0f, c.Bool("bidirectional")),
        _ => new RNN(c.Int("input_size"), c.Int("hidden_size"), c.Int("num_layers"),
                     c.String("nonlinearity") == "relu" ? RnnNonlinearity.Relu : RnnNonlinearity.Tanh, c.Bool("bias"), c.Bool("batch_first"), 0f, c.Bool("bidirectional")),
    };

    [Theory]
    [MemberData(nameof(SequenceCases))]
    public void SequenceLayerMatchesPyTorch(string name)
    {
        var c = SeqFixture.Get(name);
        var layer = Build(c);
        layer.LoadStateDict(c.StateDict());
        var x = c.Tensor("input", requiresGrad: true);
        var h0 = c.Has("h0") ? c.Tensor("h0", requiresGrad: true) : null;
        var c0 = c.Has("c0") ? c.Tensor("c0", requiresGrad: true) : null;
        var lengths = c.Has("lengths") ? c.Tensor("lengths") : null;

        Tensor output, h;
        Tensor? cell = null;
        switch (layer)
        {
            case LSTM lstm: (output, h, cell) = lstm.Run(x, h0, c0, lengths); break;
            case GRU gru: (output, h) = gru.Run(x, h0, lengths); break;
            default: (output, h) = ((RNN)layer).Run(x, h0, lengths); break;
        }
        SeqFixture.Close($"{name} output", c.Data("out.output"), output);
        SeqFixture.Close($"{name} h_n", c.Data("out.h"), h);
        if (cell is not null) SeqFixture.Close($"{name} c_n", c.Data("out.c"), cell);

        var loss = (output * c.Tensor("up.output")).Sum() + (h * c.Tensor("up.h")).Sum();
        if (cell is not null) loss += (cell * c.Tensor("up.c")).Sum();
        loss.Backward();
        SeqFixture.Close($"{name} grad input", c.Data("grad.input"), x.Grad);
        if (h0 is not null) SeqFixture.Close($"{name} grad h0", c.Data("grad.h0"), h0.Grad);
        if (c0 is not null) SeqFixture.Close($"{name} grad c0", c.Data("grad.c0"), c0.Grad);
        foreach (var (key, p) in layer.NamedParameters())
            SeqFixture.Close($"{name} grad {key}", c.Data("grad.param." + key), p.Grad);
    }

    [Theory]
    [InlineData("lstm_lengths")]
    [InlineData("gru_lengths")]
    [InlineData("rnn_relu_lengths")]
    public void RowBlocksSplitOverThreadsGiveTheSameResults(string name)
    {
        // Steps of these small cases normally run on one thread; force the split into row blocks over the
        // KernelThreads.Count threads (rows are independent, so any split must reproduce PyTorch's values). Only the
        // threshold is changed: it affects speed, never results, so tests running alongside are unaffected.
        int savedThreshold = Nabla.Kernels.RecurrentScanKernel.ParallelThreshold;
        Nabla.Kernels.RecurrentScanKernel.ParallelThreshold = 1;
        try
        {
            SequenceLayerMatchesPyTorch(name);
        }
        finally
        {
            Nabla.Kernels.RecurrentScanKernel.ParallelThreshold = savedThreshold;
        }
    }

    [Theory]
    [MemberData(nameof(SequenceCases))]
    [MemberData(nameof(CellCases))]
    public void StateDictKeysEqualPyTorchs(string name)
    {
        var c = SeqFixture.Get(name);
        Module m = c.Kind switch
        {
            "lstm_cell" => new LSTMCell(c.Int("input_size"), c.Int("hidden_size")),
            "gru_cell" => new GRUCell(c.Int("input_size"), c.Int("hidden_size")),
            _ => Build(c),
        };
        var expected = c.Keys.Where(k => k.StartsWith("param.", StringComparison.Ordinal)).Select(k => k["param.".Length..]).ToList();
        Assert.Equal(expected, m.StateDict().Keys.ToList());
        foreach (var (key, t) in m.StateDict())
            Assert.Equal(c.Shape("param." + key), t.Shape.ToArray());
    }

    [Theory]
    [MemberData(nameof(CellCases))]
    public void CellMatchesPyTorch(string name)
    {
        var c = SeqFixture.Get(name);
        var x = c.Tensor("input", requiresGrad: true);
        var h0 = c.Tensor("h0", requiresGrad: true);
        Tensor loss;
        Module cell;
        Tensor? c0 = null;
        if (c.Kind == "lstm_cell")
        {
            var lstm = new LSTMCell(c.Int("input_size"), c.Int("hidden_size"));
            lstm.LoadStateDict(c.StateDict());
            c0 = c.Tensor("c0", requiresGrad: true);
            var (h, cc) = lstm.Run(x, h0, c0);
            SeqFixture.Close($"{name} h", c.Data("out.h"), h);
            SeqFixture.Close($"{name} c", c.Data("out.c"), cc);
            loss = (h * c.Tensor("up.h")).Sum() + (cc * c.Tensor("up.c")).Sum();
            cell = lstm;
        }
        else
        {
            var gru = new GRUCell(c.Int("input_size"), c.Int("hidden_size"));
            gru.LoadStateDict(c.StateDict());
            var h = gru.Run(x, h0);
            SeqFixture.Close($"{name} h", c.Data("out.h"), h);
            loss = (h * c.Tensor("up.h")).Sum();
            cell = gru;
        }
        loss.Backward();
        SeqFixture.Close($"{name} grad input", c.Data("grad.input"), x.Grad);
        SeqFixture.Close($"{name} grad h0", c.Data("grad.h0"), h0.Grad);
        if (c0 is not null) SeqFixture.Close($"{name} grad c0", c.Data("grad.c0"), c0.Grad);
        foreach (var (key, p) in cell.NamedParameters())
            SeqFixture.Close($"{name} grad {key}", c.Data("grad.param." + key), p.Grad);
    }
}
