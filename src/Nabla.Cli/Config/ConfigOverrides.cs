using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nabla.Cli.Config;

/// <summary>
/// <c>--set key=value</c>: sets a value at a dotted path (<c>optimizer.lr=0.01</c>, <c>data.augmentation.0.p=0.3</c>,
/// <c>model.layers[2].out_features=64</c>), creating missing objects. The value is typed from the JSON: where the
/// current value is a string it stays a string; otherwise it is read as JSON (number, true/false, null, a list,
/// an object) and falls back to a string. A model given as a list of layers is first rewritten as a Sequential,
/// so <c>model.layers[i]</c> always addresses layer i.
/// </summary>
public static class ConfigOverrides
{
    /// <summary>Applies <paramref name="assignments"/> (each <c>key=value</c>) to <paramref name="root"/> in order.</summary>
    /// <exception cref="ConfigException">An assignment is malformed or its path runs through a non-object.</exception>
    public static void Apply(JsonObject root, IEnumerable<string> assignments)
    {
        foreach (string assignment in assignments)
        {
            int eq = assignment.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
                throw new ConfigException($"--set {assignment}: expected key=value with a dotted key, e.g. optimizer.lr=0.01");
            RunConfig.NormalizeModel(root);
            Set(root, assignment[..eq].Trim(), assignment[(eq + 1)..]);
        }
        RunConfig.NormalizeModel(root);
    }

    /// <summary>Sets <paramref name="key"/> (a dotted path) to <paramref name="text"/>, typed as described above.</summary>
    public static void Set(JsonObject root, string key, string text)
    {
        var parts = Split(key);
        if (parts.Count == 0 || parts.Any(p => p.Length == 0))
            throw new ConfigException($"--set {key}={text}: the key has an empty part; write it as a.b.c");
        JsonNode current = root;
        string path = "$";
        for (int i = 0; i < parts.Count - 1; i++)
        {
            string part = parts[i];
            JsonNode? next = Child(current, part, path, key, text);
            if (next is null)
            {
                if (current is not JsonObject obj)
                    throw new ConfigException($"{path}[{part}]: index out of range in --set {key}={text}");
                next = obj[part] = new JsonObject();
            }
            else if (next is JsonValue)
            {
                // A name shorthand ("optimizer": "sgd") becomes an object so that its options can be set.
                if (next is JsonValue v && v.GetValueKind() == JsonValueKind.String && current is JsonObject parent)
                    next = parent[part] = new JsonObject { ["name"] = v.GetValue<string>() };
                else
                    throw new ConfigException($"{path}.{part}: {ConfigSection.Show(next)} is not an object, so --set {key}={text} cannot set a key inside it");
            }
            current = next;
            path += current.Parent is JsonArray ? $"[{part}]" : $".{part}";
        }
        string last = parts[^1];
        JsonNode? existing = current switch
        {
            JsonObject o => o[last],
            JsonArray a when int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out int i) && i < a.Count => a[i],
            _ => throw new ConfigException($"{path}.{last}: --set {key}={text} points inside {ConfigSection.Show(current)}, which has no such key"),
        };
        JsonNode? value = Typed(text, existing);
        if (current is JsonObject target)
            target[last] = value;
        else
            ((JsonArray)current)[int.Parse(last, CultureInfo.InvariantCulture)] = value;
    }

    private static JsonNode? Child(JsonNode current, string part, string path, string key, string text)
    {
        switch (current)
        {
            case JsonObject o:
                return o[part];
            case JsonArray a:
                if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int index))
                    throw new ConfigException($"{path}: a list, indexed by numbers, not \"{part}\" (in --set {key}={text})");
                return index < a.Count ? a[index] : null;
            default:
                throw new ConfigException($"{path}: {ConfigSection.Show(current)} has no key \"{part}\" (in --set {key}={text})");
        }
    }

    private static List<string> Split(string key)
    {
        var parts = new List<string>();
        foreach (string dotted in key.Split('.'))
        {
            // "layers[2]" → "layers", "2"
            string rest = dotted;
            int bracket = rest.IndexOf('[', StringComparison.Ordinal);
            parts.Add(bracket < 0 ? rest : rest[..bracket]);
            while (bracket >= 0)
            {
                int close = rest.IndexOf(']', bracket);
                if (close < 0)
                    throw new ConfigException($"--set {key}: unbalanced '[' in the key");
                parts.Add(rest[(bracket + 1)..close]);
                rest = rest[(close + 1)..];
                bracket = rest.IndexOf('[', StringComparison.Ordinal);
            }
        }
        if (parts.Count > 1 && parts[0].Length == 0 && key.StartsWith('['))
            parts.RemoveAt(0);
        return parts;
    }

    private static JsonNode? Typed(string text, JsonNode? existing)
    {
        if (existing is JsonValue v && v.GetValueKind() == JsonValueKind.String)
            return JsonValue.Create(text);
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return JsonValue.Create(text);
        }
    }
}
