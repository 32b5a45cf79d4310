using Nabla.Data;
using Nabla.Losses;
using Nabla.Nn;
using Nabla.Nn.Recurrent;
using Nabla.Optim;
using Nabla.Training;
using Nabla.Training.Callbacks;

namespace Nabla.Tests.Training.Callbacks;

/// <summary>GradientNormTracker: per-layer gradient norms of an LSTM classifier in the batch logs and the history.</summary>
public sealed class GradientNormTrackerTests
{
    private static (Sequential Model, TensorDataset Data, Tensor Tokens) Problem()
    {
        var g = new Generator(21);
        var model = new Sequential(new Embedding(12, 6, generator: g), new LSTM(6, 10, batchFirst: true, generator: g),
                                   new LastStep(), new Linear(10, 3, generator: g));
        var tokens = Tensor.Uniform([40, 7], 0f, 11.99f, g).ToArray().Select(MathF.Floor).ToArray();
        var labels = Enumerable.Range(0, 40).Select(i => (float)(tokens[i * 7 + 6] % 3)).ToArray();
        var x = Tensor.FromArray(tokens, 40, 7);
        return (model, new TensorDataset(x, Tensor.FromArray(labels, 40)), x);
    }

    [Fact]
    public void RecordsEachLayersNormPerBatchAndPerEpoch()
    {
        var (model, data, _) = Problem();
        var opt = new Adam(model.Parameters(), lr: 1e-2) { MaxGradNorm = 1e-3 };
        var trainer = new Trainer(model, opt, new CrossEntropyLoss(), seed: 2);
        var tracker = new GradientNormTracker();
        var history = trainer.Fit(data, epochs: 2, batchSize: 10, callbacks: [tracker], verbose: 0);

        foreach (string key in new[] { "grad_norm", "grad_norm/0", "grad_norm/1", "grad_norm/3" })
        {
            Assert.Equal(2, history[key].Count);
            Assert.All(history[key], v => Assert.True(double.IsFinite(v) && v > 0, $"{key} = {v}"));
            Assert.Equal(8, tracker.BatchHistory[key].Count);
            Assert.Equal(tracker.BatchHistory[key].Take(4).Average(), history[key][0], 9);
        }
        Assert.DoesNotContain("grad_norm/2", history.Values.Keys);
        // Norms are taken before clipping: they exceed the tiny clip threshold that the optimizer applied.
        Assert.All(tracker.BatchHistory["grad_norm"], v => Assert.True(v > 1e-3));
        for (int b = 0; b < 8; b++)
        {
            double groups = new[] { "grad_norm/0", "grad_norm/1", "grad_norm/3" }.Sum(k => Math.Pow(tracker.BatchHistory[k][b], 2));
            Assert.Equal(Math.Sqrt(groups), tracker.BatchHistory["grad_norm"][b], 9);
        }
    }

    [Fact]
    public void MeasureGroupsByModuleOrByDepth()
    {
        var (model, _, tokens) = Problem();
        var x = tokens.Narrow(0, 0, 2);
        Loss.CrossEntropy(model.Forward(x), Tensor.FromArray([0f, 1f])).Backward();
        var norms = GradientNormTracker.Measure(model);
        var lstm = (LSTM)model[1];
        double expected = Math.Sqrt(lstm.Parameters().Sum(p => p.Grad!.ToArray().Sum(v => (double)v * v)));
        Assert.Equal(expected, norms["grad_norm/1"], 9);

        var nested = new Sequential(model);
        var byDepth = GradientNormTracker.Measure(nested, depth: 1);
        Assert.Equal(["grad_norm", "grad_norm/0"], byDepth.Keys.Order().ToArray());
        Assert.Equal(norms["grad_norm"], byDepth["grad_norm/0"], 9);
    }
}
