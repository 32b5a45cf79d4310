using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nabla.Nn;
using Nabla.Serialization;
using Nabla.Serialization.Architecture;

namespace Nabla.Cli.Running;

/// <summary>
/// A trained model in one safetensors file: the weights (PyTorch state-dict names) and, in the metadata, the
/// architecture (<see cref="ModelSpec"/> JSON), the input shape, the class names, the input normalization and, for
/// text models, the vocabulary and sentence length, so
/// that <c>nabla evaluate</c>, <c>predict</c> and <c>summary</c> rebuild it without the config.
/// </summary>
/// <param name="Model">The network.</param>
/// <param name="InputShape">Shape of one input sample.</param>
/// <param name="ClassNames">Class names, empty for regression.</param>
/// <param name="Mean">Per-channel normalization means, or null.</param>
/// <param name="Std">Per-channel normalization standard deviations, or null.</param>
/// <param name="Epoch">Epochs completed when saved.</param>
/// <param name="Text">How sentences are encoded for a text model, or null.</param>
public sealed record ModelFile(Module Model, int[] InputShape, IReadOnlyList<string> ClassNames, float[]? Mean, float[]? Std, int Epoch, TextInput? Text = null)
{
    private const string ArchitectureKey = "nabla.architecture";

    /// <summary>Writes the file atomically.</summary>
    public void Save(string path)
    {
        var metadata = new Dictionary<string, string>
        {
            [ArchitectureKey] = ModelSpec.Describe(Model).ToJsonString(),
            ["nabla.input_shape"] = JsonSerializer.Serialize(InputShape),
            ["nabla.classes"] = JsonSerializer.Serialize(ClassNames),
            ["nabla.epoch"] = Epoch.ToString(CultureInfo.InvariantCulture),
        };
        if (Mean is not null)
        {
            metadata["nabla.mean"] = JsonSerializer.Serialize(Mean);
            metadata["nabla.std"] = JsonSerializer.Serialize(Std);
        }
        if (Text is not null)
            metadata[TextInput.MetadataKey] = Text.ToJson();
        SafeTensors.Save(path, Model.StateDict(), metadata);
    }

    /// <summary>Reads a file written by <see cref="Save"/>.</summary>
    /// <exception cref="CliException">The file is missing, not safetensors, or lacks the architecture.</exception>
    public static ModelFile Load(string path)
    {
        if (!File.Exists(path))
            throw new CliException($"{path}: no such model file", ExitCodes.Usage);
        SafeTensorsData data;
        try
        {
            data = SafeTensors.Load(path);
        }
        catch (Exception ex) when (ex is IOException or FormatException or InvalidDataException or ArgumentException)
        {
            throw new CliException($"{path}: not a readable safetensors file: {ex.Message}", ExitCodes.Failure, ex);
        }
        if (!data.Metadata.TryGetValue(ArchitectureKey, out string? architecture))
            throw new CliException($"{path}: the file has weights but no architecture ({ArchitectureKey} metadata); it was not written by nabla train", ExitCodes.Failure);
        int[] shape = JsonSerializer.Deserialize<int[]>(data.Metadata["nabla.input_shape"])!;
        var model = ModelSpec.Build(JsonNode.Parse(architecture)!, shape);
        model.LoadStateDict(data.Tensors);
        var classes = data.Metadata.TryGetValue("nabla.classes", out string? c) ? JsonSerializer.Deserialize<string[]>(c)! : [];
        float[]? mean = data.Metadata.TryGetValue("nabla.mean", out string? m) ? JsonSerializer.Deserialize<float[]>(m) : null;
        float[]? std = data.Metadata.TryGetValue("nabla.std", out string? s) ? JsonSerializer.Deserialize<float[]>(s) : null;
        int epoch = data.Metadata.TryGetValue("nabla.epoch", out string? e) ? int.Parse(e, CultureInfo.InvariantCulture) : 0;
        TextInput? text;
        try
        {
            text = data.Metadata.TryGetValue(TextInput.MetadataKey, out string? t) ? TextInput.FromJson(t) : null;
        }
        catch (Nabla.Data.DataException ex)
        {
            throw new CliException($"{path}: {ex.Message}", ExitCodes.Failure, ex);
        }
        return new ModelFile(model, shape, classes, mean, std, epoch, text);
    }
}
