using System.Text;
using System.Text.Json;

namespace Nabla.Data.Preprocessing;

/// <summary>
/// The fitted state of a preprocessing step: its kind, named float arrays and named strings. It is what gets
/// saved beside a model (<see cref="ToJson"/>) and read back (<see cref="FromJson"/>) so that validation, test
/// and inference data are transformed with the statistics learned on the training data.
/// </summary>
public sealed class TransformState
{
    /// <summary>Creates an empty state for a step of kind <paramref name="kind"/> (e.g. "StandardScaler").</summary>
    public TransformState(string kind)
    {
        ArgumentException.ThrowIfNullOrEmpty(kind);
        Kind = kind;
    }

    /// <summary>The step's type name, used by <see cref="Preprocessor.FromState"/> to rebuild it.</summary>
    public string Kind { get; }

    /// <summary>Named float arrays (means, scales, components ...).</summary>
    public Dictionary<string, float[]> Arrays { get; } = new(StringComparer.Ordinal);

    /// <summary>Named strings (options, category lists joined by <see cref="ListSeparator"/>).</summary>
    public Dictionary<string, string> Strings { get; } = new(StringComparer.Ordinal);

    /// <summary>Nested states of sub-steps (a pipeline's columns), by name.</summary>
    public Dictionary<string, TransformState> Children { get; } = new(StringComparer.Ordinal);

    /// <summary>Separator used to store a list of strings in one string entry (the unit separator U+001F).</summary>
    public const char ListSeparator = '\u001F';

    /// <summary>The array <paramref name="name"/>; fails naming the step and the entry when it is absent.</summary>
    public float[] Array(string name) =>
        Arrays.TryGetValue(name, out var a) ? a
            : throw new ArgumentException($"{Kind} state: missing array '{name}'. Was it saved by a different step?");

    /// <summary>The string <paramref name="name"/>; fails naming the step and the entry when it is absent.</summary>
    public string String(string name) =>
        Strings.TryGetValue(name, out var s) ? s
            : throw new ArgumentException($"{Kind} state: missing string '{name}'. Was it saved by a different step?");

    /// <summary>The child state <paramref name="name"/>; fails naming the step and the entry when it is absent.</summary>
    public TransformState Child(string name) =>
        Children.TryGetValue(name, out var c) ? c
            : throw new ArgumentException($"{Kind} state: missing child '{name}'. Was it saved by a different step?");

    /// <summary>Stores a list of strings under <paramref name="name"/>.</summary>
    public void SetList(string name, IReadOnlyList<string> items) => Strings[name] = string.Join(ListSeparator, items);

    /// <summary>Reads a list stored with <see cref="SetList"/>.</summary>
    public string[] List(string name)
    {
        string s = String(name);
        return s.Length == 0 ? [] : s.Split(ListSeparator);
    }

    /// <summary>Serializes the state as JSON: {"kind", "arrays": {name: [..]}, "strings": {..}, "children": {..}}.</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
            Write(writer);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Parses JSON written by <see cref="ToJson"/>.</summary>
    public static TransformState FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var doc = JsonDocument.Parse(json);
            return Read(doc.RootElement);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new ArgumentException($"TransformState.FromJson: not a preprocessing state ({e.Message}).", nameof(json), e);
        }
    }

    private void Write(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("kind", Kind);
        w.WriteStartObject("arrays");
        foreach (var (name, values) in Arrays)
        {
            w.WriteStartArray(name);
            foreach (float v in values)
            {
                if (float.IsFinite(v)) w.WriteNumberValue(v);
                else w.WriteStringValue(v.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            w.WriteEndArray();
        }
        w.WriteEndObject();
        w.WriteStartObject("strings");
        foreach (var (name, value) in Strings) w.WriteString(name, value);
        w.WriteEndObject();
        w.WriteStartObject("children");
        foreach (var (name, child) in Children)
        {
            w.WritePropertyName(name);
            child.Write(w);
        }
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static TransformState Read(JsonElement e)
    {
        var state = new TransformState(e.GetProperty("kind").GetString() ?? "");
        foreach (var p in e.GetProperty("arrays").EnumerateObject())
        {
            var values = new float[p.Value.GetArrayLength()];
            int i = 0;
            foreach (var v in p.Value.EnumerateArray())
                values[i++] = v.ValueKind == JsonValueKind.String
                    ? float.Parse(v.GetString()!, System.Globalization.CultureInfo.InvariantCulture)
                    : v.GetSingle();
            state.Arrays[p.Name] = values;
        }
        foreach (var p in e.GetProperty("strings").EnumerateObject()) state.Strings[p.Name] = p.Value.GetString() ?? "";
        foreach (var p in e.GetProperty("children").EnumerateObject()) state.Children[p.Name] = Read(p.Value);
        return state;
    }
}
