using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nabla.Serialization;

/// <summary>
/// A small JSON document of named values (numbers, strings, booleans, number arrays and nested sections) for state
/// that travels beside the weights: optimizer and scheduler hyper-parameters and step counts, the epoch, generator
/// state, the architecture description. Saved atomically and indented; doubles round-trip exactly (shortest
/// round-trip form), non-finite doubles are stored as the strings "NaN", "Infinity" and "-Infinity", and 64-bit
/// integers (including <see cref="ulong"/> generator state) are written as exact JSON integers.
/// </summary>
public sealed class StateFile
{
    private readonly JsonObject _root;
    private readonly string _source;

    /// <summary>An empty state document.</summary>
    public StateFile() : this(new JsonObject(), "<new state>")
    {
    }

    private StateFile(JsonObject root, string source)
    {
        _root = root;
        _source = source;
    }

    /// <summary>The keys at this level, in insertion (file) order.</summary>
    public IEnumerable<string> Keys
    {
        get
        {
            foreach (var (key, _) in _root) yield return key;
        }
    }

    /// <summary>Whether <paramref name="key"/> is present.</summary>
    public bool Contains(string key) => _root.ContainsKey(key);

    /// <summary>Stores a double (non-finite values as "NaN", "Infinity" or "-Infinity").</summary>
    public void Set(string key, double value) => _root[key] = double.IsFinite(value)
        ? JsonValue.Create(value)
        : JsonValue.Create(value.ToString(CultureInfo.InvariantCulture));

    /// <summary>Stores a 64-bit integer.</summary>
    public void Set(string key, long value) => _root[key] = JsonValue.Create(value);

    /// <summary>Stores an unsigned 64-bit integer (such as a generator's state).</summary>
    public void Set(string key, ulong value) => _root[key] = JsonValue.Create(value);

    /// <summary>Stores a boolean.</summary>
    public void Set(string key, bool value) => _root[key] = JsonValue.Create(value);

    /// <summary>Stores a string.</summary>
    public void Set(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _root[key] = JsonValue.Create(value);
    }

    /// <summary>Stores an array of doubles (non-finite entries as strings, like <see cref="Set(string, double)"/>).</summary>
    public void Set(string key, ReadOnlySpan<double> values)
    {
        var array = new JsonArray();
        foreach (double v in values)
            array.Add((JsonNode)(double.IsFinite(v) ? JsonValue.Create(v) : JsonValue.Create(v.ToString(CultureInfo.InvariantCulture))));
        _root[key] = array;
    }

    /// <summary>Stores a copy of <paramref name="section"/> as a nested object.</summary>
    public void Set(string key, StateFile section)
    {
        ArgumentNullException.ThrowIfNull(section);
        _root[key] = section._root.DeepClone();
    }

    /// <summary>Stores a copy of arbitrary JSON (for example an architecture description).</summary>
    public void SetJson(string key, JsonNode json)
    {
        ArgumentNullException.ThrowIfNull(json);
        _root[key] = json.DeepClone();
    }

    /// <summary>Removes <paramref name="key"/> if present.</summary>
    public bool Remove(string key) => _root.Remove(key);

    /// <summary>Reads a double.</summary>
    public double GetDouble(string key) => ToDouble(key, Get(key));

    /// <summary>Reads a 64-bit integer.</summary>
    public long GetInt64(string key) =>
        long.TryParse(NumberText(key, Get(key)), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v)
            ? v
            : throw Mismatch(key, "a 64-bit integer");

    /// <summary>Reads an unsigned 64-bit integer.</summary>
    public ulong GetUInt64(string key) =>
        ulong.TryParse(NumberText(key, Get(key)), NumberStyles.None, CultureInfo.InvariantCulture, out ulong v)
            ? v
            : throw Mismatch(key, "an unsigned 64-bit integer");

    /// <summary>Reads a 32-bit integer.</summary>
    public int GetInt32(string key) =>
        int.TryParse(NumberText(key, Get(key)), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int v)
            ? v
            : throw Mismatch(key, "a 32-bit integer");

    /// <summary>Reads a boolean.</summary>
    public bool GetBoolean(string key) => Get(key).GetValueKind() switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw Mismatch(key, "a boolean"),
    };

    /// <summary>Reads a string.</summary>
    public string GetString(string key)
    {
        var node = Get(key);
        return node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : throw Mismatch(key, "a string");
    }

    /// <summary>Reads an array of doubles.</summary>
    public double[] GetDoubleArray(string key)
    {
        if (Get(key) is not JsonArray array) throw Mismatch(key, "an array of numbers");
        var result = new double[array.Count];
        for (int i = 0; i < result.Length; i++)
            result[i] = ToDouble($"{key}[{i}]", array[i] ?? throw Mismatch($"{key}[{i}]", "a number"));
        return result;
    }

    /// <summary>The nested section stored under <paramref name="key"/> (changes to it change this document).</summary>
    public StateFile GetSection(string key) =>
        Get(key) is JsonObject obj ? new StateFile(obj, $"{_source} › {key}") : throw Mismatch(key, "an object (section)");

    /// <summary>A copy of the JSON stored under <paramref name="key"/>.</summary>
    public JsonNode GetJson(string key) => Get(key).DeepClone();

    /// <summary>The document as indented JSON.</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        WriteTo(stream);
        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    /// <summary>Writes the document to <paramref name="path"/> atomically (see <see cref="AtomicFile"/>).</summary>
    public void Save(string path) => AtomicFile.Write(path, WriteTo);

    /// <summary>Reads a document written by <see cref="Save"/> (or any JSON object).</summary>
    public static StateFile Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"state file '{path}' does not exist", path);
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses a JSON object; <paramref name="source"/> names it in error messages.</summary>
    public static StateFile Parse(string json, string source = "<string>")
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"state file '{source}': not valid JSON: {ex.Message}");
        }
        return node is JsonObject obj
            ? new StateFile(obj, source)
            : throw new InvalidDataException($"state file '{source}': expected a JSON object at the top level");
    }

    private void WriteTo(Stream stream)
    {
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        _root.WriteTo(writer);
    }

    private JsonNode Get(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!_root.TryGetPropertyValue(key, out var node))
            throw new KeyNotFoundException($"state file '{_source}': no key '{key}'");
        return node ?? throw Mismatch(key, "a value (found null)");
    }

    private double ToDouble(string key, JsonNode node)
    {
        if (node.GetValueKind() == JsonValueKind.String)
        {
            return node.GetValue<string>() switch
            {
                "NaN" => double.NaN,
                "Infinity" => double.PositiveInfinity,
                "-Infinity" => double.NegativeInfinity,
                _ => throw Mismatch(key, "a number"),
            };
        }
        return double.Parse(NumberText(key, node), NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    private string NumberText(string key, JsonNode node) =>
        node.GetValueKind() == JsonValueKind.Number ? node.ToJsonString() : throw Mismatch(key, "a number");

    private InvalidDataException Mismatch(string key, string expected) =>
        new($"state file '{_source}': key '{key}' should hold {expected}");
}
