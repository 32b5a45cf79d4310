using Nabla.Data;
using Nabla.Losses;
using Nabla.Nn;
using Nabla.Optim;
using Nabla.Training;
using Nabla.Training.Metrics;
using Nabla.Tuning.Progressive;

namespace Nabla.Tests.Tuning;

public class ProgressiveTests
{
    private static LabeledTensorDataset Images(int n)
    {
        var g = new Generator(3);
        var x = new float[n * 2 * 4 * 6];
        var y = new float[n];
        for (int i = 0; i < n; i++)
        {
            y[i] = i % 2;
            for (int k = 0; k < 48; k++)
                x[i * 48 + k] = (float)g.NextDouble() + (k % 6 < 3 ? y[i] : -y[i]);
        }
        return new LabeledTensorDataset(Tensor.FromArray(x, n, 2, 4, 6), Tensor.FromArray(y, n), 2);
    }

    [Fact]
    public void HalvingEqualsTwoByTwoAveragePooling()
    {
        var data = Images(3);
        var small = ResizedDataset.Create(data, 2, 3);
        Assert.IsAssignableFrom<ILabeledDataset>(small);
        Assert.Equal([2, 2, 3], small.InputShape.ToArray());
        var full = new float[48];
        var half = new float[12];
        var t = new float[1];
        data.CopySample(1, full, t);
        small.CopySample(1, half, t);
        Assert.Equal(1f, t[0]);
        var pooled = new AvgPool2d(2).Forward(Tensor.FromArray(full, 1, 2, 4, 6)).ToArray();
        for (int i = 0; i < 12; i++)
            Assert.Equal(pooled[i], half[i], 5);
    }

    [Fact]
    public void UpsamplingMatchesPyTorchBilinearAlignCornersFalse()
    {
        // F.interpolate(torch.tensor([[[[0., 1.], [2., 3.]]]]), size=(4, 4), mode="bilinear", align_corners=False)
        float[] expected = [0f, 0.25f, 0.75f, 1f, 0.5f, 0.75f, 1.25f, 1.5f, 1.5f, 1.75f, 2.25f, 2.5f, 2f, 2.25f, 2.75f, 3f];
        var dst = new float[16];
        ResizedDataset.Resize([0f, 1f, 2f, 3f], 1, 2, 2, dst, 4, 4);
        Assert.Equal(expected, dst);
    }

    [Fact]
    public void RunsEachPhaseAtItsSizeAndContinuesTheSameTrainer()
    {
        var data = Images(64);
        var model = new Sequential(new Conv2d(2, 4, 3, padding: 1, generator: new Generator(1)), new ReLU(),
                                   new AdaptiveAvgPool2d(1), new Flatten(), new Linear(4, 2, generator: new Generator(2)));
        var trainer = new Trainer(model, new Adam(model.Parameters(), lr: 1e-2), new CrossEntropyLoss(), [new Accuracy()]);
        var seen = new List<int[]>();
        var results = ProgressiveResizing.Run(trainer, data, data, [new ResizePhase(2, 3, 2), new ResizePhase(4, 6, 1, LearningRate: 5e-3)],
            new FitOptions { BatchSize = 16, Verbose = 0, Callbacks = [new Nabla.Training.Callbacks.LambdaCallback(onTrainBegin: _ => { })] },
            r => seen.Add([r.Phase.Height, r.Phase.Width]));
        Assert.Equal(2, results.Count);
        Assert.Equal([[2, 3], [4, 6]], seen);
        Assert.Equal(3, trainer.CompletedEpochs);
        Assert.Equal(5e-3, trainer.LearningRate);
        Assert.True(results[1].Validation.ContainsKey("full_accuracy"));
        Assert.Equal(results[1].Validation["accuracy"], results[1].Validation["full_accuracy"], 12);
        Assert.True(results[1].Validation["full_accuracy"] > 0.8, $"accuracy {results[1].Validation["full_accuracy"]}");
    }
}
