using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nabla.Tests.Reference;

/// <summary>One input of a reference case: its data, and (for differentiable inputs) the expected gradient.</summary>
public sealed class FixtureInput
{
    /// <summary>"float" (a value, differentiable when <see cref="Grad"/> is present), "index" or "mask".</summary>
    public string Kind { get; init; } = "float";
    public int[] Shape { get; init; } = [];
    public float[] Data { get; init; } = [];
    /// <summary>The op receives the leaf transposed over its last two dimensions (a non-contiguous view).</summary>
    public bool Transposed { get; init; }
    /// <summary>Expected gradient with respect to the leaf (same shape as the leaf), or null.</summary>
    public float[]? Grad { get; init; }
    /// <summary>Largest sum of |terms| accumulated into one gradient element, where the generator computed it.</summary>
    public double? GradScale { get; init; }
}

/// <summary>One output of a reference case: its expected value and, if differentiable, the upstream gradient.</summary>
public sealed class FixtureOutput
{
    public int[] Shape { get; init; } = [];
    public float[] Data { get; init; } = [];
    public float[]? Upstream { get; init; }
    /// <summary>Largest sum of |terms| accumulated into one output element, where the generator computed it.</summary>
    public double? Scale { get; init; }
}

/// <summary>A single op applied to fixed inputs, with PyTorch's forward and backward results.</summary>
public sealed class FixtureCase
{
    public string Name { get; init; } = "";
    public string Op { get; init; } = "";
    public Dictionary<string, JsonElement> Args { get; init; } = [];
    public FixtureInput[] Inputs { get; init; } = [];
    public FixtureOutput[] Outputs { get; init; } = [];

    public bool Has(string key) => Args.TryGetValue(key, out var v) && v.ValueKind != JsonValueKind.Null;

    public int Int(string key) => Arg(key).GetInt32();

    public int? OptionalInt(string key) => Has(key) ? Arg(key).GetInt32() : null;

    public float Float(string key) => Arg(key).GetSingle();

    public float Float(string key, float fallback) => Has(key) ? Arg(key).GetSingle() : fallback;

    public bool Bool(string key) => Arg(key).GetBoolean();

    public string String(string key) => Arg(key).GetString() ?? throw new InvalidDataException($"{Name}: argument '{key}' is null");

    public int[] Ints(string key) => Arg(key).EnumerateArray().Select(e => e.GetInt32()).ToArray();

    private JsonElement Arg(string key) =>
        Args.TryGetValue(key, out var v) ? v : throw new InvalidDataException($"{Name}: fixture case has no argument '{key}'");

    public override string ToString() => Name;
}

/// <summary>The fixture file written by fixtures/generate.py.</summary>
public sealed class FixtureFile
{
    public string Generator { get; init; } = "";
    public string Torch { get; init; } = "";
    public long Seed { get; init; }
    public FixtureCase[] Cases { get; init; } = [];
}

/// <summary>Loads fixture files (copied next to the test assembly) once per test run.</summary>
public static class Fixture
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNameCaseInsensitive = true,
        NumberHandling = JsonNumberHandling.Strict,
    };

    private static readonly Lazy<IReadOnlyDictionary<string, FixtureCase>> OpsCases = new(() => Load("ops.json"));

    /// <summary>The cases of fixtures/ops.json by name.</summary>
    public static IReadOnlyDictionary<string, FixtureCase> Ops => OpsCases.Value;

    /// <summary>Reads fixtures/<paramref name="fileName"/> and indexes its cases by name (names must be unique).</summary>
    public static IReadOnlyDictionary<string, FixtureCase> Load(string fileName)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "fixtures", fileName);
        if (!File.Exists(path))
            throw new FileNotFoundException($"fixture {path} is missing; regenerate it with /usr/bin/python3 tests/Nabla.Tests/fixtures/generate.py", path);
        using var stream = File.OpenRead(path);
        var file = JsonSerializer.Deserialize<FixtureFile>(stream, Options)
                   ?? throw new InvalidDataException($"fixture {path} is empty");
        var byName = new Dictionary<string, FixtureCase>(StringComparer.Ordinal);
        foreach (var c in file.Cases)
            if (!byName.TryAdd(c.Name, c)) throw new InvalidDataException($"fixture {path}: case name '{c.Name}' appears twice");
        return byName;
    }
}
