using System.Text.Json;
using System.Text.Json.Nodes;
using Nabla.Data;
using Nabla.Data.Text;

namespace Nabla.Cli.Running;

/// <summary>
/// How a text model turns a sentence into its input: <see cref="WordTokenizer"/> (lower-cased words and punctuation),
/// the training vocabulary (unknown words → <c>&lt;unk&gt;</c>), then padding at the start or truncation at the end
/// to <see cref="MaxLength"/> tokens (padding first, so that an LSTM's last step sees the last word).
/// </summary>
/// <param name="Vocabulary">The training file's vocabulary.</param>
/// <param name="MaxLength">Tokens per sentence.</param>
public sealed record TextInput(Vocabulary Vocabulary, int MaxLength)
{
    /// <summary>Where short sentences are padded.</summary>
    public const SequenceEnd PaddingEnd = SequenceEnd.Pre;

    /// <summary>Where long sentences are cut.</summary>
    public const SequenceEnd TruncatingEnd = SequenceEnd.Post;

    /// <summary>The model file metadata key that holds <see cref="ToJson"/>.</summary>
    public const string MetadataKey = "nabla.text";

    /// <summary>The tokenizer of the CLI's text models.</summary>
    public static WordTokenizer Tokenizer { get; } = new();

    /// <summary>The dataset options that encode training text the way <see cref="Encode"/> does.</summary>
    public static TextDatasetOptions Options(int maxLength, int minFrequency, Vocabulary? vocabulary = null, IReadOnlyList<string>? classes = null) => new()
    {
        SequenceLength = maxLength,
        MinFrequency = minFrequency,
        Padding = PaddingEnd,
        Truncating = TruncatingEnd,
        Vocabulary = vocabulary,
        ClassNames = classes,
    };

    /// <summary>The token indices of <paramref name="text"/> as floats, length <see cref="MaxLength"/>.</summary>
    public float[] Encode(string text)
    {
        var ids = Padding.PadOrTruncate(Vocabulary.Encode(Tokenizer.Tokenize(text)), MaxLength, Vocabulary.PadIndex, PaddingEnd, TruncatingEnd);
        var result = new float[ids.Length];
        for (int i = 0; i < ids.Length; i++) result[i] = ids[i];
        return result;
    }

    /// <summary>The metadata form: <c>{"max_length", "pad", "unk", "tokens"}</c>.</summary>
    public string ToJson() => new JsonObject
    {
        ["max_length"] = MaxLength,
        ["pad"] = Vocabulary.PadIndex,
        ["unk"] = Vocabulary.UnkIndex,
        ["tokens"] = new JsonArray([.. Vocabulary.Tokens.Select(t => (JsonNode)t)]),
    }.ToJsonString();

    /// <summary>Reads <see cref="ToJson"/>'s form.</summary>
    /// <exception cref="DataException">The JSON is not that form.</exception>
    public static TextInput FromJson(string json)
    {
        try
        {
            if (JsonNode.Parse(json) is JsonObject node && node["tokens"] is JsonArray list
                && node["pad"] is JsonValue pad && node["unk"] is JsonValue unk && node["max_length"] is JsonValue length)
            {
                var tokens = list.Select(t => t?.GetValue<string>() ?? "").ToArray();
                int p = pad.GetValue<int>(), u = unk.GetValue<int>();
                if ((uint)p < (uint)tokens.Length && (uint)u < (uint)tokens.Length)
                    return new TextInput(new Vocabulary(tokens, tokens[p], tokens[u]), length.GetValue<int>());
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or ArgumentException or FormatException)
        {
            throw new DataException($"the {MetadataKey} metadata is not a text vocabulary: {ex.Message}");
        }
        throw new DataException($"the {MetadataKey} metadata is not a text vocabulary; expected {{\"max_length\", \"pad\", \"unk\", \"tokens\"}}");
    }
}
