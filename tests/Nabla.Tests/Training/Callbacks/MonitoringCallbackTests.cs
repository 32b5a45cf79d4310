using Nabla.Training;
using Nabla.Training.Callbacks;

namespace Nabla.Tests.Training.Callbacks;

/// <summary>EarlyStopping and ReduceLROnPlateau against scripted metric sequences, with Keras's semantics.</summary>
public class MonitoringCallbackTests
{
    private static Trainer Attach(Callback callback)
    {
        var trainer = TrainerFixtures.ToyTrainer();
        callback.Trainer = trainer;
        callback.OnTrainBegin(new Logs());
        return trainer;
    }

    /// <summary>Feeds one value per epoch; returns the epoch at which training was stopped, or null.</summary>
    private static int? Script(Callback callback, Trainer trainer, string key, params double[] values)
    {
        for (int epoch = 0; epoch < values.Length; epoch++)
        {
            callback.OnEpochEnd(epoch, new Logs { [key] = values[epoch] });
            if (trainer.StopTraining)
                return epoch;
        }
        return null;
    }

    [Fact]
    public void Early_stopping_waits_patience_epochs_without_improvement()
    {
        var es = new EarlyStopping(patience: 2);
        var trainer = Attach(es);
        Assert.Equal(3, Script(es, trainer, "val_loss", 1.0, 0.9, 0.95, 0.96, 0.8));
        Assert.Equal(1, es.BestEpoch);
        Assert.Equal(0.9, es.Best);
    }

    [Fact]
    public void Early_stopping_min_delta_counts_small_gains_as_no_improvement()
    {
        var es = new EarlyStopping(minDelta: 0.1, patience: 1);
        var trainer = Attach(es);
        Assert.Equal(1, Script(es, trainer, "val_loss", 1.0, 0.95, 0.5));
    }

    [Fact]
    public void Early_stopping_mode_auto_maximizes_accuracy()
    {
        var es = new EarlyStopping("val_accuracy", patience: 1);
        var trainer = Attach(es);
        Assert.Equal(3, Script(es, trainer, "val_accuracy", 0.5, 0.6, 0.7, 0.65));
    }

    [Fact]
    public void Early_stopping_baseline_must_be_beaten_to_reset_the_wait()
    {
        var es = new EarlyStopping(patience: 2, baseline: 0.5);
        var trainer = Attach(es);
        Assert.Equal(1, Script(es, trainer, "val_loss", 0.9, 0.8, 0.7));
    }

    [Fact]
    public void Early_stopping_ignores_epochs_before_start_and_epochs_without_the_value()
    {
        var es = new EarlyStopping(patience: 1, startFromEpoch: 2);
        var trainer = Attach(es);
        Assert.Null(Script(es, trainer, "val_loss", 0.1, 5, 1.0, 0.9));
        es.OnEpochEnd(4, new Logs { ["loss"] = 1 });
        Assert.False(trainer.StopTraining);
    }

    [Fact]
    public void Early_stopping_restores_the_best_weights_when_stopping()
    {
        var es = new EarlyStopping(patience: 1, restoreBestWeights: true);
        var trainer = Attach(es);
        var weight = trainer.Model.Parameters().First();
        es.OnEpochEnd(0, new Logs { ["val_loss"] = 1.0 });
        var best = weight.ToArray();
        Nabla.Nn.Init.Constant(weight, 42f);
        es.OnEpochEnd(1, new Logs { ["val_loss"] = 2.0 });
        Assert.True(trainer.StopTraining);
        Assert.Equal(best, weight.ToArray());
    }

    [Fact]
    public void Early_stopping_in_fit_stops_and_reports_a_missing_monitor()
    {
        var data = TrainerFixtures.Toy(32, 1);
        var trainer = TrainerFixtures.ToyTrainer();
        var es = new EarlyStopping("loss", patience: 0, minDelta: 10);
        trainer.Fit(data, new FitOptions { Epochs = 10, BatchSize = 8, Callbacks = [es], Verbose = 0 });
        Assert.Equal(1, es.StoppedEpoch);
        Assert.Equal(2, trainer.CompletedEpochs);
        var missing = new EarlyStopping("val_loss");
        var ex = Assert.Throws<InvalidOperationException>(() =>
            TrainerFixtures.ToyTrainer().Fit(data, new FitOptions { Epochs = 1, BatchSize = 8, Callbacks = [missing], Verbose = 0 }));
        Assert.Contains("'val_loss' never appeared", ex.Message);
        Assert.Contains("validation data", ex.Message);
    }

    [Fact]
    public void Reduce_lr_on_plateau_scales_every_group_after_patience_then_cools_down()
    {
        var cb = new ReduceLROnPlateau(factor: 0.5, patience: 2, cooldown: 1, minLr: 0.01);
        var trainer = Attach(cb);
        double lr0 = trainer.LearningRate;
        var lrs = new List<double>();
        foreach (double v in new[] { 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0 })
        {
            cb.OnEpochEnd(lrs.Count, new Logs { ["val_loss"] = v });
            lrs.Add(trainer.LearningRate);
        }
        Assert.Equal([lr0, lr0, lr0 * 0.5, lr0 * 0.5, lr0 * 0.5, lr0 * 0.25, lr0 * 0.25], lrs);
    }

    [Fact]
    public void Reduce_lr_on_plateau_respects_the_minimum_and_min_delta()
    {
        var cb = new ReduceLROnPlateau(factor: 0.1, patience: 1, minDelta: 0.05, minLr: 0.004);
        var trainer = Attach(cb);
        trainer.LearningRate = 0.05;
        cb.OnEpochEnd(0, new Logs { ["val_loss"] = 1.0 });
        cb.OnEpochEnd(1, new Logs { ["val_loss"] = 0.97 });
        Assert.Equal(0.005, trainer.LearningRate, 12);
        cb.OnEpochEnd(2, new Logs { ["val_loss"] = 0.96 });
        Assert.Equal(0.004, trainer.LearningRate, 12);
    }
}
