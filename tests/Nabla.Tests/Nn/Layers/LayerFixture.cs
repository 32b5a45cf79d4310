using System.Text.Json;
using System.Text.Json.Serialization;
using Nabla.Nn;

namespace Nabla.Tests.Nn.Layers;

/// <summary>A tensor in nn.json: shape, row-major values and (for checked results) the scale S of its tolerance.</summary>
public sealed class LayerTensor
{
    public int[] Shape { get; init; } = [];
    public float[] Data { get; init; } = [];
    /// <summary>Largest sum of |terms| in one element (see generate_nn.py), or null for inputs.</summary>
    public double? Scale { get; init; }

    /// <summary>A fresh tensor holding the values.</summary>
    public Tensor ToTensor() => Tensor.FromArray(Data, Shape);
}

/// <summary>Batch-norm cases: three more training inputs and the buffers after running them.</summary>
public sealed class LayerSteps
{
    public LayerTensor[] Inputs { get; init; } = [];
    public Dictionary<string, LayerTensor> State { get; init; } = [];
}

/// <summary>One torch.nn layer run once forward and backward in one mode, as written by fixtures/generate_nn.py.</summary>
public sealed class LayerCase
{
    public string Name { get; init; } = "";
    public string Layer { get; init; } = "";
    public Dictionary<string, JsonElement> Args { get; init; } = [];
    public string Mode { get; init; } = "";
    [JsonPropertyName("param_count")] public long ParamCount { get; init; }
    public Dictionary<string, LayerTensor> State { get; init; } = [];
    public LayerTensor Input { get; init; } = new();
    [JsonPropertyName("input_kind")] public string InputKind { get; init; } = "float";
    public LayerTensor Output { get; init; } = new();
    public LayerTensor Upstream { get; init; } = new();
    [JsonPropertyName("input_grad")] public LayerTensor? InputGrad { get; init; }
    [JsonPropertyName("param_grads")] public Dictionary<string, LayerTensor> ParamGrads { get; init; } = [];
    public LayerSteps? Steps { get; init; }

    /// <summary>True when the case runs the layer in training mode.</summary>
    public bool Training => Mode == "train";

    /// <summary>The PyTorch state dict as Nabla tensors (num_batches_tracked as a float, as Nabla keeps it).</summary>
    public Dictionary<string, Tensor> StateTensors()
    {
        var state = new Dictionary<string, Tensor>();
        foreach (var (key, t) in State) state[key] = t.ToTensor();
        return state;
    }

    public bool Has(string key) => Args.TryGetValue(key, out var v) && v.ValueKind != JsonValueKind.Null;

    public int Int(string key, int fallback) => Has(key) ? Args[key].GetInt32() : fallback;

    public float Float(string key, float fallback) => Has(key) ? Args[key].GetSingle() : fallback;

    public bool Bool(string key, bool fallback) => Has(key) ? Args[key].GetBoolean() : fallback;

    public int[] Ints(string key) => Args[key].EnumerateArray().Select(e => e.GetInt32()).ToArray();

    public Size2? Pair(string key) => Has(key) ? (Size2)(Ints(key)[0], Ints(key)[1]) : null;

    public override string ToString() => Name;
}

/// <summary>The nn.json file.</summary>
public sealed class LayerFixtureFile
{
    public string Generator { get; init; } = "";
    public string Torch { get; init; } = "";
    public LayerCase[] Cases { get; init; } = [];
}

/// <summary>Loads fixtures/nn.json once and builds the Nabla layer that matches each case's torch.nn layer.</summary>
public static class LayerFixture
{
    private static readonly Lazy<IReadOnlyDictionary<string, LayerCase>> All = new(Load);

    /// <summary>Cases by name (e.g. "conv2d_train").</summary>
    public static IReadOnlyDictionary<string, LayerCase> Cases => All.Value;

    private static IReadOnlyDictionary<string, LayerCase> Load()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "fixtures", "nn.json");
        if (!File.Exists(path))
            throw new FileNotFoundException($"fixture {path} is missing; regenerate it with /usr/bin/python3 tests/Nabla.Tests/fixtures/generate_nn.py", path);
        using var stream = File.OpenRead(path);
        var file = JsonSerializer.Deserialize<LayerFixtureFile>(stream, new JsonSerializerOptions { PropertyNameCaseInsensitive = true })
                   ?? throw new InvalidDataException($"fixture {path} is empty");
        var byName = new Dictionary<string, LayerCase>(StringComparer.Ordinal);
        foreach (var c in file.Cases)
            if (!byName.TryAdd(c.Name, c)) throw new InvalidDataException($"fixture {path}: case '{c.Name}' appears twice");
        return byName;
    }

    /// <summary>The Nabla layer built with the arguments the generator gave the torch.nn layer.</summary>
    public static Module Build(LayerCase c) => c.Layer switch
    {
        "Linear" => new Linear(c.Int("in", 0), c.Int("out", 0), bias: c.Bool("bias", true)),
        "Conv1d" => new Conv1d(c.Int("in", 0), c.Int("out", 0), c.Ints("kernel")[0],
            stride: c.Has("stride") ? c.Ints("stride")[0] : 1, padding: c.Has("padding") ? c.Ints("padding")[0] : 0,
            dilation: c.Has("dilation") ? c.Ints("dilation")[0] : 1, groups: c.Int("groups", 1), bias: c.Bool("bias", true)),
        "Conv2d" => new Conv2d(c.Int("in", 0), c.Int("out", 0), c.Pair("kernel")!.Value, c.Pair("stride"), c.Pair("padding"),
            c.Pair("dilation"), c.Int("groups", 1), c.Bool("bias", true)),
        "ConvTranspose2d" => new ConvTranspose2d(c.Int("in", 0), c.Int("out", 0), c.Pair("kernel")!.Value, c.Pair("stride"),
            c.Pair("padding"), c.Pair("output_padding"), c.Int("groups", 1), c.Bool("bias", true), c.Pair("dilation")),
        "MaxPool1d" => new MaxPool1d(c.Ints("kernel")[0], c.Has("stride") ? c.Ints("stride")[0] : null,
            c.Has("padding") ? c.Ints("padding")[0] : 0),
        "MaxPool2d" => new MaxPool2d(c.Pair("kernel")!.Value, c.Pair("stride"), c.Pair("padding"), ceilMode: c.Bool("ceil_mode", false)),
        "AvgPool2d" => new AvgPool2d(c.Pair("kernel")!.Value, c.Pair("stride"), c.Pair("padding"), c.Bool("ceil_mode", false),
            c.Bool("count_include_pad", true)),
        "AdaptiveAvgPool2d" => new AdaptiveAvgPool2d(c.Pair("output_size")!.Value),
        "Flatten" => new Flatten(c.Int("start_dim", 1), c.Int("end_dim", -1)),
        "Unflatten" => new Unflatten(c.Int("dim", 0), c.Ints("sizes")),
        "BatchNorm1d" => new BatchNorm1d(c.Int("features", 0), c.Float("eps", 1e-5f), c.Float("momentum", 0.1f), c.Bool("affine", true)),
        "BatchNorm2d" => new BatchNorm2d(c.Int("features", 0), c.Float("eps", 1e-5f), c.Float("momentum", 0.1f), c.Bool("affine", true)),
        "LayerNorm" => new LayerNorm(c.Ints("shape"), c.Float("eps", 1e-5f)),
        "GroupNorm" => new GroupNorm(c.Int("groups", 0), c.Int("channels", 0)),
        "Dropout" => new Dropout(c.Float("p", 0.5f)),
        "Dropout2d" => new Dropout2d(c.Float("p", 0.5f)),
        "Embedding" => new Embedding(c.Int("num", 0), c.Int("dim", 0), c.Has("padding_idx") ? c.Int("padding_idx", 0) : null),
        "Identity" => new Identity(),
        "Upsample" => c.Has("size") ? new Upsample(c.Pair("size")!.Value) : new Upsample((c.Args["scale"][0].GetSingle(), c.Args["scale"][1].GetSingle())),
        "ReLU" => new ReLU(),
        "LeakyReLU" => new LeakyReLU(c.Float("slope", 0.01f)),
        "PReLU" => new PReLU(c.Int("num", 1), c.Float("init", 0.25f)),
        "ELU" => new ELU(c.Float("alpha", 1f)),
        "SELU" => new SELU(),
        "GELU" => new GELU(c.Bool("tanh", false)),
        "SiLU" => new SiLU(),
        "Mish" => new Mish(),
        "Sigmoid" => new Sigmoid(),
        "Tanh" => new Tanh(),
        "Hardtanh" => new Hardtanh(c.Float("min", -1f), c.Float("max", 1f)),
        "Softplus" => new Softplus(c.Float("beta", 1f), c.Float("threshold", 20f)),
        "Softmax" => new Softmax(c.Int("dim", -1)),
        "LogSoftmax" => new LogSoftmax(c.Int("dim", -1)),
        "Model" => SmallModel(),
        "ShortcutModel" => ShortcutModel(),
        _ => throw new InvalidDataException($"nn.json: no Nabla layer for '{c.Layer}'"),
    };

    /// <summary>The generator's "model": conv-BN-ReLU, a residual conv-BN-tanh block, max-pool, flatten, dropout(0), linear.</summary>
    public static Sequential SmallModel() => new(
        new Conv2d(2, 4, 3, padding: 1),
        new BatchNorm2d(4),
        new ReLU(),
        new Residual(new Sequential(new Conv2d(4, 4, 3, padding: 1, bias: false), new BatchNorm2d(4), new Tanh())),
        new MaxPool2d(2),
        new Flatten(),
        new Dropout(0f),
        new Linear(16, 3));

    /// <summary>The generator's "model_shortcut": a residual block with a 1×1 convolution shortcut, global pooling, linear.</summary>
    public static Sequential ShortcutModel() => new(
        new Residual(new Sequential(new Conv2d(2, 3, 3, padding: 1), new ReLU()), new Conv2d(2, 3, 1, bias: false)),
        new AdaptiveAvgPool2d(1),
        new Flatten(),
        new Linear(3, 2));
}
