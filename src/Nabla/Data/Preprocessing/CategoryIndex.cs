namespace Nabla.Data.Preprocessing;

/// <summary>The sorted category list (ordinal string order, like NumPy's unique) and its reverse map.</summary>
internal sealed class CategoryIndex
{
    private readonly Dictionary<string, int> _index;

    public CategoryIndex(string[] categories)
    {
        Categories = categories;
        _index = new Dictionary<string, int>(categories.Length, StringComparer.Ordinal);
        for (int i = 0; i < categories.Length; i++) _index[categories[i]] = i;
    }

    public string[] Categories { get; }

    public static CategoryIndex Learn(IReadOnlyList<string?> values, string owner)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < values.Count; i++)
            set.Add(values[i] ?? throw new ArgumentException(
                $"{owner}.Fit: missing value at position {i}; impute missing categories (e.g. most frequent) before encoding."));
        if (set.Count == 0) throw new ArgumentException($"{owner}.Fit: no values to learn categories from.");
        var sorted = set.ToArray();
        Array.Sort(sorted, StringComparer.Ordinal);
        return new CategoryIndex(sorted);
    }

    /// <summary>Index of <paramref name="value"/>, or −1 (Ignore) / an error (Error) when unknown.</summary>
    public int Lookup(string? value, int position, UnknownCategory unknown, string owner)
    {
        if (value is not null && _index.TryGetValue(value, out int i)) return i;
        if (unknown == UnknownCategory.Ignore) return -1;
        string shown = value is null ? "a missing value" : $"unknown category '{value}'";
        string known = Categories.Length <= 20 ? string.Join(", ", Categories) : string.Join(", ", Categories[..20]) + ", ...";
        throw new ArgumentException(
            $"{owner}.Transform: {shown} at position {position}; known categories: [{known}]. " +
            "Use UnknownCategory.Ignore to encode unseen values as no category.");
    }
}
