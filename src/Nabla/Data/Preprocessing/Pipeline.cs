namespace Nabla.Data.Preprocessing;

/// <summary>
/// A chain of table steps applied in order (scikit-learn's Pipeline of transformers), e.g. impute → scale →
/// PCA: Fit fits each step on the output of the previous one; Transform applies them in turn.
/// </summary>
public sealed class Pipeline : MatrixTransformer
{
    private readonly MatrixTransformer[] _steps;

    /// <summary>Creates the chain from at least one step.</summary>
    public Pipeline(params MatrixTransformer[] steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        if (steps.Length == 0) throw new ArgumentException("Pipeline: give at least one step.", nameof(steps));
        foreach (var s in steps) ArgumentNullException.ThrowIfNull(s, nameof(steps));
        _steps = steps;
    }

    /// <summary>The steps, in order.</summary>
    public IReadOnlyList<MatrixTransformer> Steps => _steps;

    /// <inheritdoc/>
    protected override void FitCore(float[,] x)
    {
        foreach (var step in _steps) x = step.FitTransform(x);
    }

    /// <inheritdoc/>
    protected override float[,] TransformCore(float[,] x)
    {
        foreach (var step in _steps) x = step.Transform(x);
        return x;
    }

    /// <inheritdoc/>
    public override TransformState GetState()
    {
        EnsureFitted();
        var s = new TransformState(nameof(Pipeline));
        s.Arrays["inputs"] = [InputColumns];
        for (int i = 0; i < _steps.Length; i++) s.Children[i.ToString(System.Globalization.CultureInfo.InvariantCulture)] = _steps[i].GetState();
        return s;
    }

    /// <summary>Rebuilds a fitted pipeline from <paramref name="state"/>.</summary>
    public static new Pipeline FromState(TransformState state)
    {
        CheckKind(state, nameof(Pipeline));
        var steps = new MatrixTransformer[state.Children.Count];
        for (int i = 0; i < steps.Length; i++)
            steps[i] = Preprocessor.FromState(state.Child(i.ToString(System.Globalization.CultureInfo.InvariantCulture))) as MatrixTransformer
                ?? throw new ArgumentException($"Pipeline.FromState: step {i} is not a table step.", nameof(state));
        return new Pipeline(steps) { InputColumns = (int)state.Array("inputs")[0], IsFitted = true };
    }
}
