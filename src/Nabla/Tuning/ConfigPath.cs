using System.Globalization;
using System.Text.Json.Nodes;

namespace Nabla.Tuning;

/// <summary>
/// Reads and writes a value inside a JSON configuration by path: dot-separated keys with optional array indices,
/// e.g. <c>optimizer.lr</c> or <c>model.layers[1].out_features</c>. This is how a search-space name addresses the
/// training config that the CLI's objective trains.
/// </summary>
public static class ConfigPath
{
    /// <summary>
    /// Sets <paramref name="path"/> in <paramref name="root"/> to <paramref name="value"/>; missing object keys along the
    /// way are created, array indices must exist.
    /// </summary>
    /// <exception cref="ArgumentException">The path is malformed, or it crosses a non-object / non-array or a missing index.</exception>
    public static void Set(JsonNode root, string path, JsonNode? value)
    {
        ArgumentNullException.ThrowIfNull(root);
        var parts = Parse(path);
        JsonNode node = root;
        for (int i = 0; i < parts.Count; i++)
        {
            bool last = i == parts.Count - 1;
            var (key, index) = parts[i];
            if (key is not null)
            {
                if (node is not JsonObject obj)
                    throw new ArgumentException($"ConfigPath '{path}': '{key}' is looked up in a {Kind(node)}, not an object");
                if (last)
                {
                    obj[key] = value?.DeepClone();
                    return;
                }
                if (obj[key] is not JsonNode child)
                {
                    child = new JsonObject();
                    obj[key] = child;
                }
                node = child;
            }
            else
            {
                if (node is not JsonArray arr)
                    throw new ArgumentException($"ConfigPath '{path}': index [{index}] applied to a {Kind(node)}, not an array");
                if (index >= arr.Count)
                    throw new ArgumentException($"ConfigPath '{path}': index [{index}] is outside the array of {arr.Count} elements");
                if (last)
                {
                    arr[index] = value?.DeepClone();
                    return;
                }
                node = arr[index] ?? throw new ArgumentException($"ConfigPath '{path}': element [{index}] is null");
            }
        }
    }

    /// <summary>The value at <paramref name="path"/>, or null when any step is missing.</summary>
    public static JsonNode? Get(JsonNode root, string path)
    {
        ArgumentNullException.ThrowIfNull(root);
        JsonNode? node = root;
        foreach (var (key, index) in Parse(path))
            node = key is not null ? (node as JsonObject)?[key]
                 : node is JsonArray arr && index < arr.Count ? arr[index] : null;
        return node;
    }

    /// <summary>A copy of <paramref name="config"/> with every parameter set at its path.</summary>
    public static JsonNode Apply(JsonNode config, IReadOnlyDictionary<string, object?> parameters)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(parameters);
        var copy = config.DeepClone();
        foreach (var (name, value) in parameters)
            Set(copy, name, Distribution.ValueToJson(value));
        return copy;
    }

    private static List<(string? Key, int Index)> Parse(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var parts = new List<(string?, int)>();
        foreach (var segment in path.Split('.'))
        {
            int bracket = segment.IndexOf('[');
            string key = bracket < 0 ? segment : segment[..bracket];
            if (key.Length == 0 && bracket != 0)
                throw new ArgumentException($"ConfigPath '{path}': empty key; write keys like a.b[1].c");
            if (key.Length > 0)
                parts.Add((key, -1));
            for (int pos = bracket; pos >= 0 && pos < segment.Length;)
            {
                int close = segment.IndexOf(']', pos);
                if (segment[pos] != '[' || close < 0 ||
                    !int.TryParse(segment.AsSpan(pos + 1, close - pos - 1), NumberStyles.None, CultureInfo.InvariantCulture, out int index))
                    throw new ArgumentException($"ConfigPath '{path}': malformed index in '{segment}'; write keys like a.b[1].c");
                parts.Add((null, index));
                pos = close + 1;
            }
        }
        return parts;
    }

    private static string Kind(JsonNode? node) => node switch
    {
        null => "null",
        JsonArray => "array",
        JsonObject => "object",
        _ => "value",
    };
}
