using System.Text.Json.Nodes;

namespace Nabla.Serialization.Architecture;

/// <summary>
/// Reads one layer's arguments from its JSON object, checking every key and value: errors give the JSON path,
/// the bad value and what is allowed. Keys not read by the layer are reported as unknown, with the allowed keys.
/// </summary>
public sealed class SpecReader
{
    private readonly JsonObject _node;
    private readonly HashSet<string> _read = ["type"];

    internal SpecReader(JsonObject node, string path, string type)
    {
        _node = node;
        Path = path;
        Type = type;
    }

    /// <summary>JSON path of this layer, e.g. <c>$.model.layers[3]</c>.</summary>
    public string Path { get; }

    /// <summary>The layer type.</summary>
    public string Type { get; }

    /// <summary>Whether the key is present (and not null).</summary>
    public bool Has(string key)
    {
        _read.Add(key);
        return _node[key] is not null;
    }

    /// <summary>A required or defaulted integer.</summary>
    public int Int(string key, int? fallback = null)
    {
        _read.Add(key);
        var v = _node[key];
        if (v is null)
            return fallback ?? throw Error(key, "is required (an integer)");
        if (v is JsonValue jv)
        {
            if (jv.TryGetValue(out int i))
                return i;
            if (jv.TryGetValue(out long l) && l is >= int.MinValue and <= int.MaxValue)
                return (int)l;
        }
        throw Error(key, $"must be an integer, got {v.ToJsonString()}");
    }

    /// <summary>An optional integer.</summary>
    public int? OptionalInt(string key) => Has(key) ? Int(key) : null;

    /// <summary>A defaulted number.</summary>
    public float Float(string key, float fallback)
    {
        _read.Add(key);
        var v = _node[key];
        if (v is null)
            return fallback;
        if (v is JsonValue jv)
        {
            if (jv.TryGetValue(out double d))
                return (float)d;
            if (jv.TryGetValue(out float f))
                return f;
        }
        throw Error(key, $"must be a number, got {v.ToJsonString()}");
    }

    /// <summary>A defaulted boolean.</summary>
    public bool Bool(string key, bool fallback)
    {
        _read.Add(key);
        var v = _node[key];
        if (v is null)
            return fallback;
        return v is JsonValue jv && jv.TryGetValue(out bool b) ? b : throw Error(key, $"must be true or false, got {v.ToJsonString()}");
    }

    /// <summary>A defaulted string restricted to <paramref name="allowed"/>.</summary>
    public string Choice(string key, string fallback, params string[] allowed)
    {
        _read.Add(key);
        var v = _node[key];
        if (v is null)
            return fallback;
        string? s = v is JsonValue jv && jv.TryGetValue(out string? str) ? str : null;
        if (s is null || Array.IndexOf(allowed, s) < 0)
            throw Error(key, $"must be one of {string.Join(", ", allowed.Select(a => $"\"{a}\""))}, got {v.ToJsonString()}");
        return s;
    }

    /// <summary>An int or an [h, w] pair.</summary>
    public Nn.Size2 Pair(string key, Nn.Size2? fallback = null)
    {
        _read.Add(key);
        var v = _node[key];
        if (v is null)
            return fallback ?? throw Error(key, "is required (an integer or [height, width])");
        if (v is JsonValue jv && jv.TryGetValue(out int i))
            return i;
        if (v is JsonArray { Count: 2 } a && a[0] is JsonValue h && h.TryGetValue(out int hh) && a[1] is JsonValue w && w.TryGetValue(out int ww))
            return (hh, ww);
        throw Error(key, $"must be an integer or [height, width], got {v.ToJsonString()}");
    }

    /// <summary>A list of integers.</summary>
    public int[] Ints(string key, int[]? fallback = null)
    {
        _read.Add(key);
        var v = _node[key];
        if (v is null)
            return fallback ?? throw Error(key, "is required (a list of integers)");
        if (v is JsonValue single && single.TryGetValue(out int one))
            return [one];
        if (v is JsonArray a && a.All(e => e is JsonValue ev && ev.TryGetValue(out int _)))
            return [.. a.Select(e => e!.GetValue<int>())];
        throw Error(key, $"must be a list of integers, got {v.ToJsonString()}");
    }

    /// <summary>A nested JSON node (a sub-layer or a list of layers).</summary>
    public JsonNode? Node(string key)
    {
        _read.Add(key);
        return _node[key];
    }

    /// <summary>Fails naming any key the layer did not read.</summary>
    internal void RejectUnknownKeys()
    {
        foreach (var (key, _) in _node)
            if (!_read.Contains(key))
                throw new SpecException(
                    $"{Path}.{key}: unknown argument for {Type}; allowed: {string.Join(", ", _read.Where(k => k != "type").Order(StringComparer.Ordinal))}");
    }

    /// <summary>An error at <c>Path.key</c>.</summary>
    public SpecException Error(string key, string message) => new($"{Path}.{key}: {Type} argument '{key}' {message}");
}

/// <summary>A model or config specification that cannot be built; the message starts with the JSON path.</summary>
public sealed class SpecException(string message) : Exception(message);
