using System.Text.Json.Nodes;
using Nabla.Cli.Config;
using Nabla.Nn;
using Nabla.Serialization.Architecture;
using Nabla.Training;
using Nabla.Training.Callbacks;

namespace Nabla.Cli.Running;

/// <summary>Builds the model and the trainer a config describes.</summary>
public static class ModelFactory
{
    /// <summary>
    /// The model of <paramref name="config"/> for samples of <paramref name="inputShape"/>, seeded. With a
    /// <paramref name="vocabularySize"/> (text data), an <c>Embedding</c> whose <c>num_embeddings</c> is absent or
    /// <c>"auto"</c> gets that size.
    /// </summary>
    /// <exception cref="ConfigException">The model spec is invalid (the message has its JSON path).</exception>
    public static Module Build(RunConfig config, int[] inputShape, int? vocabularySize = null)
    {
        Generator.ManualSeed(config.Seed);
        var spec = config.Model;
        if (vocabularySize is int words)
        {
            spec = spec.DeepClone();
            FillEmbeddings(spec, words);
        }
        try
        {
            return ModelSpec.Build(spec, inputShape, "$.model");
        }
        catch (SpecException ex)
        {
            throw new ConfigException(ex.Message);
        }
    }

    private static void FillEmbeddings(JsonNode? node, int words)
    {
        if (node is JsonArray list)
            foreach (var item in list)
                FillEmbeddings(item, words);
        else if (node is JsonObject obj)
        {
            if (obj["type"] is JsonValue type && type.TryGetValue(out string? name) && name == "Embedding" &&
                (obj["num_embeddings"] is null || (obj["num_embeddings"] is JsonValue n && n.TryGetValue(out string? auto) && auto == "auto")))
                obj["num_embeddings"] = words;
            foreach (var (_, child) in obj)
                if (child is JsonArray or JsonObject)
                    FillEmbeddings(child, words);
        }
    }

    /// <summary>
    /// A trainer for <paramref name="model"/> with the optimizer, clipping, loss, metrics and penalties of
    /// <paramref name="config"/>, and its learning-rate schedule when <paramref name="stepsPerEpoch"/> is given.
    /// </summary>
    public static Trainer CreateTrainer(RunConfig config, Module model, int? stepsPerEpoch = null)
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
        if (stepsPerEpoch is int steps && config.Schedule is { } schedule)
        {
            try
            {
                trainer.Scheduler = schedule.Create(optimizer, config.Optimizer.Lr, config.Epochs, steps);
            }
            catch (ArgumentException ex)
            {
                throw new ConfigException($"$.schedule: {ex.Message}");
            }
            trainer.SchedulerPerBatch = schedule.PerBatch;
        }
        return trainer;
    }

    /// <summary>The plateau, early-stopping and NaN callbacks of <paramref name="config"/>.</summary>
    public static List<Callback> CreateCallbacks(RunConfig config)
    {
        var callbacks = new List<Callback>();
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
