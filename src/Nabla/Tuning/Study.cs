using System.Diagnostics;
using Nabla.Tuning.Pruners;
using Nabla.Tuning.Samplers;

namespace Nabla.Tuning;

/// <summary>
/// A hyper-parameter search: a <see cref="SearchSpace"/>, a sampler (grid, random, TPE), an optional pruner (median,
/// successive halving, Hyperband) and an optional journal file. <see cref="Optimize"/> runs trials until the budget
/// (trial count and/or time) is spent. With a journal, a new <see cref="Study"/> on the same file replays the
/// finished trials (their values, reports and the sampler's history) and continues where the killed search stopped.
/// Seeded samplers make the whole search deterministic given a deterministic objective.
/// </summary>
public sealed class Study : IDisposable
{
    private readonly List<Trial> _trials;
    private readonly Journal? _journal;

    /// <summary>Creates a study, replaying <paramref name="journalPath"/> when it exists.</summary>
    /// <param name="space">The parameters searched.</param>
    /// <param name="sampler">Proposes parameters; <see cref="TpeSampler"/> when null.</param>
    /// <param name="pruner">Stops weak trials early; null never prunes.</param>
    /// <param name="direction">Minimize (losses) or maximize (accuracy).</param>
    /// <param name="journalPath">JSON-lines journal to append to and resume from; null keeps the study in memory.</param>
    /// <exception cref="InvalidOperationException">The journal was written for another space or direction.</exception>
    public Study(SearchSpace space, ISampler? sampler = null, IPruner? pruner = null,
                 StudyDirection direction = StudyDirection.Minimize, string? journalPath = null)
    {
        ArgumentNullException.ThrowIfNull(space);
        if (space.Count == 0)
            throw new ArgumentException("Study: the search space has no parameters");
        Space = space;
        Sampler = sampler ?? new TpeSampler();
        Pruner = pruner;
        Direction = direction;
        _trials = [];
        if (journalPath is not null)
        {
            var events = Journal.Read(journalPath);
            _trials = Journal.Replay(events, space, direction, journalPath);
            ResumedTrials = _trials.Count;
            _journal = Journal.Open(journalPath);
            if (events.Count == 0)
                _journal.Append(Journal.Header(space, direction, Sampler.Description, Pruner?.Description ?? "none"));
        }
    }

    /// <summary>The parameters searched.</summary>
    public SearchSpace Space { get; }

    /// <summary>The sampler.</summary>
    public ISampler Sampler { get; }

    /// <summary>The pruner, or null.</summary>
    public IPruner? Pruner { get; }

    /// <summary>Minimize or maximize.</summary>
    public StudyDirection Direction { get; }

    /// <summary>Finished trials read back from the journal when the study was created.</summary>
    public int ResumedTrials { get; }

    /// <summary>Every trial, in number order (the last may be running while the objective runs).</summary>
    public IReadOnlyList<Trial> Trials => _trials;

    /// <summary>The best complete trial, or null when none has completed.</summary>
    public Trial? BestTrial
    {
        get
        {
            Trial? best = null;
            foreach (var t in _trials)
                if (t.State == TrialState.Complete && (best is null || Better(t.Value!.Value, best.Value!.Value)))
                    best = t;
            return best;
        }
    }

    /// <summary>The best value (throws when no trial has completed).</summary>
    public double BestValue => BestTrial?.Value ?? throw new InvalidOperationException("Study: no trial has completed yet");

    /// <summary>The best parameters (throws when no trial has completed).</summary>
    public IReadOnlyDictionary<string, object?> BestParams =>
        BestTrial?.Params ?? throw new InvalidOperationException("Study: no trial has completed yet");

    /// <summary>
    /// Runs trials until <paramref name="trials"/> trials have finished in total (those resumed from the journal
    /// count), <paramref name="timeout"/> has passed (checked between trials), or the sampler is exhausted.
    /// The objective returns the final value; it may report intermediate values and prune itself through its
    /// <see cref="TrialContext"/>. A trial whose objective throws (other than <see cref="TrialPrunedException"/>) or
    /// returns NaN/∞ is recorded as failed; with <paramref name="catchExceptions"/> false the exception is then rethrown.
    /// </summary>
    /// <param name="objective">Trains and evaluates one configuration.</param>
    /// <param name="trials">Total trial budget, or null for no count limit (then give a timeout or use a grid).</param>
    /// <param name="timeout">Time budget for this call, or null.</param>
    /// <param name="onTrialFinished">Called after each trial (progress printing).</param>
    /// <param name="catchExceptions">Record objective exceptions as failed trials and continue.</param>
    public void Optimize(Func<TrialContext, double> objective, int? trials = null, TimeSpan? timeout = null,
                         Action<Trial>? onTrialFinished = null, bool catchExceptions = true)
    {
        ArgumentNullException.ThrowIfNull(objective);
        if (trials is < 0)
            throw new ArgumentOutOfRangeException(nameof(trials), $"Study.Optimize: trials must be ≥ 0, got {trials}");
        if (trials is null && timeout is null && Sampler is not GridSampler)
            throw new ArgumentException("Study.Optimize: give a trial count, a timeout, or a grid sampler; otherwise the search never ends");
        var clock = Stopwatch.StartNew();
        while ((trials is null || _trials.Count < trials) && (timeout is null || clock.Elapsed < timeout))
        {
            int number = _trials.Count;
            var internals = Sampler.Sample(Space, number, _trials, Direction);
            if (internals is null)
                break;
            var snapped = new Dictionary<string, double>();
            foreach (var (name, d) in Space.Parameters)
                snapped[name] = d.Snap(internals[name]);
            var trial = new Trial(number, Space, snapped);
            _trials.Add(trial);
            _journal?.Append(Journal.Start(trial, Space));
            Exception? failure = Run(objective, trial);
            _journal?.Append(Journal.Finish(trial));
            onTrialFinished?.Invoke(trial);
            if (failure is not null && !catchExceptions)
                throw new InvalidOperationException($"Study: trial {trial.Number} failed: {failure.Message}", failure);
        }
    }

    private Exception? Run(Func<TrialContext, double> objective, Trial trial)
    {
        var clock = Stopwatch.StartNew();
        Exception? failure = null;
        try
        {
            double value = objective(new TrialContext(this, trial));
            if (double.IsFinite(value))
            {
                trial.Value = value;
                trial.State = TrialState.Complete;
            }
            else
            {
                trial.State = TrialState.Failed;
                trial.Error = $"the objective returned {value}";
            }
        }
        catch (TrialPrunedException)
        {
            trial.State = TrialState.Pruned;
            trial.Value = trial.LastStep is int s ? trial.IntermediateValues[s] : null;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            trial.State = TrialState.Failed;
            trial.Error = $"{ex.GetType().Name}: {ex.Message}";
            failure = ex;
        }
        trial.DurationSeconds = clock.Elapsed.TotalSeconds;
        return failure;
    }

    internal void OnReport(Trial trial, int step, double value) => _journal?.Append(Journal.Report(trial.Number, step, value));

    internal bool ShouldPrune(Trial trial) => Pruner is not null && Pruner.ShouldPrune(trial, _trials, Direction);

    /// <summary>Whether <paramref name="a"/> is strictly better than <paramref name="b"/> in this study's direction.</summary>
    public bool Better(double a, double b) => Direction == StudyDirection.Minimize ? a < b : a > b;

    /// <summary>Closes the journal.</summary>
    public void Dispose() => _journal?.Dispose();
}
