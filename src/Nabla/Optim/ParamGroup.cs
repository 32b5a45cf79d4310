namespace Nabla.Optim;

/// <summary>
/// A set of parameters sharing hyper-parameters, like an entry of PyTorch's <c>optimizer.param_groups</c>.
/// Hyper-parameters are kept under PyTorch's names (<c>lr</c>, <c>weight_decay</c>, <c>momentum</c>,
/// <c>dampening</c>, <c>eps</c>, <c>alpha</c>, <c>rho</c>, <c>lr_decay</c>, <c>momentum_decay</c> ...); PyTorch's
/// <c>betas</c> tuple is kept as the two entries <c>beta1</c> and <c>beta2</c>, and flags (<c>nesterov</c>,
/// <c>amsgrad</c>, <c>centered</c>, <c>maximize</c>) as 0 or 1. Options not given here take the optimizer's defaults
/// when the group is added to an optimizer.
/// </summary>
public sealed class ParamGroup
{
    private readonly Tensor[] _params;

    /// <summary>Creates a group of <paramref name="parameters"/> with the given hyper-parameter overrides.</summary>
    /// <exception cref="ArgumentException">The group is empty or a tensor appears twice.</exception>
    public ParamGroup(IEnumerable<Tensor> parameters, IReadOnlyDictionary<string, double>? options = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _params = [.. parameters];
        if (_params.Length == 0)
            throw new ArgumentException("ParamGroup: the group has no parameters; pass at least one tensor");
        var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        foreach (var p in _params)
        {
            ArgumentNullException.ThrowIfNull(p, nameof(parameters));
            if (!seen.Add(p))
                throw new ArgumentException("ParamGroup: the same tensor appears twice in the group; pass each parameter once");
        }
        Options = options is null ? new Dictionary<string, double>() : new Dictionary<string, double>(options);
        States = new ParamState?[_params.Length];
    }

    /// <summary>The parameters of this group.</summary>
    public IReadOnlyList<Tensor> Params => _params;

    /// <summary>The hyper-parameters of this group by PyTorch name; schedules and users may change them between steps.</summary>
    public Dictionary<string, double> Options { get; }

    /// <summary>The learning rate <c>lr</c> of this group.</summary>
    public double Lr
    {
        get => this["lr"];
        set => Options["lr"] = value;
    }

    /// <summary>A hyper-parameter of this group.</summary>
    /// <exception cref="KeyNotFoundException">The group has no option of that name.</exception>
    public double this[string name]
    {
        get => Options.TryGetValue(name, out double v) ? v
            : throw new KeyNotFoundException($"ParamGroup: no hyper-parameter '{name}' (known: {string.Join(", ", Options.Keys)})");
        set => Options[name] = value;
    }

    /// <summary>A flag hyper-parameter (stored as 0 or 1).</summary>
    public bool Flag(string name) => Options.TryGetValue(name, out double v) && v != 0;

    /// <summary>Per-parameter optimizer state, parallel to <see cref="Params"/>; null before the first update.</summary>
    internal ParamState?[] States { get; }

    internal Tensor[] ParamArray => _params;
}
