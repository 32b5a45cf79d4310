namespace Nabla.Tuning;

/// <summary>Whether a study minimizes or maximizes the objective.</summary>
public enum StudyDirection
{
    /// <summary>Lower is better (losses, errors).</summary>
    Minimize,

    /// <summary>Higher is better (accuracy).</summary>
    Maximize,
}

/// <summary>Where a trial stands.</summary>
public enum TrialState
{
    /// <summary>The objective is running.</summary>
    Running,

    /// <summary>The objective returned a value.</summary>
    Complete,

    /// <summary>A pruner stopped the trial early; its value is the last intermediate value.</summary>
    Pruned,

    /// <summary>The objective threw, or returned NaN or an infinity.</summary>
    Failed,
}

/// <summary>One evaluation of the objective: its parameters, intermediate values, final value and state.</summary>
public sealed class Trial
{
    private readonly SortedDictionary<int, double> _intermediate = [];

    internal Trial(int number, SearchSpace space, IReadOnlyDictionary<string, double> internalParams)
    {
        Number = number;
        InternalParams = new Dictionary<string, double>(internalParams);
        var external = new Dictionary<string, object?>();
        foreach (var (name, d) in space.Parameters)
            external[name] = d.ToExternal(internalParams.TryGetValue(name, out double v) ? v
                : throw new InvalidOperationException($"Trial {number}: the sampler gave no value for parameter '{name}'"));
        Params = external;
    }

    /// <summary>The trial's number, 0, 1, … in the order trials started.</summary>
    public int Number { get; }

    /// <summary>The state.</summary>
    public TrialState State { get; internal set; } = TrialState.Running;

    /// <summary>Each parameter's value as the objective sees it (double, long, or a choice's value).</summary>
    public IReadOnlyDictionary<string, object?> Params { get; }

    /// <summary>Each parameter's internal value (log for log scales, index for choices; see <see cref="Distribution"/>).</summary>
    public IReadOnlyDictionary<string, double> InternalParams { get; }

    /// <summary>Intermediate values by step, as reported with <see cref="TrialContext.Report"/>.</summary>
    public IReadOnlyDictionary<int, double> IntermediateValues => _intermediate;

    /// <summary>The final value: the objective's result when complete, the last intermediate value when pruned, else null.</summary>
    public double? Value { get; internal set; }

    /// <summary>Wall-clock seconds the objective ran.</summary>
    public double DurationSeconds { get; internal set; }

    /// <summary>Why the trial failed, or null.</summary>
    public string? Error { get; internal set; }

    /// <summary>The last reported step, or null before any report.</summary>
    public int? LastStep => _intermediate.Count == 0 ? null : _intermediate.Keys.Last();

    /// <summary>Whether the trial has finished (complete, pruned or failed).</summary>
    public bool IsFinished => State != TrialState.Running;

    internal void AddIntermediate(int step, double value) => _intermediate[step] = value;
}
