using System.Globalization;

namespace Nabla.Tuning;

/// <summary>
/// What an objective gets for one trial: the sampled parameters, <see cref="Report"/> for intermediate values (one
/// per epoch), and <see cref="ShouldPrune"/> / <see cref="Prune"/> to stop early when the pruner says so.
/// </summary>
/// <example>
/// <code>
/// study.Optimize(trial =>
/// {
///     var trainer = Build(trial.GetDouble("optimizer.lr"), trial.GetInt("model.hidden"));
///     for (int epoch = 0; epoch &lt; 10; epoch++)
///     {
///         trainer.Fit(train, new FitOptions { Epochs = epoch + 1, Verbose = 0 });
///         double loss = trainer.Evaluate(validation)["loss"];
///         trial.Report(epoch + 1, loss);
///         if (trial.ShouldPrune()) trial.Prune();
///     }
///     return trainer.Evaluate(validation)["loss"];
/// }, trials: 30);
/// </code>
/// </example>
public sealed class TrialContext
{
    private readonly Study _study;

    internal TrialContext(Study study, Trial trial)
    {
        _study = study;
        Trial = trial;
    }

    /// <summary>The trial being evaluated.</summary>
    public Trial Trial { get; }

    /// <summary>The trial's number.</summary>
    public int Number => Trial.Number;

    /// <summary>The sampled parameters by name.</summary>
    public IReadOnlyDictionary<string, object?> Params => Trial.Params;

    /// <summary>A numeric parameter as a double.</summary>
    public double GetDouble(string name) => Get(name) switch
    {
        double d => d,
        long l => l,
        int i => i,
        var v => throw new InvalidCastException($"TrialContext: parameter '{name}' is {Describe(v)}, not a number"),
    };

    /// <summary>An integer parameter (an int distribution, or an integral choice).</summary>
    public long GetInt(string name) => Get(name) switch
    {
        long l => l,
        int i => i,
        double d when d == Math.Floor(d) => (long)d,
        var v => throw new InvalidCastException($"TrialContext: parameter '{name}' is {Describe(v)}, not an integer"),
    };

    /// <summary>A parameter as text (strings as they are, numbers in invariant culture).</summary>
    public string GetString(string name) => Get(name) switch
    {
        string s => s,
        null => throw new InvalidCastException($"TrialContext: parameter '{name}' is null"),
        var v => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>A parameter's value as sampled.</summary>
    public object? Get(string name) =>
        Trial.Params.TryGetValue(name, out var v) ? v
            : throw new KeyNotFoundException($"TrialContext: no parameter '{name}'; the space has {string.Join(", ", Trial.Params.Keys)}");

    /// <summary>
    /// Records the objective's value after <paramref name="step"/> (e.g. epochs completed, or resource used); written
    /// to the journal at once. Successive halving compares trials at steps minResource·ηᵏ, so report the amount of
    /// training done (epoch + 1) when using it.
    /// </summary>
    public void Report(int step, double value)
    {
        if (step < 0)
            throw new ArgumentOutOfRangeException(nameof(step), $"TrialContext.Report: step must be ≥ 0, got {step}");
        Trial.AddIntermediate(step, value);
        _study.OnReport(Trial, step, value);
    }

    /// <summary>Whether the study's pruner would stop this trial now (always false without a pruner).</summary>
    public bool ShouldPrune() => _study.ShouldPrune(Trial);

    /// <summary>Stops the trial as pruned (throws <see cref="TrialPrunedException"/>, which the study catches).</summary>
    public void Prune() => throw new TrialPrunedException($"trial {Number} was pruned at step {Trial.LastStep}");

    private static string Describe(object? v) => v is null ? "null" : $"{v} ({v.GetType().Name})";
}
