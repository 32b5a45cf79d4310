using Nabla.Nn;

namespace Nabla.Training.Callbacks;

/// <summary>
/// Records the L2 norm of the gradients of each layer, ‖g‖₂ = √(Σ over the layer's parameters of Σ gᵢ²), after every
/// backward pass and before clipping, so vanishing (norms shrinking towards 0 in early layers) and exploding
/// gradients are visible. Parameters are grouped by the module that owns them (<c>lstm</c>, <c>encoder.layers.0.linear1</c>)
/// or, with <c>depth</c>, by the first <c>depth</c> parts of that name. Each batch's values go into the batch logs as
/// <c>grad_norm/&lt;group&gt;</c> (and <c>grad_norm</c> for all parameters together) and into <see cref="BatchHistory"/>;
/// the epoch's mean of each goes into the epoch logs, hence into <see cref="Trainer.History"/>.
/// </summary>
public sealed class GradientNormTracker : Callback
{
    /// <summary>Prefix of every log this callback writes.</summary>
    public const string Prefix = "grad_norm";

    private readonly int? _depth;
    private readonly Dictionary<string, List<double>> _batchHistory = [];
    private readonly Dictionary<string, (double Sum, int Count)> _epoch = [];
    private (Tensor Parameter, string Group)[]? _groups;

    /// <summary>Creates the tracker; <paramref name="depth"/> (≥ 1) groups by the first parts of module names, null by owning module.</summary>
    public GradientNormTracker(int? depth = null)
    {
        if (depth is < 1) throw new ArgumentOutOfRangeException(nameof(depth), depth, "GradientNormTracker: depth must be at least 1 (or null)");
        _depth = depth;
    }

    /// <summary>Every batch's norms, by log name (<c>grad_norm/lstm</c>), in training order.</summary>
    public IReadOnlyDictionary<string, List<double>> BatchHistory => _batchHistory;

    /// <summary>
    /// The current gradient norms of <paramref name="model"/>'s parameters by log name (for a hand-written loop: call
    /// it after backward). Parameters without a gradient count as zero.
    /// </summary>
    public static Dictionary<string, double> Measure(Module model, int? depth = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Norms(Groups(model, depth));
    }

    /// <inheritdoc/>
    public override void OnTrainBegin(Logs logs)
    {
        _groups = Groups(Trainer.Model, _depth);
        _batchHistory.Clear();
    }

    /// <inheritdoc/>
    public override void OnEpochBegin(int epoch, Logs logs) => _epoch.Clear();

    /// <inheritdoc/>
    public override void OnAfterBackward(int batch, Logs logs)
    {
        foreach (var (key, norm) in Norms(_groups ??= Groups(Trainer.Model, _depth)))
        {
            logs[key] = norm;
            if (!_batchHistory.TryGetValue(key, out var list)) _batchHistory[key] = list = [];
            list.Add(norm);
            var (sum, count) = _epoch.GetValueOrDefault(key);
            _epoch[key] = (sum + norm, count + 1);
        }
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, Logs logs)
    {
        foreach (var (key, (sum, count)) in _epoch)
            logs[key] = sum / count;
    }

    private static (Tensor, string)[] Groups(Module model, int? depth)
    {
        var result = new List<(Tensor, string)>();
        foreach (var (name, p) in model.NamedParameters())
        {
            int cut = name.LastIndexOf('.');
            string owner = cut < 0 ? "" : name[..cut];
            if (depth is int d && owner.Length > 0)
            {
                var parts = owner.Split('.');
                if (parts.Length > d) owner = string.Join('.', parts, 0, d);
            }
            result.Add((p, owner.Length == 0 ? Prefix + "/" + model.GetType().Name.ToLowerInvariant() : Prefix + "/" + owner));
        }
        return [.. result];
    }

    private static Dictionary<string, double> Norms((Tensor Parameter, string Group)[] groups)
    {
        var squares = new Dictionary<string, double>();
        double total = 0;
        foreach (var (p, group) in groups)
        {
            double s = 0;
            if (p.Grad is Tensor g) Optim.GradClip.Accumulate(g.Contiguous(), 2, ref s);
            squares[group] = squares.GetValueOrDefault(group) + s;
            total += s;
        }
        var norms = new Dictionary<string, double>(squares.Count + 1) { [Prefix] = Math.Sqrt(total) };
        foreach (var (group, s) in squares)
            norms[group] = Math.Sqrt(s);
        return norms;
    }
}
