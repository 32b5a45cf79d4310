namespace Nabla.Tuning;

/// <summary>
/// Thrown by an objective (usually through <see cref="TrialContext.Prune"/>) to stop a trial that the pruner
/// judged unpromising; the study records it as <see cref="TrialState.Pruned"/>, not as a failure.
/// </summary>
public sealed class TrialPrunedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TrialPrunedException() : base("the trial was pruned") { }

    /// <summary>Creates the exception with a message.</summary>
    public TrialPrunedException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and cause.</summary>
    public TrialPrunedException(string message, Exception inner) : base(message, inner) { }
}
