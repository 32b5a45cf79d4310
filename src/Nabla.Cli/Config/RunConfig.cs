using System.Text.Json;
using System.Text.Json.Nodes;
using Nabla.Serialization.Architecture;
using Nabla.Training.Metrics;

namespace Nabla.Cli.Config;

/// <summary>
/// A validated training configuration (the schema is documented in CONFIG.md). <see cref="Resolved"/> is the
/// same configuration with every default filled in, as written to <c>config.resolved.json</c>.
/// </summary>
public sealed class RunConfig
{
    /// <summary>The metric names a config can use.</summary>
    public static readonly string[] MetricNames = ["accuracy", "top_5_accuracy", "precision", "recall", "f1", "mae", "mse", "rmse", "r2"];

    private RunConfig(JsonObject resolved) => Resolved = resolved;

    /// <summary>The configuration with defaults filled in.</summary>
    public JsonObject Resolved { get; }

    /// <summary>Run name (the run directory's name), or null for a timestamp.</summary>
    public string? Name { get; private set; }

    /// <summary>Seed of initialization, shuffling, augmentation and splits.</summary>
    public ulong Seed { get; private set; }

    /// <summary>The data section.</summary>
    public DataConfig Data { get; private set; } = null!;

    /// <summary>The model spec (a <see cref="ModelSpec"/> layer, or a list of layers for a Sequential).</summary>
    public JsonNode Model { get; private set; } = null!;

    /// <summary>The optimizer section.</summary>
    public OptimizerConfig Optimizer { get; private set; } = null!;

    /// <summary>The learning-rate schedule, or null for a constant rate.</summary>
    public ScheduleConfig? Schedule { get; private set; }

    /// <summary>The loss section.</summary>
    public LossConfig Loss { get; private set; } = null!;

    /// <summary>Metric names (see <see cref="MetricNames"/>).</summary>
    public IReadOnlyList<string> Metrics { get; private set; } = [];

    /// <summary>Training epochs.</summary>
    public int Epochs { get; private set; }

    /// <summary>Samples per batch.</summary>
    public int BatchSize { get; private set; }

    /// <summary>Batches per epoch (null: the whole training set).</summary>
    public int? StepsPerEpoch { get; private set; }

    /// <summary>Clip the global gradient norm to this value (null: no clipping).</summary>
    public double? ClipNorm { get; private set; }

    /// <summary>Clip every gradient element to ±this value (null: no clipping).</summary>
    public double? ClipValue { get; private set; }

    /// <summary>L1 penalty λ₁·Σ|w| on the weights (parameters of rank ≥ 2).</summary>
    public double L1 { get; private set; }

    /// <summary>L2 penalty λ₂·Σw² on the weights (parameters of rank ≥ 2).</summary>
    public double L2 { get; private set; }

    /// <summary>The callbacks section.</summary>
    public CallbacksConfig Callbacks { get; private set; } = null!;

    /// <summary>Background threads preparing training batches.</summary>
    public int Workers { get; private set; }

    /// <summary>Parses and validates a configuration (a copy of <paramref name="root"/> is resolved).</summary>
    /// <exception cref="ConfigException">A value is missing, of the wrong type, out of range or not allowed.</exception>
    public static RunConfig Parse(JsonObject root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var resolved = (JsonObject)root.DeepClone();
        var config = new RunConfig(resolved);
        var s = new ConfigSection(resolved, "$");
        config.Name = s.String("name", null);
        if (config.Name is { } name && (name.Length == 0 || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || name is "." or ".."))
            throw s.Bad("name", "a file name (no slashes)");
        config.Seed = (ulong)s.Number("seed", 0, 0, 9007199254740991);
        if (s.Raw("seed") is JsonValue sv && sv.GetValue<double>() != Math.Floor(sv.GetValue<double>()))
            throw s.Bad("seed", "a non-negative integer");
        config.Data = DataConfig.Read(s.Section("data", create: true)!);
        NormalizeModel(resolved);
        config.Model = s.Raw("model") ?? throw new ConfigException(
            "$.model: null is not valid; expected a layer object such as {\"type\": \"Sequential\", \"layers\": [...]} or a list of layers; layer types: " +
            string.Join(", ", ModelSpec.LayerTypes));
        config.Optimizer = OptimizerConfig.Read(s.Section("optimizer", create: true, nameShorthand: true)!);
        var schedule = s.Section("schedule", create: false, nameShorthand: true);
        config.Schedule = schedule is null ? null : ScheduleConfig.Read(schedule);
        config.Loss = LossConfig.Read(s.Section("loss", create: true, nameShorthand: true)!);
        config.Metrics = ReadMetrics(s, config.Loss.Classification);
        config.Epochs = s.Int("epochs", 5, 0, 100_000);
        config.BatchSize = s.Int("batch_size", 64, 1, 1 << 20);
        config.StepsPerEpoch = s.OptionalInt("steps_per_epoch", 1);
        var clip = s.Section("gradient_clipping", create: true)!;
        config.ClipNorm = clip.OptionalNumber("max_norm", 0);
        config.ClipValue = clip.OptionalNumber("max_value", 0);
        clip.Finish();
        var reg = s.Section("regularization", create: true)!;
        config.L1 = reg.Number("l1", 0, 0);
        config.L2 = reg.Number("l2", 0, 0);
        reg.Finish();
        config.Callbacks = CallbacksConfig.Read(s.Section("callbacks", create: true)!, config.Data.ValidationSplit > 0);
        config.Workers = s.Int("workers", 0, 0, 64);
        s.Finish();
        return config;
    }

    /// <summary>Rewrites a model given as a list of layers as <c>{"type": "Sequential", "layers": [...]}</c>.</summary>
    public static void NormalizeModel(JsonObject root)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (root["model"] is JsonArray layers)
        {
            root.Remove("model");
            root["model"] = new JsonObject { ["type"] = "Sequential", ["layers"] = layers };
        }
    }

    /// <summary>Parses JSON text (see <see cref="Parse(JsonObject)"/>); <paramref name="source"/> names it in errors.</summary>
    public static JsonObject ParseJson(string json, string source)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new ConfigException($"{source}: not valid JSON: {ex.Message}");
        }
        return node as JsonObject ?? throw new ConfigException($"$: {source} must hold a JSON object, got {ConfigSection.Show(node)}");
    }

    /// <summary>Creates fresh metric objects for a trainer.</summary>
    public List<Metric> CreateMetrics()
    {
        var list = new List<Metric>();
        foreach (string m in Metrics)
            list.Add(m switch
            {
                "accuracy" => new Accuracy(),
                "top_5_accuracy" => new TopKAccuracy(5),
                "precision" => new Precision(ClassAverage.Macro, fromLogits: true),
                "recall" => new Recall(ClassAverage.Macro, fromLogits: true),
                "f1" => new F1Score(ClassAverage.Macro, fromLogits: true, name: "f1"),
                "mae" => new MeanAbsoluteError(),
                "mse" => new MeanSquaredError(),
                "rmse" => new RootMeanSquaredError(),
                "r2" => new R2Score(),
                _ => throw new InvalidOperationException($"metric '{m}' has no factory"),
            });
        return list;
    }

    private static List<string> ReadMetrics(ConfigSection s, bool classification)
    {
        var node = s.Raw("metrics");
        if (node is null)
        {
            var fallback = classification ? new List<string> { "accuracy" } : ["mae"];
            s.Node["metrics"] = new JsonArray([.. fallback.Select(m => (JsonNode)JsonValue.Create(m))]);
            return fallback;
        }
        if (node is JsonValue one && one.TryGetValue(out string? single))
        {
            s.Node["metrics"] = new JsonArray(JsonValue.Create(single));
            node = s.Node["metrics"];
        }
        if (node is not JsonArray array)
            throw s.Bad("metrics", $"a list of metric names; allowed: {string.Join(", ", MetricNames)}");
        var result = new List<string>();
        for (int i = 0; i < array.Count; i++)
        {
            string? name = array[i] is JsonValue v && v.TryGetValue(out string? n) ? n : null;
            if (name is null || !MetricNames.Contains(name))
                throw new ConfigException($"{s.PathOf("metrics")}[{i}]: {ConfigSection.Show(array[i])} is not allowed; allowed: {string.Join(", ", MetricNames)}");
            if (!result.Contains(name))
                result.Add(name);
        }
        return result;
    }
}
