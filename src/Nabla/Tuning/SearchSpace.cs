using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nabla.Tuning;

/// <summary>
/// The hyper-parameters of a search, in order, each with its <see cref="Distribution"/>. Names are free-form; the
/// CLI uses config paths such as <c>optimizer.lr</c> or <c>model.layers[1].out_features</c> (see <see cref="ConfigPath"/>).
/// </summary>
/// <remarks>
/// JSON form (<see cref="FromJson"/>), one entry per parameter:
/// <code>
/// {"optimizer.lr":   {"type": "loguniform", "low": 1e-4, "high": 1e-1},
///  "optimizer.name": {"type": "choice", "values": ["adam", "sgd"]},
///  "model.layers[1].out_features": {"type": "int", "low": 32, "high": 256, "log": true},
///  "model.dropout":  {"type": "uniform", "low": 0.0, "high": 0.5}}
/// </code>
/// Types: <c>uniform</c>, <c>loguniform</c> (also <c>uniform</c> with <c>"log": true</c>), <c>int</c> (optional
/// <c>log</c>), <c>choice</c> (<c>values</c>: any JSON values).
/// </remarks>
public sealed class SearchSpace
{
    private readonly List<KeyValuePair<string, Distribution>> _parameters = [];

    /// <summary>An empty space; add parameters with <see cref="Add"/>.</summary>
    public SearchSpace() { }

    /// <summary>The parameters in order.</summary>
    public IReadOnlyList<KeyValuePair<string, Distribution>> Parameters => _parameters;

    /// <summary>Number of parameters.</summary>
    public int Count => _parameters.Count;

    /// <summary>The distribution of <paramref name="name"/>.</summary>
    public Distribution this[string name] =>
        _parameters.Find(p => p.Key == name).Value ?? throw new KeyNotFoundException($"SearchSpace: no parameter '{name}'");

    /// <summary>Adds a parameter (names must be unique); returns this space.</summary>
    public SearchSpace Add(string name, Distribution distribution)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(distribution);
        if (_parameters.Exists(p => p.Key == name))
            throw new ArgumentException($"SearchSpace: parameter '{name}' is defined twice");
        _parameters.Add(new(name, distribution));
        return this;
    }

    /// <summary>Parses the JSON form (see the class remarks); errors name the parameter and what is wrong.</summary>
    public static SearchSpace FromJson(string json)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"SearchSpace: invalid JSON: {ex.Message}", ex);
        }
        if (root is not JsonObject obj)
            throw new FormatException("SearchSpace: the search space must be a JSON object of parameter name → {\"type\": ...}");
        var space = new SearchSpace();
        foreach (var (name, node) in obj)
            space.Add(name, ParseDistribution(name, node));
        return space;
    }

    /// <summary>Reads <see cref="FromJson"/> from a file.</summary>
    public static SearchSpace Load(string path) => FromJson(File.ReadAllText(path));

    /// <summary>The JSON form.</summary>
    public JsonObject ToJson()
    {
        var obj = new JsonObject();
        foreach (var (name, d) in _parameters)
            obj[name] = d.ToJson();
        return obj;
    }

    private static Distribution ParseDistribution(string name, JsonNode? node)
    {
        if (node is not JsonObject spec)
            throw new FormatException($"SearchSpace: parameter '{name}' must be an object such as {{\"type\": \"uniform\", \"low\": 0, \"high\": 1}}");
        string type = spec["type"] is JsonValue t && t.TryGetValue(out string? s) ? s.ToLowerInvariant()
            : throw new FormatException($"SearchSpace: parameter '{name}' has no \"type\" (choice, uniform, loguniform, int)");
        bool log = spec["log"] is JsonValue l && l.TryGetValue(out bool b) && b;
        try
        {
            switch (type)
            {
                case "choice" or "categorical":
                    if (spec["values"] is not JsonArray values)
                        throw new FormatException($"SearchSpace: choice parameter '{name}' needs \"values\": [...]");
                    return new ChoiceDistribution(values.Select(ChoiceValue));
                case "uniform" or "float":
                    return log ? new LogUniformDistribution(Number(name, spec, "low"), Number(name, spec, "high"))
                               : new UniformDistribution(Number(name, spec, "low"), Number(name, spec, "high"));
                case "loguniform" or "log_uniform":
                    return new LogUniformDistribution(Number(name, spec, "low"), Number(name, spec, "high"));
                case "int" or "integer":
                    return new IntDistribution(checked((long)Number(name, spec, "low")), checked((long)Number(name, spec, "high")), log);
                default:
                    throw new FormatException($"SearchSpace: parameter '{name}' has unknown type '{type}'; use choice, uniform, loguniform or int");
            }
        }
        catch (ArgumentException ex)
        {
            throw new FormatException($"SearchSpace: parameter '{name}': {ex.Message}", ex);
        }
    }

    private static double Number(string name, JsonObject spec, string key) =>
        spec[key] is JsonValue v && v.TryGetValue(out double d) ? d
            : throw new FormatException($"SearchSpace: parameter '{name}' needs a numeric \"{key}\"");

    /// <summary>A choice value from JSON: numbers become double (or long when integral), strings and booleans stay, others stay JSON.</summary>
    private static object? ChoiceValue(JsonNode? node)
    {
        if (node is not JsonValue v)
            return node?.DeepClone();
        if (v.TryGetValue(out string? s)) return s;
        if (v.TryGetValue(out bool b)) return b;
        if (v.TryGetValue(out long l)) return l;
        if (v.TryGetValue(out double d)) return d;
        return v.DeepClone();
    }
}
