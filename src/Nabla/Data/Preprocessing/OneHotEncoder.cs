namespace Nabla.Data.Preprocessing;

/// <summary>
/// One-hot encoding of one categorical column: category k (sorted ordinal order of the categories seen by Fit)
/// becomes the unit row e_k of width K. Unseen categories raise an error or become an all-zero row
/// (<see cref="UnknownCategory.Ignore"/>, as scikit-learn's <c>handle_unknown='ignore'</c>).
/// </summary>
public sealed class OneHotEncoder : Preprocessor
{
    private CategoryIndex? _index;

    /// <summary>Creates an encoder with the given unknown-category policy.</summary>
    public OneHotEncoder(UnknownCategory unknown = UnknownCategory.Error) => Unknown = unknown;

    /// <summary>Policy for categories not seen by Fit.</summary>
    public UnknownCategory Unknown { get; }

    /// <summary>The learned categories, in output-column order.</summary>
    public IReadOnlyList<string> Categories { get { EnsureFitted(); return _index!.Categories; } }

    /// <summary>Output width K.</summary>
    public int Width { get { EnsureFitted(); return _index!.Categories.Length; } }

    /// <summary>Learns the categories of <paramref name="values"/>; returns this encoder.</summary>
    public OneHotEncoder Fit(IReadOnlyList<string?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        _index = CategoryIndex.Learn(values, nameof(OneHotEncoder));
        IsFitted = true;
        return this;
    }

    /// <summary>Writes the one-hot code of <paramref name="value"/> into <paramref name="destination"/> (length K).</summary>
    public void Encode(string? value, Span<float> destination, int position = 0)
    {
        EnsureFitted();
        if (destination.Length != Width)
            throw new ArgumentException($"OneHotEncoder.Encode: destination has length {destination.Length}, expected {Width}.", nameof(destination));
        destination.Clear();
        int k = _index!.Lookup(value, position, Unknown, nameof(OneHotEncoder));
        if (k >= 0) destination[k] = 1f;
    }

    /// <summary>Encodes every value into a table [n, K].</summary>
    public float[,] Transform(IReadOnlyList<string?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        EnsureFitted();
        var y = new float[values.Count, Width];
        for (int i = 0; i < values.Count; i++)
        {
            int k = _index!.Lookup(values[i], i, Unknown, nameof(OneHotEncoder));
            if (k >= 0) y[i, k] = 1f;
        }
        return y;
    }

    /// <summary>Fit then Transform.</summary>
    public float[,] FitTransform(IReadOnlyList<string?> values) => Fit(values).Transform(values);

    /// <inheritdoc/>
    public override TransformState GetState()
    {
        EnsureFitted();
        var s = new TransformState(nameof(OneHotEncoder));
        s.SetList("categories", _index!.Categories);
        s.Strings["unknown"] = Unknown.ToString();
        return s;
    }

    /// <summary>Rebuilds a fitted encoder from <paramref name="state"/>.</summary>
    public static new OneHotEncoder FromState(TransformState state)
    {
        CheckKind(state, nameof(OneHotEncoder));
        return new OneHotEncoder(Enum.Parse<UnknownCategory>(state.String("unknown")))
        {
            _index = new CategoryIndex(state.List("categories")),
            IsFitted = true,
        };
    }
}
