using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nabla.Nn;
using Nabla.Optim;
using Nabla.Optim.Schedules;
using Nabla.Serialization.Architecture;
using Nabla.Training;

namespace Nabla.Serialization;

/// <summary>
/// Saves and restores training in one safetensors file, written atomically (temporary file, flush, rename), so a
/// crash mid-save leaves the previous checkpoint intact. Tensors: <c>model.&lt;state-dict name&gt;</c> (PyTorch names)
/// and <c>optimizer.&lt;param index&gt;.&lt;state name&gt;</c>. Metadata (JSON strings): <c>format</c>, <c>architecture</c>
/// (when the model is made of built-in layers), <c>optimizer</c> (type, groups, scalar state), <c>trainer</c> (completed
/// epochs, global step, seed, the default generator's exact state) and <c>history</c> (CSV). Restoring all of it makes a
/// resumed run bit-identical to an uninterrupted one.
/// </summary>
public static class Checkpoint
{
    /// <summary>The format tag written to every Nabla checkpoint.</summary>
    public const string Format = "nabla.checkpoint/1";

    private const string ModelPrefix = "model.";
    private const string OptimizerPrefix = "optimizer.";

    /// <summary>Writes the model, optimizer, trainer state and history of <paramref name="trainer"/> to <paramref name="path"/>.</summary>
    public static void Save(string path, Trainer trainer)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        var tensors = ModelTensors(trainer.Model);
        var optimizer = trainer.Optimizer.StateDict();
        var scalars = new JsonObject();
        foreach (var (index, entry) in optimizer.State)
        {
            foreach (var (name, t) in entry.Tensors)
                tensors[$"{OptimizerPrefix}{index}.{name}"] = t;
            scalars[index.ToString(CultureInfo.InvariantCulture)] = ToJson(entry.Scalars);
        }
        var groups = new JsonArray();
        foreach (var g in optimizer.ParamGroups)
            groups.Add((JsonNode)new JsonObject { ["options"] = ToJson(g.Options), ["params"] = new JsonArray([.. g.Params.Select(p => (JsonNode)p)]) });
        var metadata = ModelMetadata(trainer.Model);
        metadata["optimizer"] = new JsonObject
        {
            ["type"] = trainer.Optimizer.GetType().Name,
            ["param_groups"] = groups,
            ["state"] = scalars,
        }.ToJsonString();
        metadata["trainer"] = new JsonObject
        {
            ["completed_epochs"] = trainer.CompletedEpochs,
            ["global_step"] = trainer.GlobalStep,
            ["seed"] = trainer.Seed,
            ["generator"] = Generator.Default.GetState(),
        }.ToJsonString();
        metadata["history"] = trainer.History.ToCsv();
        if (trainer.Scheduler is not null)
            metadata["scheduler"] = SchedulerJson(trainer.Scheduler);
        SafeTensors.Save(path, tensors, metadata);
    }

    /// <summary>Writes only the model's weights (and its architecture when it has one) to <paramref name="path"/>.</summary>
    public static void SaveWeights(string path, Module model)
    {
        ArgumentNullException.ThrowIfNull(model);
        SafeTensors.Save(path, ModelTensors(model), ModelMetadata(model));
    }

    /// <summary>
    /// Restores a checkpoint written by <see cref="Save"/> into <paramref name="trainer"/>: weights, optimizer state,
    /// completed epochs, global step, history and the default generator's state. Everything is read and checked before
    /// anything is changed; errors name the file and what does not fit.
    /// </summary>
    public static void Load(string path, Trainer trainer)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        var data = SafeTensors.Load(path);
        RequireFormat(path, data.Metadata);
        var modelState = ExtractModel(data);
        var optimizerState = ReadOptimizer(path, data, trainer.Optimizer);
        var trainerState = Json(path, data.Metadata, "trainer");
        string history = data.Metadata.TryGetValue("history", out var h) ? h : "";
        var scheduler = trainer.Scheduler is null ? null : ReadScheduler(path, data.Metadata, trainer.Scheduler);
        try
        {
            trainer.Model.LoadStateDict(modelState);
            trainer.Optimizer.LoadStateDict(optimizerState);
            if (scheduler is not null)
                trainer.Scheduler!.LoadStateDict(scheduler);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            throw new InvalidDataException($"Checkpoint '{path}' does not fit this trainer: {ex.Message}", ex);
        }
        trainer.CompletedEpochs = trainerState["completed_epochs"]?.GetValue<int>() ?? 0;
        trainer.GlobalStep = trainerState["global_step"]?.GetValue<long>() ?? 0;
        if (trainerState["generator"]?.GetValue<string>() is string rng)
            Generator.Default.SetState(rng);
        trainer.History = History.FromCsv(history);
    }

    /// <summary>Loads the weights of any checkpoint (full or weights-only) into <paramref name="model"/>.</summary>
    public static LoadResult LoadWeights(string path, Module model, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(model);
        var data = SafeTensors.Load(path);
        var state = data.Metadata.ContainsKey("format") ? ExtractModel(data) : new Dictionary<string, Tensor>(data.Tensors);
        try
        {
            return model.LoadStateDict(state, strict);
        }
        catch (InvalidOperationException ex)
        {
            throw new InvalidDataException($"Checkpoint '{path}': {ex.Message}", ex);
        }
    }

    /// <summary>Rebuilds the model stored in a checkpoint from its architecture and loads its weights, without code.</summary>
    public static Module LoadModel(string path)
    {
        var header = SafeTensors.ReadHeader(path);
        if (!header.Metadata.TryGetValue("architecture", out var architecture))
            throw new InvalidDataException(
                $"Checkpoint '{path}' has no architecture (a custom module, or a file not written by Nabla); build the model in code and use LoadWeights");
        Module model;
        try
        {
            model = ModelSpec.Parse(architecture);
        }
        catch (SpecException ex)
        {
            throw new InvalidDataException($"Checkpoint '{path}': the stored architecture is invalid: {ex.Message}", ex);
        }
        LoadWeights(path, model);
        return model;
    }

    private static Dictionary<string, Tensor> ModelTensors(Module model)
    {
        var tensors = new Dictionary<string, Tensor>();
        foreach (var (name, t) in model.StateDict())
            tensors[ModelPrefix + name] = t.Detach();
        return tensors;
    }

    private static Dictionary<string, string> ModelMetadata(Module model)
    {
        var metadata = new Dictionary<string, string> { ["format"] = Format };
        try
        {
            metadata["architecture"] = ModelSpec.Describe(model).ToJsonString();
        }
        catch (NotSupportedException)
        {
        }
        return metadata;
    }

    private static Dictionary<string, Tensor> ExtractModel(SafeTensorsData data)
    {
        var state = new Dictionary<string, Tensor>();
        foreach (var (name, t) in data.Tensors)
            if (name.StartsWith(ModelPrefix, StringComparison.Ordinal))
                state[name[ModelPrefix.Length..]] = t;
        return state;
    }

    private static OptimizerStateDict ReadOptimizer(string path, SafeTensorsData data, Optimizer optimizer)
    {
        var node = Json(path, data.Metadata, "optimizer");
        string? type = node["type"]?.GetValue<string>();
        if (type != optimizer.GetType().Name)
            throw new InvalidDataException($"Checkpoint '{path}' holds {type ?? "no"} optimizer state, but the trainer uses {optimizer.GetType().Name}");
        var dict = new OptimizerStateDict();
        foreach (var g in node["param_groups"]?.AsArray() ?? [])
            dict.ParamGroups.Add(new ParamGroupEntry(FromJson(g!["options"]!.AsObject()), [.. g["params"]!.AsArray().Select(p => p!.GetValue<int>())]));
        foreach (var (key, scalars) in node["state"]?.AsObject() ?? [])
        {
            int index = int.Parse(key, CultureInfo.InvariantCulture);
            var tensors = new Dictionary<string, Tensor>();
            string prefix = $"{OptimizerPrefix}{index}.";
            foreach (var (name, t) in data.Tensors)
                if (name.StartsWith(prefix, StringComparison.Ordinal))
                    tensors[name[prefix.Length..]] = t;
            dict.State[index] = new ParamStateEntry(FromJson(scalars!.AsObject()), tensors);
        }
        return dict;
    }

    private static string SchedulerJson(LrScheduler scheduler)
    {
        var state = scheduler.StateDict();
        var lists = new JsonObject();
        foreach (var (k, v) in state.Lists)
            lists[k] = new JsonArray([.. v.Select(x => (JsonNode)x)]);
        return new JsonObject { ["type"] = scheduler.GetType().Name, ["scalars"] = ToJson(state.Scalars), ["lists"] = lists }.ToJsonString();
    }

    private static SchedulerStateDict ReadScheduler(string path, IReadOnlyDictionary<string, string> metadata, LrScheduler scheduler)
    {
        var node = Json(path, metadata, "scheduler");
        string? type = node["type"]?.GetValue<string>();
        if (type != scheduler.GetType().Name)
            throw new InvalidDataException($"Checkpoint '{path}' holds {type ?? "no"} scheduler state, but the trainer uses {scheduler.GetType().Name}");
        var state = new SchedulerStateDict();
        foreach (var (k, v) in FromJson(node["scalars"]?.AsObject() ?? []))
            state.Scalars[k] = v;
        foreach (var (k, v) in node["lists"]?.AsObject() ?? [])
            state.Lists[k] = [.. v!.AsArray().Select(x => x!.GetValue<double>())];
        return state;
    }

    private static void RequireFormat(string path, IReadOnlyDictionary<string, string> metadata)
    {
        if (!metadata.TryGetValue("format", out var format) || format != Format)
            throw new InvalidDataException(
                $"'{path}' is not a Nabla training checkpoint (format '{format ?? "missing"}', expected '{Format}'); use LoadWeights for a weights file");
    }

    private static JsonObject Json(string path, IReadOnlyDictionary<string, string> metadata, string key)
    {
        if (!metadata.TryGetValue(key, out var text))
            throw new InvalidDataException($"Checkpoint '{path}' lacks its '{key}' metadata (an incomplete or weights-only file)");
        try
        {
            return JsonNode.Parse(text) as JsonObject ?? throw new InvalidDataException($"Checkpoint '{path}': metadata '{key}' is not a JSON object");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"Checkpoint '{path}': metadata '{key}' is not valid JSON: {ex.Message}", ex);
        }
    }

    private static JsonObject ToJson(Dictionary<string, double> values)
    {
        var o = new JsonObject();
        foreach (var (k, v) in values)
            o[k] = double.IsFinite(v) ? v : v.ToString("R", CultureInfo.InvariantCulture);
        return o;
    }

    private static Dictionary<string, double> FromJson(JsonObject o)
    {
        var d = new Dictionary<string, double>();
        foreach (var (k, v) in o)
            d[k] = v is JsonValue jv && jv.TryGetValue(out double x) ? x : double.Parse(v!.GetValue<string>(), CultureInfo.InvariantCulture);
        return d;
    }
}
