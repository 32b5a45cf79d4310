using Nabla.Data;
using Nabla.Training;
using Nabla.Training.Callbacks;

namespace Nabla.Tests.Training;

/// <summary>
/// Fit drops the gradients after each applied optimizer step and recycles their memory (PyTorch's
/// <c>zero_grad(set_to_none=True)</c>): callbacks see the step's gradients in <c>OnAfterBackward</c>, parameters have no
/// gradient between steps and after Fit, and each step's gradients are fresh (not summed with the previous step's).
/// </summary>
public sealed class TrainerGradientTests
{
    /// <summary>Records, per step, the first weight's gradient as seen after backward.</summary>
    private sealed class GradientProbe(Tensor parameter) : Callback
    {
        public List<float[]> Seen { get; } = [];
        public List<bool> NullAtBatchBegin { get; } = [];

        public override void OnBatchBegin(int batch, Logs logs) => NullAtBatchBegin.Add(parameter.Grad is null);

        public override void OnAfterBackward(int batch, Logs logs) => Seen.Add(parameter.Grad!.ToArray());
    }

    [Fact]
    public void GradientsAreFreshEachStepAndDroppedBetweenSteps()
    {
        var trainer = TrainerFixtures.ToyTrainer();
        var weight = trainer.Model.Parameters().First();
        var probe = new GradientProbe(weight);
        trainer.Fit(TrainerFixtures.Toy(64, 5), new FitOptions { Epochs = 1, BatchSize = 16, Shuffle = false, Verbose = 0, Callbacks = [probe] });

        Assert.Equal(4, probe.Seen.Count);
        Assert.All(probe.NullAtBatchBegin, Assert.True);
        Assert.Null(weight.Grad);

        // Replaying step 2 by hand from the same starting point gives the gradient Fit saw: nothing left over from step 1.
        var replay = TrainerFixtures.ToyTrainer();
        var data = TrainerFixtures.Toy(64, 5);
        replay.Fit(data, new FitOptions { Epochs = 1, BatchSize = 16, Shuffle = false, Verbose = 0, StepsPerEpoch = 1 });
        var replayWeight = replay.Model.Parameters().First();
        using var loader = new DataLoader(data, 16, shuffle: false);
        int index = 0;
        foreach (var batch in loader)
        {
            if (index++ != 1) continue;
            replay.Loss.Forward(replay.Model.Forward(batch.Inputs), batch.Targets).Backward();
            Assert.Equal(probe.Seen[1], replayWeight.Grad!.ToArray());
        }
    }
}
