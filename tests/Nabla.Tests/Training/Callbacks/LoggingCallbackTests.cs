using Nabla.Serialization;
using Nabla.Training;
using Nabla.Training.Callbacks;

namespace Nabla.Tests.Training.Callbacks;

public sealed class LoggingCallbackTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nabla-callbacks-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Csv_logger_writes_one_sorted_row_per_epoch_and_appends_on_resume()
    {
        var data = TrainerFixtures.Toy(32, 2);
        var trainer = TrainerFixtures.ToyTrainer();
        string path = Path.Combine(_dir, "log.csv");
        trainer.Fit(data, new FitOptions { Epochs = 2, BatchSize = 8, Validation = data, Callbacks = [new CsvLogger(path)], Verbose = 0 });
        trainer.Fit(data, new FitOptions { Epochs = 3, BatchSize = 8, Validation = data, Callbacks = [new CsvLogger(path, append: true)], Verbose = 0 });
        var lines = File.ReadAllLines(path);
        Assert.Equal("epoch,accuracy,loss,lr,val_accuracy,val_loss", lines[0]);
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("2,", lines[3]);
        Assert.Equal(trainer.History["loss"][2], double.Parse(lines[3].Split(',')[2], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Terminate_on_nan_names_epoch_batch_and_last_finite_loss()
    {
        var data = TrainerFixtures.Toy(32, 3);
        var trainer = TrainerFixtures.ToyTrainer();
        var output = new StringWriter();
        var stop = new TerminateOnNaN(output);
        int batches = 0;
        var poison = new LambdaCallback(onBatchEnd: (batch, logs) =>
        {
            batches++;
            if (batch == 2)
                logs["batch_loss"] = double.NaN;
        });
        trainer.Fit(data, new FitOptions { Epochs = 3, BatchSize = 8, Callbacks = [poison, stop], Verbose = 0 });
        Assert.Equal(3, batches);
        Assert.Equal(1, trainer.CompletedEpochs);
        Assert.NotNull(stop.Message);
        Assert.Contains("epoch 0, batch 2", stop.Message);
        Assert.Contains("last finite loss 0.", stop.Message);
        Assert.Contains(stop.Message!, output.ToString());
    }

    [Fact]
    public void Model_checkpoint_expands_the_template_and_saves_only_improvements()
    {
        var data = TrainerFixtures.Toy(32, 4);
        var trainer = TrainerFixtures.ToyTrainer();
        var everyEpoch = new ModelCheckpoint(Path.Combine(_dir, "ep{epoch:02d}-{loss:.3f}.safetensors"), weightsOnly: true);
        var best = new ModelCheckpoint(Path.Combine(_dir, "best.safetensors"), monitor: "val_accuracy", saveBestOnly: true);
        trainer.Fit(data, new FitOptions { Epochs = 3, BatchSize = 8, Validation = data, Callbacks = [everyEpoch, best], Verbose = 0 });
        var files = Directory.GetFiles(_dir, "ep*.safetensors").Select(Path.GetFileName).Order().ToList();
        Assert.Equal(3, files.Count);
        Assert.StartsWith("ep01-", files[0]);
        Assert.Matches(@"ep03-\d\.\d{3}\.safetensors", files[2]);
        Assert.True(File.Exists(Path.Combine(_dir, "best.safetensors")));
        Assert.Equal(trainer.History["val_accuracy"].Max(), best.Best);
        var restored = TrainerFixtures.ToyTrainer(seed: 99);
        Checkpoint.LoadWeights(Path.Combine(_dir, files[2]!), restored.Model);
        Assert.Equal(trainer.Model.Parameters().First().ToArray(), restored.Model.Parameters().First().ToArray());
    }

    [Fact]
    public void Learning_rate_scheduler_sets_the_rate_each_epoch()
    {
        var data = TrainerFixtures.Toy(16, 5);
        var trainer = TrainerFixtures.ToyTrainer(lr: 0.1);
        var schedule = new LearningRateScheduler((epoch, lr) => epoch < 1 ? lr : lr * 0.5);
        var history = trainer.Fit(data, new FitOptions { Epochs = 3, BatchSize = 8, Callbacks = [schedule], Verbose = 0 });
        Assert.Equal([0.1, 0.05, 0.025], history["lr"].Select(v => Math.Round(v, 10)));
    }

    [Fact]
    public void Progress_bar_prints_plain_epoch_lines_when_given_a_writer()
    {
        var data = TrainerFixtures.Toy(16, 6);
        var trainer = TrainerFixtures.ToyTrainer();
        var output = new StringWriter();
        trainer.Fit(data, new FitOptions { Epochs = 2, BatchSize = 8, Validation = data, Output = output });
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Matches(@"^Epoch 1/2 - \d+\.\ds - [\d,]+ samples/s - loss: \d\.\d{4} - accuracy: \d\.\d{4} - lr: 0\.05 - val_loss: \d\.\d{4} - val_accuracy: \d\.\d{4}", lines[0]);
    }

    [Fact]
    public void Weight_ema_and_swa_average_the_weights()
    {
        var data = TrainerFixtures.Toy(32, 7);
        var trainer = TrainerFixtures.ToyTrainer();
        var swa = new StochasticWeightAveraging(startEpoch: 1);
        var seen = new List<float[]>();
        var record = new LambdaCallback(onEpochEnd: (e, _) => { if (e >= 1) seen.Add(trainer.Model.Parameters().First().ToArray()); });
        trainer.Fit(data, new FitOptions { Epochs = 4, BatchSize = 8, Callbacks = [record, swa], Verbose = 0 });
        var expected = Enumerable.Range(0, seen[0].Length).Select(i => seen.Average(w => w[i])).ToArray();
        var actual = trainer.Model.Parameters().First().ToArray();
        for (int i = 0; i < expected.Length; i++)
            Assert.Equal(expected[i], actual[i], 5);
        Assert.Equal(3, swa.AveragedEpochs);

        var emaTrainer = TrainerFixtures.ToyTrainer();
        var ema = new WeightEma(decay: 0.5, warmup: false, applyAtEnd: false);
        var last = new List<float[]>();
        var rec = new LambdaCallback(onBatchEnd: (_, _) => last.Add(emaTrainer.Model.Parameters().First().ToArray()));
        var initial = emaTrainer.Model.Parameters().First().ToArray();
        emaTrainer.Fit(data, new FitOptions { Epochs = 1, BatchSize = 16, Callbacks = [rec, ema], Verbose = 0 });
        ema.SwapIn();
        var average = emaTrainer.Model.Parameters().First().ToArray();
        for (int i = 0; i < average.Length; i++)
            Assert.Equal(0.25f * initial[i] + 0.25f * last[0][i] + 0.5f * last[1][i], average[i], 5);
        ema.SwapOut();
        Assert.Equal(last[1], emaTrainer.Model.Parameters().First().ToArray());
    }
}
