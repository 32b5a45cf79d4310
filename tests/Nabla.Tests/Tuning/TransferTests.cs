using Nabla.Losses;
using Nabla.Nn;
using Nabla.Optim;
using Nabla.Serialization;
using Nabla.Training;
using Nabla.Training.Metrics;
using Nabla.Tuning.Transfer;

namespace Nabla.Tests.Tuning;

public sealed class TransferTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nabla-transfer-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Sequential Net(int classes, ulong seed)
    {
        var g = new Generator(seed);
        return new Sequential(new Linear(4, 8, generator: g), new BatchNorm1d(8), new Tanh(), new Linear(8, 8, generator: g), new Tanh(),
                              new Linear(8, classes, generator: g));
    }

    [Fact]
    public void DiscriminativeRatesAreGeometricFromBaseOver100ToBase()
    {
        var rates = DiscriminativeLr.Rates(3, 1e-2);
        Assert.Equal(1e-4, rates[0], 15);
        Assert.Equal(1e-3, rates[1], 15);
        Assert.Equal(1e-2, rates[2], 15);
        Assert.Equal([0.5], DiscriminativeLr.Rates(1, 0.5));
        var rates5 = DiscriminativeLr.Rates(5, 1.0, lrMult: 16);
        for (int g = 1; g < 5; g++)
            Assert.Equal(2.0, rates5[g] / rates5[g - 1], 12);

        var net = Net(3, 1);
        var groups = DiscriminativeLr.Groups([net[0], net[3], net[5]], 1e-2);
        Assert.Equal(3, groups.Count);
        Assert.Equal(2, groups[0].Params.Count); // the first Linear's weight and bias
        Assert.Equal(rates, groups.Select(g => g.Lr));
        var ex = Assert.Throws<ArgumentException>(() => DiscriminativeLr.Groups([net[2], net[5]], 1e-2));
        Assert.Contains("no parameters", ex.Message);
    }

    [Fact]
    public void PretrainedLoadReportsWhatLoadedAndSkipsTheMismatchedHead()
    {
        var source = Net(5, 1);
        string path = Path.Combine(_dir, "pre.safetensors");
        // As a PyTorch DataParallel model would save it: every key prefixed with "module.".
        var state = source.StateDict().ToDictionary(kv => "module." + kv.Key, kv => kv.Value);
        state["module.aux.weight"] = Tensor.Zeros(2);
        SafeTensors.Save(path, state);

        var target = Net(3, 2);
        var report = PretrainedWeights.Load(target, path, PretrainedWeights.StripPrefix("module."));
        Assert.Equal(["5.weight", "5.bias"], report.Missing);
        Assert.Equal(["module.aux.weight"], report.Unexpected);
        Assert.Equal(2, report.ShapeMismatched.Count);
        Assert.Contains("5.weight: file [5, 8], model [3, 8]", report.ShapeMismatched);
        Assert.Contains("0.weight", report.Loaded);
        Assert.Contains("1.running_mean", report.Loaded);
        Assert.Equal(source[0].StateDict()["weight"].ToArray(), target[0].StateDict()["weight"].ToArray());
        Assert.Contains("loaded", report.ToString());

        // A Nabla checkpoint (weights under "model.") loads the same way.
        string ckpt = Path.Combine(_dir, "ckpt.safetensors");
        Checkpoint.SaveWeights(ckpt, source);
        var fresh = Net(3, 3);
        var r2 = PretrainedWeights.Load(fresh, ckpt);
        Assert.Equal(report.Loaded, r2.Loaded);
    }

    [Fact]
    public void ReplaceHeadKeepsBackboneNames()
    {
        var net = Net(5, 1);
        var swapped = Heads.ReplaceHead(net, new Linear(8, 2, generator: new Generator(9)));
        Assert.Same(net[0], swapped[0]);
        Assert.Equal(net.StateDict().Keys.Where(k => !k.StartsWith("5.", StringComparison.Ordinal)),
                     swapped.StateDict().Keys.Where(k => !k.StartsWith("5.", StringComparison.Ordinal)));
        Assert.Equal([2, 8], swapped.StateDict()["5.weight"].Shape.ToArray());
    }

    [Fact]
    public void FrozenLayersGetNoGradientsAndStayUnchangedThenTrainWithTheirOwnRates()
    {
        var data = Nabla.Tests.Training.TrainerFixtures.Toy(64, 5);
        var net = Net(2, 4);
        // Stale gradients from an earlier run must not leak into the frozen phase (Adam would move them).
        foreach (var p in net.Parameters()) p.Grad = Tensor.Full(1f, p.Shape);
        Module[] layerGroups = [net[0], net[3], net[5]];
        var trainer = new Trainer(net, new Adam(DiscriminativeLr.Groups(layerGroups, 1e-2), weightDecay: 0.1), new CrossEntropyLoss(), [new Accuracy()]);
        var before = net.StateDict().ToDictionary(kv => kv.Key, kv => kv.Value.ToArray());

        var trainable = new List<bool>();
        var probe = new Nabla.Training.Callbacks.LambdaCallback(onEpochBegin: (_, _) => trainable.Add(net[0].Parameters().First().RequiresGrad));
        var result = FineTune.Run(trainer, layerGroups, data, new FineTuneOptions
        {
            FreezeEpochs = 2, Epochs = 0, BaseLr = 1e-2, Fit = new FitOptions { BatchSize = 16, Verbose = 0, Callbacks = [probe] },
        });
        Assert.Equal([false, false], trainable);
        Assert.Equal(2, result.Frozen.Epochs.Count);
        var afterFrozen = net.StateDict().ToDictionary(kv => kv.Key, kv => kv.Value.ToArray());
        foreach (var key in new[] { "0.weight", "0.bias", "3.weight", "3.bias" })
        {
            Assert.Equal(before[key], afterFrozen[key]);
            Assert.Null(net.StateDict()[key].Grad);
        }
        Assert.NotEqual(before["5.weight"], afterFrozen["5.weight"]);

        // Unfrozen phase: everything trains, rates spread from base/2/100 to base/2 (fastai halves the base rate).
        var trainer2 = new Trainer(net, new Sgd(DiscriminativeLr.Groups(layerGroups, 1e-2), lr: 1e-2), new CrossEntropyLoss(), [new Accuracy()]);
        var r2 = FineTune.Run(trainer2, layerGroups, data, new FineTuneOptions
        {
            FreezeEpochs = 0, Epochs = 1, BaseLr = 0.2, Fit = new FitOptions { BatchSize = 64, Shuffle = false, Verbose = 0 },
        });
        Assert.Equal([0.001, 0.01, 0.1], r2.UnfrozenRates.Select(r => Math.Round(r, 12)));
        Assert.True(net.Parameters().All(p => p.RequiresGrad));
        Assert.NotEqual(afterFrozen["0.weight"], net.StateDict()["0.weight"].ToArray());
    }

    [Fact]
    public void UnfrozenGroupsStepWithTheirOwnLearningRate()
    {
        // One SGD step on a full batch: each group's update is exactly its lr times the gradient.
        var data = Nabla.Tests.Training.TrainerFixtures.Toy(16, 6);
        var net = new Sequential(new Linear(4, 3, generator: new Generator(1)), new Linear(3, 2, generator: new Generator(2)));
        Module[] layerGroups = [net[0], net[1]];
        var trainer = new Trainer(net, new Sgd(DiscriminativeLr.Groups(layerGroups, 1.0, lrMult: 10), lr: 1.0), new CrossEntropyLoss());
        var w0 = net[0].StateDict()["weight"].ToArray();
        var w1 = net[1].StateDict()["weight"].ToArray();
        var x = Tensor.Zeros(16, 4);
        var y = Tensor.Zeros(16);
        var xs = x.ContiguousSpan(); var ys = y.ContiguousSpan();
        for (int i = 0; i < 16; i++) data.CopySample(i, xs.Slice(i * 4, 4), ys.Slice(i, 1));
        new CrossEntropyLoss().Forward(net.Forward(x), y).Backward();
        var g0 = net[0].StateDict()["weight"].Grad!.ToArray();
        var g1 = net[1].StateDict()["weight"].Grad!.ToArray();
        trainer.Optimizer.Step();
        var n0 = net[0].StateDict()["weight"].ToArray();
        var n1 = net[1].StateDict()["weight"].ToArray();
        for (int i = 0; i < w0.Length; i++) Assert.Equal(w0[i] - 0.1f * g0[i], n0[i], 6);
        for (int i = 0; i < w1.Length; i++) Assert.Equal(w1[i] - 1.0f * g1[i], n1[i], 6);
    }

    [Fact]
    public void FineTuneNeedsOneParamGroupPerLayerGroup()
    {
        var net = Net(2, 1);
        var trainer = new Trainer(net, new Adam(net.Parameters()), new CrossEntropyLoss());
        var ex = Assert.Throws<ArgumentException>(() =>
            FineTune.Run(trainer, [net[0], net[5]], Nabla.Tests.Training.TrainerFixtures.Toy(8, 1), new FineTuneOptions()));
        Assert.Contains("DiscriminativeLr.Groups", ex.Message);
    }
}

public class FreezeGradientTests
{
    [Fact]
    public void FrozenModulesReceiveNoGradientWhileTheHeadDoes()
    {
        var net = new Sequential(new Linear(3, 4, generator: new Generator(1)), new Tanh(), new Linear(4, 2, generator: new Generator(2)));
        Heads.Freeze(net[0]);
        var x = Tensor.FromArray([0.5f, -1f, 2f, 1f, 0f, -0.5f], 2, 3);
        new CrossEntropyLoss().Forward(net.Forward(x), Tensor.FromArray([0f, 1f], 2)).Backward();
        Assert.All(net[0].Parameters(), p => Assert.Null(p.Grad));
        Assert.All(net[2].Parameters(), p => Assert.NotNull(p.Grad));
        net[0].Unfreeze();
        new CrossEntropyLoss().Forward(net.Forward(x), Tensor.FromArray([0f, 1f], 2)).Backward();
        Assert.All(net[0].Parameters(), p => Assert.NotNull(p.Grad));
    }
}
