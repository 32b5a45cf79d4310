using System.Text;

namespace Nabla.Nn;

public abstract partial class Module
{
    /// <summary>
    /// The module's state as qualified name → tensor (the live tensors, not copies), PyTorch's order: for each
    /// module depth first, its parameters then its persistent buffers. Names match PyTorch's state_dict, so weights
    /// exchange through safetensors.
    /// </summary>
    public Dictionary<string, Tensor> StateDict()
    {
        var state = new Dictionary<string, Tensor>();
        var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        foreach (var (path, module) in NamedModules())
        {
            foreach (var (name, t) in module.LocalTensors(ModuleMembers.Kind.Parameter))
                if (seen.Add(t))
                    state[path.Length == 0 ? name : path + "." + name] = t;
            foreach (var (name, t) in module.LocalTensors(ModuleMembers.Kind.Buffer))
                if (seen.Add(t))
                    state[path.Length == 0 ? name : path + "." + name] = t;
        }
        return state;
    }

    /// <summary>
    /// Copies <paramref name="state"/> into the module's tensors in place (references held by optimizers stay
    /// valid). Strict (the default) requires exactly the module's keys; either way every matching key must have the
    /// right shape. The error lists all missing, unexpected and wrong-shape keys at once, and nothing is copied
    /// unless everything checks out.
    /// </summary>
    public LoadResult LoadStateDict(IReadOnlyDictionary<string, Tensor> state, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(state);
        var own = StateDict();
        var missing = new List<string>();
        var unexpected = new List<string>();
        var wrongShape = new List<string>();
        foreach (var (key, target) in own)
        {
            if (!state.TryGetValue(key, out var source))
                missing.Add(key);
            else if (!ShapeMath.SameShape(source.Shape, target.Shape))
                wrongShape.Add($"{key}: checkpoint {ShapeMath.Format(source.Shape)}, model {ShapeMath.Format(target.Shape)}");
        }
        foreach (var key in state.Keys)
            if (!own.ContainsKey(key))
                unexpected.Add(key);
        if (wrongShape.Count > 0 || (strict && (missing.Count > 0 || unexpected.Count > 0)))
            throw new InvalidOperationException(LoadError(missing, unexpected, wrongShape, strict));
        using (Autograd.NoGrad())
            foreach (var (key, target) in own)
                if (state.TryGetValue(key, out var source))
                    target.CopyFrom(source);
        return new LoadResult(missing, unexpected);
    }

    private string LoadError(List<string> missing, List<string> unexpected, List<string> wrongShape, bool strict)
    {
        var sb = new StringBuilder($"LoadStateDict: the state does not fit {GetType().Name}");
        if (strict && missing.Count > 0)
            sb.Append($"\n  missing keys ({missing.Count}): {string.Join(", ", missing)}");
        if (strict && unexpected.Count > 0)
            sb.Append($"\n  unexpected keys ({unexpected.Count}): {string.Join(", ", unexpected)}");
        if (wrongShape.Count > 0)
            sb.Append($"\n  wrong shapes ({wrongShape.Count}): {string.Join("; ", wrongShape)}");
        if (strict && wrongShape.Count == 0)
            sb.Append("\n  (pass strict: false to load the matching keys only)");
        return sb.ToString();
    }
}

/// <summary>The keys a non-strict <see cref="Module.LoadStateDict"/> skipped.</summary>
public sealed record LoadResult(IReadOnlyList<string> MissingKeys, IReadOnlyList<string> UnexpectedKeys);
