using Nabla.Nn;
using Nabla.Serialization;

namespace Nabla.Tuning.Transfer;

/// <summary>
/// Loads pre-trained weights for transfer learning, non-strictly: every model tensor whose (renamed) key and shape
/// match is copied; the rest is reported, not an error. Reads Nabla checkpoints (full or weights-only) and plain
/// safetensors files written by PyTorch (<c>safetensors.torch.save_file(model.state_dict(), path)</c>, F32, F16 or
/// BF16), whose state-dict names Nabla's modules share (<c>features.0.weight</c>, <c>bn.running_mean</c>, …).
/// A rename function maps file keys to model keys (e.g. <see cref="StripPrefix"/> for DataParallel's
/// <c>module.</c>); returning null drops the key.
/// </summary>
public static class PretrainedWeights
{
    private const string CheckpointModelPrefix = "model.";

    /// <summary>Loads the matching tensors of the safetensors file at <paramref name="path"/> into <paramref name="model"/>.</summary>
    public static TransferLoadReport Load(Module model, string path, Func<string, string?>? rename = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var data = SafeTensors.Load(path);
        IReadOnlyDictionary<string, Tensor> tensors = data.Tensors;
        if (data.Metadata.TryGetValue("format", out var format) && format == Checkpoint.Format)
        {
            var state = new Dictionary<string, Tensor>();
            foreach (var (name, t) in data.Tensors)
                if (name.StartsWith(CheckpointModelPrefix, StringComparison.Ordinal))
                    state[name[CheckpointModelPrefix.Length..]] = t;
            tensors = state;
        }
        return Load(model, tensors, rename);
    }

    /// <summary>Loads the matching tensors of <paramref name="state"/> (file key → tensor) into <paramref name="model"/>.</summary>
    public static TransferLoadReport Load(Module model, IReadOnlyDictionary<string, Tensor> state, Func<string, string?>? rename = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(state);
        var own = model.StateDict();
        var matching = new Dictionary<string, Tensor>();
        var unexpected = new List<string>();
        var mismatched = new List<string>();
        foreach (var (fileKey, tensor) in state)
        {
            string? key = rename is null ? fileKey : rename(fileKey);
            if (key is null || !own.TryGetValue(key, out var target))
            {
                unexpected.Add(fileKey);
                continue;
            }
            if (!ShapeMath.SameShape(tensor.Shape, target.Shape))
            {
                mismatched.Add($"{key}: file {ShapeMath.Format(tensor.Shape)}, model {ShapeMath.Format(target.Shape)}");
                continue;
            }
            matching[key] = tensor;
        }
        model.LoadStateDict(matching, strict: false);
        var loaded = own.Keys.Where(matching.ContainsKey).ToList();
        var missing = own.Keys.Where(k => !matching.ContainsKey(k)).ToList();
        return new TransferLoadReport(loaded, missing, unexpected, mismatched);
    }

    /// <summary>A rename that removes <paramref name="prefix"/> from keys that have it and keeps the others.</summary>
    public static Func<string, string?> StripPrefix(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        return key => key.StartsWith(prefix, StringComparison.Ordinal) ? key[prefix.Length..] : key;
    }
}
