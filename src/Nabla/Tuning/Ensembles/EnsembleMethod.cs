namespace Nabla.Tuning.Ensembles;

/// <summary>How an <see cref="Ensemble"/> combines its members' outputs (class logits [N, C]).</summary>
public enum EnsembleMethod
{
    /// <summary>
    /// Soft voting: the mean of the members' softmax probabilities, p̄ = (1/M) Σₘ softmax(zₘ); the ensemble outputs
    /// log p̄, which a cross-entropy loss and arg-max metrics read like logits.
    /// </summary>
    AverageProbabilities,

    /// <summary>The mean of the members' raw outputs, z̄ = (1/M) Σₘ zₘ (also for regression outputs).</summary>
    AverageLogits,

    /// <summary>
    /// Hard (majority) voting: each member votes for its arg-max class; the output row holds the vote counts, so its
    /// arg-max is the majority class (ties go to the lowest class index). Only arg-max metrics are meaningful on it.
    /// </summary>
    MajorityVote,
}
