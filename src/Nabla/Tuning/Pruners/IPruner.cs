namespace Nabla.Tuning.Pruners;

/// <summary>Decides, from the intermediate values reported so far, whether a running trial should stop early.</summary>
public interface IPruner
{
    /// <summary>A short description (name and settings) written to the journal.</summary>
    string Description { get; }

    /// <summary>
    /// Whether <paramref name="trial"/> (running, with its reports so far) should be pruned, given every trial of the
    /// study (<paramref name="trials"/>, which includes it).
    /// </summary>
    bool ShouldPrune(Trial trial, IReadOnlyList<Trial> trials, StudyDirection direction);
}
