namespace Nabla.Data.Preprocessing;

/// <summary>
/// A preprocessing step learned from training data: <c>Fit</c> on the training split only, then
/// <c>Transform</c> the training, validation and test splits with the same statistics. The fitted state is
/// exported with <see cref="GetState"/> (and <see cref="TransformState.ToJson"/>) so it is saved with the model.
/// </summary>
public abstract class Preprocessor
{
    /// <summary>True once <c>Fit</c> has run or a fitted state has been loaded.</summary>
    public bool IsFitted { get; protected set; }

    /// <summary>The fitted state (fails before <c>Fit</c>).</summary>
    public abstract TransformState GetState();

    /// <summary>Fails with a clear message when the step is used before it is fitted.</summary>
    protected void EnsureFitted()
    {
        if (!IsFitted)
            throw new InvalidOperationException(
                $"{GetType().Name}: Transform called before Fit. Call Fit(trainingData) on the training split first, " +
                "or restore a fitted step with Preprocessor.FromState.");
    }

    /// <summary>Rebuilds a fitted step from a state written by <see cref="GetState"/>.</summary>
    public static Preprocessor FromState(TransformState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Kind switch
        {
            nameof(StandardScaler) => StandardScaler.FromState(state),
            nameof(MinMaxScaler) => MinMaxScaler.FromState(state),
            nameof(SimpleImputer) => SimpleImputer.FromState(state),
            nameof(IterativeImputer) => IterativeImputer.FromState(state),
            nameof(Pca) => Pca.FromState(state),
            nameof(ChannelNormalizer) => ChannelNormalizer.FromState(state),
            nameof(LabelEncoder) => LabelEncoder.FromState(state),
            nameof(OneHotEncoder) => OneHotEncoder.FromState(state),
            nameof(TabularPreprocessor) => TabularPreprocessor.FromState(state),
            nameof(Pipeline) => Pipeline.FromState(state),
            _ => throw new ArgumentException($"Preprocessor.FromState: unknown step kind '{state.Kind}'.", nameof(state)),
        };
    }

    /// <summary>Checks that <paramref name="state"/> has kind <paramref name="kind"/>.</summary>
    protected static void CheckKind(TransformState state, string kind)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Kind != kind)
            throw new ArgumentException($"{kind}.FromState: the state is a '{state.Kind}', not a '{kind}'.", nameof(state));
    }
}
