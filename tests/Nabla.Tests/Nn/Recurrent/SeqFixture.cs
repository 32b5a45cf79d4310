using System.Text.Json;

namespace Nabla.Tests.Nn.Recurrent;

/// <summary>One case of fixtures/seq.json (written by fixtures/generate_seq.py with PyTorch 1.13).</summary>
public sealed class SeqCase
{
    private readonly Dictionary<string, (int[] Shape, float[] Data)> _tensors = [];

    internal SeqCase(JsonElement e)
    {
        Name = e.GetProperty("name").GetString()!;
        Kind = e.GetProperty("kind").GetString()!;
        Args = e.GetProperty("args").Clone();
        foreach (var t in e.GetProperty("tensors").EnumerateObject())
        {
            var shape = t.Value.GetProperty("shape").EnumerateArray().Select(x => x.GetInt32()).ToArray();
            var data = t.Value.GetProperty("data").EnumerateArray().Select(x => x.GetSingle()).ToArray();
            _tensors[t.Name] = (shape, data);
            Keys.Add(t.Name);
        }
    }

    public string Name { get; }
    public string Kind { get; }
    public JsonElement Args { get; }

    /// <summary>Tensor keys in the file's order (the state dict's keys come in PyTorch's order).</summary>
    public List<string> Keys { get; } = [];

    public int Int(string key) => Args.GetProperty(key).GetInt32();
    public bool Bool(string key) => Args.GetProperty(key).GetBoolean();
    public string String(string key) => Args.GetProperty(key).GetString()!;

    public bool Has(string key) => _tensors.ContainsKey(key);

    public float[] Data(string key) => _tensors[key].Data;

    public int[] Shape(string key) => _tensors[key].Shape;

    /// <summary>A fresh tensor holding the stored values; a leaf that requires grad when asked.</summary>
    public Tensor Tensor(string key, bool requiresGrad = false)
    {
        var (shape, data) = _tensors[key];
        var t = Nabla.Tensor.FromArray(data, shape);
        t.RequiresGrad = requiresGrad;
        return t;
    }

    /// <summary>PyTorch's state dict of the case ("param.&lt;name&gt;" entries), keyed by PyTorch's names.</summary>
    public Dictionary<string, Tensor> StateDict()
    {
        var state = new Dictionary<string, Tensor>();
        foreach (var k in Keys)
            if (k.StartsWith("param.", StringComparison.Ordinal))
                state[k["param.".Length..]] = Tensor(k);
        return state;
    }

    public override string ToString() => Name;
}

/// <summary>Loads fixtures/seq.json once and compares tensors with documented tolerances.</summary>
public static class SeqFixture
{
    private static readonly Lazy<Dictionary<string, SeqCase>> Cases = new(() =>
    {
        string path = Path.Combine(AppContext.BaseDirectory, "fixtures", "seq.json");
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        return doc.RootElement.GetProperty("cases").EnumerateArray().Select(e => new SeqCase(e)).ToDictionary(c => c.Name);
    });

    public static SeqCase Get(string name) => Cases.Value[name];

    public static IEnumerable<object[]> Names(params string[] kinds) =>
        Cases.Value.Values.Where(c => kinds.Contains(c.Kind)).Select(c => new object[] { c.Name });

    /// <summary>
    /// |actual − expected| ≤ atol + rtol·|expected| elementwise. The reference is computed in float64 from the same
    /// float32 inputs, so the difference is Nabla's float32 rounding through a few recurrent steps (sums of ≤ 40
    /// products per GEMM element, tanh/sigmoid chains): typically ~1e-6, bounded here by atol 2e-5 and rtol 1e-4.
    /// </summary>
    public static void Close(string what, float[] expected, Tensor? actual, double atol = 2e-5, double rtol = 1e-4)
    {
        Assert.NotNull(actual);
        var a = actual!.Contiguous().ToArray();
        Assert.True(a.Length == expected.Length, $"{what}: {a.Length} values, expected {expected.Length}");
        double worst = 0;
        int at = -1;
        for (int i = 0; i < a.Length; i++)
        {
            double excess = Math.Abs(a[i] - expected[i]) - (atol + rtol * Math.Abs(expected[i]));
            if (excess > worst || double.IsNaN(a[i]))
            {
                worst = double.IsNaN(a[i]) ? double.PositiveInfinity : excess;
                at = i;
            }
        }
        Assert.True(at < 0, at < 0 ? "" : $"{what}: element {at} is {a[at]}, expected {expected[at]} (beyond tolerance by {worst:G3})");
    }
}
