using Nabla.Cli.Config;
using Nabla.Nn;
using Nabla.Serialization.Architecture;
using Nabla.Training;
using Nabla.Training.Callbacks;

namespace Nabla.Cli.Running;

/// <summary>Builds the model and the trainer a config describes.</summary>
public static class ModelFactory
{
    /// <summary>The model of <paramref name="config"/> for samples of <paramref name="inputShape"/>, seeded.</summary>
    /// <exception cref="ConfigException">The model spec is invalid (the message has its JSON path).</exception>
    public static Module Build(RunConfig config, int[] inputShape)
    {
        Generator.ManualSeed(config.Seed);
        try
        {
            return ModelSpec.Build(config.Model, inputShape, "$.model");
        }
        catch (SpecException ex)
        {
            throw new ConfigException(ex.Message);
        }
    }

    /// <summary>A trainer for <paramref name="model"/> with the optimizer, clipping, loss, metrics and penalties of <paramref name="config"/>.</summary>
    public static Trainer CreateTrainer(RunConfig config, Module model)
    {
        var optimizer = config.Optimizer.Create(model.Parameters());
        optimizer.MaxGradNorm = config.ClipNorm;
        optimizer.MaxGradValue = config.ClipValue;
        var trainer = new Trainer(model, optimizer, config.Loss.Create(), config.CreateMetrics(), config.Seed);
        if (config.L1 > 0 || config.L2 > 0)
        {
            var weights = model.Parameters().Where(p => p.Rank >= 2).ToList();
            float l1 = (float)config.L1, l2 = (float)config.L2;
            trainer.Penalty = () =>
            {
                if (l1 > 0 && l2 > 0)
                    return Nabla.Optim.Regularizers.L1(weights, l1) + Nabla.Optim.Regularizers.L2(weights, l2);
                return l1 > 0 ? Nabla.Optim.Regularizers.L1(weights, l1) : Nabla.Optim.Regularizers.L2(weights, l2);
            };
        }
        return trainer;
    }

    /// <summary>The schedule, plateau, early-stopping and NaN callbacks of <paramref name="config"/>.</summary>
    public static List<Callback> CreateCallbacks(RunConfig config)
    {
        var callbacks = new List<Callback>();
        if (config.Schedule is { } schedule)
        {
            double baseLr = config.Optimizer.Lr;
            callbacks.Add(new LearningRateScheduler((epoch, _) => schedule.LearningRate(epoch, baseLr, config.Epochs)));
        }
        var c = config.Callbacks;
        if (c.ReduceLr is { } r)
            callbacks.Add(new ReduceLROnPlateau(r.Monitor, r.Factor, r.Patience, MonitorMode.Auto, r.MinDelta, r.Cooldown, r.MinLr));
        if (c.EarlyStopping is { } e)
            callbacks.Add(new EarlyStopping(e.Monitor, e.MinDelta, e.Patience, e.Mode, restoreBestWeights: e.RestoreBestWeights));
        if (c.TerminateOnNaN)
            callbacks.Add(new TerminateOnNaN(TextWriter.Null));
        return callbacks;
    }
}
