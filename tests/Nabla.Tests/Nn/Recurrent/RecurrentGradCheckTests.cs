using Nabla.Nn;
using Nabla.Kernels;
using Nabla.Nn.Recurrent;
using Nabla.Optim;

namespace Nabla.Tests.Nn.Recurrent;

/// <summary>
/// Finite-difference checks of the fused recurrent scan (backward through time in one node), clipping through time,
/// and layer behaviour: unbatched input, LastStep in a Sequential, dropout between layers, error messages.
/// </summary>
public sealed class RecurrentGradCheckTests
{
    private static Tensor Leaf(Generator g, float scale, params int[] shape)
    {
        var t = Tensor.Uniform(shape, -scale, scale, g);
        t.RequiresGrad = true;
        return t;
    }

    [Theory]
    [InlineData("Lstm", false, false)]
    [InlineData("Lstm", true, true)]
    [InlineData("Gru", false, true)]
    [InlineData("Gru", true, false)]
    [InlineData("RnnTanh", true, true)]
    [InlineData("RnnRelu", false, false)]
    public void ScanGradientsMatchFiniteDifferences(string cell, bool reverse, bool withLengths)
    {
        var kind = Enum.Parse<RecurrentCellKind>(cell);
        var g = new Generator(7);
        int steps = 4, batch = 3, input = 2, hidden = 3, gates = RecurrentCells.Gates(kind) * hidden;
        bool lstm = kind == RecurrentCellKind.Lstm;
        var inputs = new List<Tensor>
        {
            Leaf(g, 1f, steps, batch, input), Leaf(g, 0.6f, gates, input), Leaf(g, 0.6f, gates, hidden),
            Leaf(g, 0.5f, gates), Leaf(g, 0.5f, gates), Leaf(g, 0.8f, batch, hidden),
        };
        if (lstm) inputs.Add(Leaf(g, 0.8f, batch, hidden));
        int[]? lengths = withLengths ? [4, 2, 3] : null;
        GradCheck.Assert(t => Tensor.RecurrentScan(kind, t[0], t[1], t[2], t[3], t[4], t[5], lstm ? t[6] : null, lengths, reverse), [.. inputs]);
    }

    [Fact]
    public void ClipGradNormBoundsTheNormOfAnLstmsGradients()
    {
        Generator.ManualSeed(3);
        var lstm = new LSTM(4, 8, numLayers: 2);
        var x = Tensor.Randn(20, 5, 4) * 3f;
        var (output, _, _) = lstm.Run(x);
        (output.Sum() * 100f).Backward();
        double before = GradClip.ClipGradNorm(lstm.Parameters(), 1.0);
        Assert.True(before > 1.0, $"the test needs a large gradient, got norm {before}");
        double after = Math.Sqrt(lstm.Parameters().Sum(p => p.Grad!.ToArray().Sum(v => (double)v * v)));
        Assert.InRange(after, 0.999, 1.0 + 1e-6);
        Assert.All(lstm.Parameters(), p => Assert.NotNull(p.Grad));
    }

    [Fact]
    public void UnbatchedInputMatchesABatchOfOne()
    {
        Generator.ManualSeed(5);
        var gru = new GRU(3, 4, numLayers: 2, bidirectional: true);
        var x = Tensor.Randn(6, 3);
        var (single, h1) = gru.Run(x);
        var (batched, h2) = gru.Run(x.Unsqueeze(1));
        Assert.Equal([6, 8], single.Shape.ToArray());
        Assert.Equal([4, 4], h1.Shape.ToArray());
        Assert.Equal(batched.Squeeze(1).ToArray(), single.ToArray());
        Assert.Equal(h2.Squeeze(1).ToArray(), h1.ToArray());
    }

    [Fact]
    public void LastStepClassifierTrainsInASequential()
    {
        Generator.ManualSeed(11);
        var model = new Sequential(new Embedding(10, 8), new LSTM(8, 16, batchFirst: true), new LastStep(), new Linear(16, 2));
        // Class = whether token 1 appears anywhere in the sequence.
        var g = new Generator(1);
        var data = new float[64 * 6];
        var labels = new float[64];
        for (int i = 0; i < 64; i++)
            for (int t = 0; t < 6; t++)
            {
                data[i * 6 + t] = 2 + (int)(g.NextDouble() * 8);
                if (t == (i % 7) && i % 2 == 0) { data[i * 6 + t] = 1; labels[i] = 1; }
            }
        var x = Tensor.FromArray(data, 64, 6);
        var y = Tensor.FromArray(labels, 64);
        var opt = new Adam(model.Parameters(), lr: 0.01);
        double first = 0, last = 0;
        for (int step = 0; step < 60; step++)
        {
            var loss = Nabla.Losses.Loss.CrossEntropy(model.Forward(x), y);
            if (step == 0) first = loss.Item();
            last = loss.Item();
            opt.ZeroGrad();
            loss.Backward();
            opt.Step();
        }
        Assert.True(last < 0.2 * first, $"loss went from {first} to {last}");
        Assert.Contains("1.weight_ih_l0", model.StateDict().Keys);
    }

    [Fact]
    public void DropoutBetweenLayersActsOnlyInTraining()
    {
        Generator.ManualSeed(2);
        var lstm = new LSTM(3, 5, numLayers: 2, dropout: 0.5f);
        var x = Tensor.Randn(4, 2, 3);
        lstm.Eval();
        var a = lstm.Forward(x).ToArray();
        var b = lstm.Forward(x).ToArray();
        Assert.Equal(a, b);
        lstm.Train();
        var c = lstm.Forward(x).ToArray();
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void BadInputsNameTheLayerAndTheShapes()
    {
        var lstm = new LSTM(3, 5, batchFirst: true);
        var e = Assert.Throws<ArgumentException>(() => lstm.Forward(Tensor.Zeros(2, 4, 7)));
        Assert.Contains("LSTM", e.Message);
        Assert.Contains("input_size = 3", e.Message);
        Assert.Contains("[2, 4, 7]", e.Message);
        e = Assert.Throws<ArgumentException>(() => lstm.Run(Tensor.Zeros(2, 4, 3), Tensor.Zeros(1, 3, 5)));
        Assert.Contains("h0 must be", e.Message);
        e = Assert.Throws<ArgumentException>(() => lstm.Run(Tensor.Zeros(2, 4, 3), lengths: Tensor.FromArray([5f, 1f])));
        Assert.Contains("lengths[0] = 5", e.Message);
        e = Assert.Throws<ArgumentException>(() => new GRU(3, 4).Run(Tensor.Zeros(2, 1, 3), Tensor.Zeros(1, 1, 4), Tensor.Zeros(3)));
        Assert.Contains("lengths must be [N] = [1]", e.Message);
    }
}
