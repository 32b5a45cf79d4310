using System.Text.Json;
using System.Text.Json.Nodes;
using Nabla.Nn;

namespace Nabla.Serialization.Architecture;

/// <summary>
/// A model's architecture as JSON, so that a saved model is rebuilt without code and the CLI builds models from
/// configs. A layer is <c>{"type": "Conv2d", "out_channels": 32, "kernel_size": 3, "padding": 1}</c> with
/// PyTorch's argument names; <c>{"type": "Sequential", "layers": [...]}</c> chains layers and
/// <c>{"type": "Residual", "body": {...}, "shortcut": {...}}</c> adds a skip connection. Given the input shape,
/// in_features / in_channels / num_features / num_channels / normalized_shape may be omitted and are inferred.
/// </summary>
public static class ModelSpec
{
    /// <summary>Names of every layer type a spec can use.</summary>
    public static IEnumerable<string> LayerTypes => LayerRegistry.Entries.Keys.Append("Sequential").Append("Residual").Order(StringComparer.Ordinal);

    /// <summary>
    /// Builds a model from its spec. <paramref name="inputShape"/> (one sample, no batch dimension, e.g. [1, 28, 28])
    /// enables inference of input sizes and checks that the layers fit together; <paramref name="path"/> prefixes
    /// error messages (the JSON path of the spec inside a larger config).
    /// </summary>
    public static Module Build(JsonNode spec, int[]? inputShape = null, string path = "$")
    {
        ArgumentNullException.ThrowIfNull(spec);
        var (module, _) = BuildNode(spec, inputShape, path);
        return module;
    }

    /// <summary>Builds a model from JSON text (see <see cref="Build(JsonNode, int[], string)"/>).</summary>
    public static Module Parse(string json, int[]? inputShape = null)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new SpecException($"$: the model spec is not valid JSON: {ex.Message}");
        }
        return Build(node ?? throw new SpecException("$: the model spec is empty"), inputShape);
    }

    /// <summary>The spec of a model made of built-in layers; throws naming the first layer that has no spec.</summary>
    public static JsonObject Describe(Module model)
    {
        ArgumentNullException.ThrowIfNull(model);
        model.NamedModules();
        return DescribeNode(model);
    }

    private static JsonObject DescribeNode(Module m)
    {
        switch (m)
        {
            case Sequential s:
                return new JsonObject { ["type"] = "Sequential", ["layers"] = new JsonArray([.. s.Layers.Select(l => (JsonNode)DescribeNode(l))]) };
            case Residual r:
                var node = new JsonObject { ["type"] = "Residual", ["body"] = DescribeNode(r.Body) };
                if (r.Shortcut is not null)
                    node["shortcut"] = DescribeNode(r.Shortcut);
                return node;
        }
        string type = m.GetType().Name;
        if (!LayerRegistry.Entries.TryGetValue(type, out var entry) || entry.Type != m.GetType())
            throw new NotSupportedException(
                $"ModelSpec: {m.DisplayName} is a custom module with no JSON spec; save its weights only (safetensors) and rebuild it in code");
        var result = new JsonObject { ["type"] = type };
        foreach (var (k, v) in entry.Describe(m))
            result[k] = v?.DeepClone();
        return result;
    }

    private static (Module Module, int[]? Shape) BuildNode(JsonNode node, int[]? shape, string path)
    {
        if (node is not JsonObject obj)
            throw new SpecException($"{path}: a layer must be a JSON object with a \"type\", got {node.ToJsonString()}");
        string? type = obj["type"] is JsonValue tv && tv.TryGetValue(out string? t) ? t : null;
        if (type is null)
            throw new SpecException($"{path}.type: missing layer type; allowed: {string.Join(", ", LayerTypes)}");
        var reader = new SpecReader(obj, path, type);
        Module module;
        int[]? outShape;
        switch (type)
        {
            case "Sequential":
                var layers = reader.Node("layers") as JsonArray ?? throw reader.Error("layers", "is required (a list of layers)");
                var seq = new Sequential();
                outShape = shape;
                for (int i = 0; i < layers.Count; i++)
                {
                    var (layer, s) = BuildNode(layers[i] ?? throw new SpecException($"{path}.layers[{i}]: null layer"), outShape, $"{path}.layers[{i}]");
                    seq.Add(layer);
                    outShape = s;
                }
                module = seq;
                break;
            case "Residual":
                var body = BuildNode(reader.Node("body") ?? throw reader.Error("body", "is required (a layer)"), shape, path + ".body").Module;
                Module? shortcut = null;
                if (reader.Node("shortcut") is { } sc)
                    shortcut = BuildNode(sc, shape, path + ".shortcut").Module;
                module = new Residual(body, shortcut);
                outShape = shape is null ? null : OutputShape(module, shape, path);
                break;
            default:
                if (!LayerRegistry.Entries.TryGetValue(type, out var entry))
                    throw new SpecException($"{path}.type: unknown layer type \"{type}\"; allowed: {string.Join(", ", LayerTypes)}");
                try
                {
                    module = entry.Build(reader, shape);
                }
                catch (ArgumentException ex)
                {
                    throw new SpecException($"{path}: {ex.Message}");
                }
                outShape = shape is null ? null : OutputShape(module, shape, path);
                break;
        }
        reader.RejectUnknownKeys();
        return (module, outShape);
    }

    private static int[] OutputShape(Module module, int[] sampleShape, string path)
    {
        using (TensorScope.Enter())
        using (Autograd.NoGrad())
        {
            bool training = module.Training;
            module.Eval();
            try
            {
                var output = module.Forward(Tensor.Zeros([1, .. sampleShape]));
                return output.Shape[1..].ToArray();
            }
            catch (ArgumentException ex)
            {
                throw new SpecException($"{path}: the layer does not accept the shape flowing in, [N, {string.Join(", ", sampleShape)}]: {ex.Message}");
            }
            finally
            {
                module.Train(training);
            }
        }
    }
}
