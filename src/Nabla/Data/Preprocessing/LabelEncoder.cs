namespace Nabla.Data.Preprocessing;

/// <summary>
/// Maps categories to integers 0..K−1 in sorted (ordinal) order of the categories seen by Fit, like
/// scikit-learn's LabelEncoder. Unseen categories raise an error or map to −1 (<see cref="UnknownCategory"/>).
/// </summary>
public sealed class LabelEncoder : Preprocessor
{
    private CategoryIndex? _index;

    /// <summary>Creates an encoder with the given unknown-category policy.</summary>
    public LabelEncoder(UnknownCategory unknown = UnknownCategory.Error) => Unknown = unknown;

    /// <summary>Policy for categories not seen by Fit.</summary>
    public UnknownCategory Unknown { get; }

    /// <summary>The learned categories; the position is the code.</summary>
    public IReadOnlyList<string> Classes { get { EnsureFitted(); return _index!.Categories; } }

    /// <summary>Learns the categories of <paramref name="values"/>; returns this encoder.</summary>
    public LabelEncoder Fit(IReadOnlyList<string?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        _index = CategoryIndex.Learn(values, nameof(LabelEncoder));
        IsFitted = true;
        return this;
    }

    /// <summary>An encoder over <paramref name="classes"/> in the given order (code = position).</summary>
    internal static LabelEncoder FromClasses(string[] classes) =>
        new() { _index = new CategoryIndex(classes), IsFitted = true };

    /// <summary>Encodes one value.</summary>
    public int Encode(string? value)
    {
        EnsureFitted();
        return _index!.Lookup(value, 0, Unknown, nameof(LabelEncoder));
    }

    /// <summary>Encodes every value.</summary>
    public int[] Transform(IReadOnlyList<string?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        EnsureFitted();
        var codes = new int[values.Count];
        for (int i = 0; i < codes.Length; i++) codes[i] = _index!.Lookup(values[i], i, Unknown, nameof(LabelEncoder));
        return codes;
    }

    /// <summary>Fit then Transform.</summary>
    public int[] FitTransform(IReadOnlyList<string?> values) => Fit(values).Transform(values);

    /// <summary>Maps codes back to categories.</summary>
    public string[] InverseTransform(ReadOnlySpan<int> codes)
    {
        EnsureFitted();
        var cats = _index!.Categories;
        var result = new string[codes.Length];
        for (int i = 0; i < codes.Length; i++)
        {
            if ((uint)codes[i] >= (uint)cats.Length)
                throw new ArgumentOutOfRangeException(nameof(codes), codes[i], $"LabelEncoder.InverseTransform: code at position {i} is outside 0..{cats.Length - 1}.");
            result[i] = cats[codes[i]];
        }
        return result;
    }

    /// <inheritdoc/>
    public override TransformState GetState()
    {
        EnsureFitted();
        var s = new TransformState(nameof(LabelEncoder));
        s.SetList("classes", _index!.Categories);
        s.Strings["unknown"] = Unknown.ToString();
        return s;
    }

    /// <summary>Rebuilds a fitted encoder from <paramref name="state"/>.</summary>
    public static new LabelEncoder FromState(TransformState state)
    {
        CheckKind(state, nameof(LabelEncoder));
        return new LabelEncoder(Enum.Parse<UnknownCategory>(state.String("unknown")))
        {
            _index = new CategoryIndex(state.List("classes")),
            IsFitted = true,
        };
    }
}
