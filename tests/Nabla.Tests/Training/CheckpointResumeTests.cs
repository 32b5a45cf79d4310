using Nabla.Serialization;
using Nabla.Training;

namespace Nabla.Tests.Training;

/// <summary>Exact resume: a run interrupted and resumed from a checkpoint ends bit-identical to an uninterrupted run.</summary>
[Collection(Nabla.Tests.Tensors.DefaultGeneratorCollection.Name)]
public sealed class CheckpointResumeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nabla-resume-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>An Adam trainer with a per-batch OneCycle schedule, so that optimizer and scheduler state both matter.</summary>
    private static Trainer Scheduled(ulong modelSeed)
    {
        var trainer = TrainerFixtures.AdamTrainer(TrainerFixtures.Mlp(modelSeed, dropout: 0.3f), seed: 11);
        trainer.Scheduler = new Nabla.Optim.Schedules.OneCycleLR(trainer.Optimizer, maxLr: 3e-3, totalSteps: 32);
        trainer.SchedulerPerBatch = true;
        return trainer;
    }

    private static FitOptions Options(int epochs) => new() { Epochs = epochs, BatchSize = 100, Verbose = 0, StepsPerEpoch = 8 };

    [Fact]
    public void Resumed_run_is_bit_identical_to_an_uninterrupted_one()
    {
        var (train, _) = TrainerFixtures.FashionSample;
        Generator.ManualSeed(5);
        var straight = Scheduled(5);
        straight.Fit(train, Options(4));

        Generator.ManualSeed(5);
        var first = Scheduled(5);
        first.Fit(train, Options(2));
        string path = Path.Combine(_dir, "ckpt.safetensors");
        Checkpoint.Save(path, first);

        Generator.ManualSeed(12345);
        var resumed = Scheduled(99);
        Checkpoint.Load(path, resumed);
        Assert.Equal(2, resumed.CompletedEpochs);
        resumed.Fit(train, Options(4));

        var expected = straight.Model.StateDict();
        foreach (var (name, t) in resumed.Model.StateDict())
            Assert.Equal(expected[name].ToArray(), t.ToArray());
        Assert.Equal(straight.History.ToCsv(), resumed.History.ToCsv());
        Assert.Equal(straight.GlobalStep, resumed.GlobalStep);
    }

    [Fact]
    public void Load_model_rebuilds_the_architecture_without_code()
    {
        var trainer = TrainerFixtures.ToyTrainer();
        string path = Path.Combine(_dir, "model.safetensors");
        Checkpoint.Save(path, trainer);
        var model = Checkpoint.LoadModel(path);
        var x = Tensor.Normal([5, 4], generator: new Generator(1));
        Assert.Equal(trainer.Predict(x).ToArray(), new Trainer(model, new Nabla.Optim.Sgd(model.Parameters(), lr: 0.1), new Nabla.Losses.CrossEntropyLoss()).Predict(x).ToArray());
    }

    [Fact]
    public void Truncated_or_foreign_checkpoints_fail_clearly_and_change_nothing()
    {
        var trainer = TrainerFixtures.ToyTrainer();
        string path = Path.Combine(_dir, "good.safetensors");
        Checkpoint.Save(path, trainer);
        var bytes = File.ReadAllBytes(path);
        string truncated = Path.Combine(_dir, "truncated.safetensors");
        File.WriteAllBytes(truncated, bytes[..(bytes.Length - 10)]);
        var target = TrainerFixtures.ToyTrainer(seed: 50);
        var before = target.Model.Parameters().First().ToArray();
        var ex = Assert.ThrowsAny<Exception>(() => Checkpoint.Load(truncated, target));
        Assert.Contains("truncated.safetensors", ex.Message);
        Assert.Equal(before, target.Model.Parameters().First().ToArray());

        string weightsOnly = Path.Combine(_dir, "weights.safetensors");
        SafeTensors.Save(weightsOnly, target.Model.StateDict());
        var foreign = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(weightsOnly, target));
        Assert.Contains("not a Nabla training checkpoint", foreign.Message);

        var other = new Trainer(trainer.Model, new Nabla.Optim.Adam(trainer.Model.Parameters()), new Nabla.Losses.CrossEntropyLoss());
        var mismatch = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(path, other));
        Assert.Contains("holds Sgd optimizer state, but the trainer uses Adam", mismatch.Message);
    }

    [Fact]
    public void A_failed_save_keeps_the_previous_checkpoint()
    {
        var trainer = TrainerFixtures.ToyTrainer();
        string path = Path.Combine(_dir, "ckpt.safetensors");
        Checkpoint.Save(path, trainer);
        var good = File.ReadAllBytes(path);
        Assert.ThrowsAny<Exception>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write(new byte[100]);
            throw new IOException("disk full (simulated)");
        }));
        Assert.Equal(good, File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(_dir));
    }
}
