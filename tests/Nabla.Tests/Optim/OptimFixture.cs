using System.Text.Json;
using Nabla.Optim;

namespace Nabla.Tests.Optim;

/// <summary>Loads fixtures/optim.json (written by fixtures/generate_optim.py) and runs the shared quadratic problem.</summary>
internal static class OptimFixture
{
    private static readonly Lazy<JsonElement> s_root = new(() =>
    {
        string path = Path.Combine(AppContext.BaseDirectory, "fixtures", "optim.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.Clone();
    });

    public static JsonElement Root => s_root.Value;

    public static JsonElement Case(string section, string name)
    {
        foreach (var c in Root.GetProperty(section).EnumerateArray())
            if (c.GetProperty("name").GetString() == name) return c;
        throw new KeyNotFoundException($"optim.json: no {section} case '{name}'");
    }

    public static IEnumerable<string> Names(string section) =>
        Root.GetProperty(section).EnumerateArray().Select(c => c.GetProperty("name").GetString()!);

    public static float[] Floats(JsonElement e) => e.EnumerateArray().Select(x => x.GetSingle()).ToArray();

    public static double[] Doubles(JsonElement e) => e.EnumerateArray().Select(x => x.GetDouble()).ToArray();

    public static Dictionary<string, double> Options(JsonElement e)
    {
        var d = new Dictionary<string, double>();
        if (e.ValueKind != JsonValueKind.Object) return d;
        foreach (var p in e.EnumerateObject()) d[p.Name] = p.Value.GetDouble();
        return d;
    }

    /// <summary>The separable quadratic: parameters W [5, 7] and b [3] with gradient a ⊙ (w − c).</summary>
    public sealed class Problem
    {
        private readonly float[][] _a, _c;

        public Problem()
        {
            var p = Root.GetProperty("problem");
            var shapes = p.GetProperty("shapes").EnumerateArray().Select(s => s.EnumerateArray().Select(x => x.GetInt32()).ToArray()).ToArray();
            var init = p.GetProperty("init").EnumerateArray().Select(Floats).ToArray();
            _a = p.GetProperty("a").EnumerateArray().Select(Floats).ToArray();
            _c = p.GetProperty("c").EnumerateArray().Select(Floats).ToArray();
            Params = new Tensor[shapes.Length];
            for (int i = 0; i < shapes.Length; i++)
            {
                Params[i] = Tensor.FromArray(init[i], shapes[i]);
                Params[i].RequiresGrad = true;
            }
        }

        public Tensor[] Params { get; }

        /// <summary>Sets each parameter's gradient to a ⊙ (w − c) (float32, same operations as the generator).</summary>
        public void SetGradients(float scale = 1f)
        {
            for (int i = 0; i < Params.Length; i++)
            {
                var w = Params[i].ContiguousSpan();
                var g = new float[w.Length];
                for (int j = 0; j < w.Length; j++) g[j] = _a[i][j] * (w[j] - _c[i][j]) * scale;
                if (Params[i].Grad is Tensor existing)
                {
                    var s = existing.ContiguousSpan();
                    for (int j = 0; j < s.Length; j++) s[j] += g[j];
                }
                else
                {
                    Params[i].Grad = Tensor.FromArray(g, Params[i].Shape);
                }
            }
        }

        public float[] Flat() => Params.SelectMany(p => p.ContiguousSpan().ToArray()).ToArray();
    }

    public static Optimizer Create(string name, IEnumerable<ParamGroup> groups) => name switch
    {
        "SGD" => new Sgd(groups, lr: 0),
        "Adam" => new Adam(groups),
        "AdamW" => new AdamW(groups),
        "Adagrad" => new Adagrad(groups),
        "RMSprop" => new RmsProp(groups),
        "Adamax" => new Adamax(groups),
        "NAdam" => new NAdam(groups),
        "RAdam" => new RAdam(groups),
        "Adadelta" => new Adadelta(groups),
        "Lion" => new Lion(groups),
        _ => throw new ArgumentException($"unknown optimizer {name}"),
    };

    /// <summary>The optimizer of a fixture case over the problem's parameters, in one group or one group per parameter.</summary>
    public static Optimizer Create(JsonElement c, Problem problem)
    {
        var options = Options(c.GetProperty("options"));
        var groupsJson = c.GetProperty("groups");
        List<ParamGroup> groups;
        if (groupsJson.ValueKind == JsonValueKind.Array)
        {
            groups = [];
            int i = 0;
            foreach (var g in groupsJson.EnumerateArray())
            {
                var merged = new Dictionary<string, double>(options);
                foreach (var (k, v) in Options(g)) merged[k] = v;
                groups.Add(new ParamGroup([problem.Params[i++]], merged));
            }
        }
        else
        {
            groups = [new ParamGroup(problem.Params, options)];
        }
        var opt = Create(c.GetProperty("optimizer").GetString()!, groups);
        if (c.GetProperty("clip") is { ValueKind: JsonValueKind.Object } clip)
        {
            if (clip.TryGetProperty("clip_norm", out var n)) opt.MaxGradNorm = n.GetDouble();
            if (clip.TryGetProperty("clip_value", out var v)) opt.MaxGradValue = v.GetDouble();
        }
        return opt;
    }
}
