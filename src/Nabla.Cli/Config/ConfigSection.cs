using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nabla.Cli.Config;

/// <summary>
/// Reads one JSON object of a config with validation. Every getter takes a default and writes it back into the
/// object when the key is absent, so that after reading, the object is the fully resolved configuration.
/// <see cref="Finish"/> rejects keys no getter asked for, naming the allowed ones.
/// </summary>
public sealed class ConfigSection
{
    private readonly JsonObject _node;
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);

    /// <summary>Wraps <paramref name="node"/>, found at JSON path <paramref name="path"/>.</summary>
    public ConfigSection(JsonObject node, string path)
    {
        _node = node;
        Path = path;
    }

    /// <summary>The JSON path of this object, e.g. <c>$.optimizer</c>.</summary>
    public string Path { get; }

    /// <summary>The underlying (resolved) JSON object.</summary>
    public JsonObject Node => _node;

    /// <summary>The JSON path of <paramref name="key"/> in this object.</summary>
    public string PathOf(string key) => $"{Path}.{key}";

    /// <summary>Whether the object has a non-null value for <paramref name="key"/> (marks the key as known).</summary>
    public bool Has(string key)
    {
        _known.Add(key);
        return _node[key] is not null;
    }

    /// <summary>The raw node of <paramref name="key"/> (null when absent or null); marks the key as known.</summary>
    public JsonNode? Raw(string key)
    {
        _known.Add(key);
        return _node[key];
    }

    /// <summary>An integer in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public int Int(string key, int fallback, int min = int.MinValue, int max = int.MaxValue)
    {
        double v = Number(key, fallback, min, max);
        if (v != Math.Floor(v))
            throw Bad(key, "an integer");
        return (int)v;
    }

    /// <summary>An optional integer in [<paramref name="min"/>, <paramref name="max"/>] (null stays null).</summary>
    public int? OptionalInt(string key, int min = int.MinValue, int max = int.MaxValue)
    {
        if (!Has(key))
        {
            _node[key] = null;
            return null;
        }
        return Int(key, 0, min, max);
    }

    /// <summary>A number in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public double Number(string key, double fallback, double min = double.NegativeInfinity, double max = double.PositiveInfinity)
    {
        _known.Add(key);
        if (_node[key] is null)
        {
            _node[key] = JsonValue.Create(fallback);
            return fallback;
        }
        if (_node[key] is not JsonValue value || value.GetValueKind() != JsonValueKind.Number)
            throw Bad(key, "a number");
        double v = value.GetValue<double>();
        if (!(v >= min && v <= max))
            throw Bad(key, $"a number in [{Format(min)}, {Format(max)}]");
        return v;
    }

    /// <summary>An optional number in [<paramref name="min"/>, <paramref name="max"/>] (null stays null).</summary>
    public double? OptionalNumber(string key, double min = double.NegativeInfinity, double max = double.PositiveInfinity)
    {
        if (!Has(key))
        {
            _node[key] = null;
            return null;
        }
        return Number(key, 0, min, max);
    }

    /// <summary>A boolean.</summary>
    public bool Bool(string key, bool fallback)
    {
        _known.Add(key);
        if (_node[key] is null)
        {
            _node[key] = JsonValue.Create(fallback);
            return fallback;
        }
        return _node[key]!.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Bad(key, "true or false"),
        };
    }

    /// <summary>A string, or null when absent and <paramref name="fallback"/> is null.</summary>
    public string? String(string key, string? fallback)
    {
        _known.Add(key);
        if (_node[key] is null)
        {
            _node[key] = fallback is null ? null : JsonValue.Create(fallback);
            return fallback;
        }
        if (_node[key] is not JsonValue v || v.GetValueKind() != JsonValueKind.String)
            throw Bad(key, "a string");
        return v.GetValue<string>();
    }

    /// <summary>One of <paramref name="allowed"/>.</summary>
    public string Choice(string key, string fallback, IReadOnlyCollection<string> allowed)
    {
        string value = String(key, fallback)!;
        if (!allowed.Contains(value))
            throw new ConfigException($"{PathOf(key)}: {Show(_node[key])} is not allowed; allowed: {string.Join(", ", allowed)}");
        return value;
    }

    /// <summary>A list of numbers (a single number is read as a one-element list).</summary>
    public double[]? Numbers(string key, double[]? fallback)
    {
        _known.Add(key);
        var node = _node[key];
        if (node is null)
        {
            _node[key] = fallback is null ? null : new JsonArray([.. fallback.Select(x => (JsonNode)JsonValue.Create(x))]);
            return fallback;
        }
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number)
            return [v.GetValue<double>()];
        if (node is not JsonArray array)
            throw Bad(key, "a list of numbers");
        var result = new double[array.Count];
        for (int i = 0; i < array.Count; i++)
        {
            if (array[i] is not JsonValue e || e.GetValueKind() != JsonValueKind.Number)
                throw new ConfigException($"{PathOf(key)}[{i}]: {Show(array[i])} is not a number");
            result[i] = e.GetValue<double>();
        }
        return result;
    }

    /// <summary>
    /// A nested object (created empty when absent and <paramref name="create"/> is set; null when absent
    /// otherwise). A string value <c>"x"</c> is read as <c>{"name": "x"}</c> when <paramref name="nameShorthand"/>.
    /// </summary>
    public ConfigSection? Section(string key, bool create, bool nameShorthand = false)
    {
        _known.Add(key);
        var node = _node[key];
        if (node is null)
        {
            if (!create)
            {
                _node[key] = null;
                return null;
            }
            node = _node[key] = new JsonObject();
        }
        if (nameShorthand && node is JsonValue s && s.GetValueKind() == JsonValueKind.String)
        {
            string name = s.GetValue<string>();
            node = _node[key] = new JsonObject { ["name"] = name };
        }
        if (node is not JsonObject obj)
            throw Bad(key, nameShorthand ? "an object or a name" : "an object");
        return new ConfigSection(obj, PathOf(key));
    }

    /// <summary>Rejects every key no getter asked for, naming the allowed keys.</summary>
    public void Finish()
    {
        foreach (var (key, value) in _node)
            if (!_known.Contains(key))
                throw new ConfigException(
                    $"{PathOf(key)}: unknown key \"{key}\" (value {Show(value)}); allowed keys here: {string.Join(", ", _known.Order(StringComparer.Ordinal))}");
    }

    /// <summary>An error for <paramref name="key"/> whose value is not <paramref name="expected"/>.</summary>
    public ConfigException Bad(string key, string expected) =>
        new($"{PathOf(key)}: {Show(_node[key])} is not valid; expected {expected}");

    /// <summary>A value as it appears in JSON, for messages.</summary>
    public static string Show(JsonNode? node) => node is null ? "null" : node.ToJsonString();

    private static string Format(double x) => double.IsInfinity(x) ? (x > 0 ? "∞" : "−∞") : x.ToString(CultureInfo.InvariantCulture);
}
