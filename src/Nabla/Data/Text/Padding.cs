namespace Nabla.Data.Text;

/// <summary>Which end of a sequence padding or truncation applies to (Keras' <c>padding</c>/<c>truncating</c>).</summary>
public enum SequenceEnd
{
    /// <summary>At the start.</summary>
    Pre,

    /// <summary>At the end.</summary>
    Post,
}

/// <summary>Fixed-length sequences: padding and truncation (Keras' <c>pad_sequences</c>).</summary>
public static class Padding
{
    /// <summary>Writes <paramref name="ids"/> into <paramref name="destination"/> (its length is the fixed length):
    /// a longer sequence loses tokens at <paramref name="truncating"/>, a shorter one gets
    /// <paramref name="padIndex"/> at <paramref name="padding"/>.</summary>
    public static void PadOrTruncate(ReadOnlySpan<int> ids, Span<int> destination, int padIndex,
        SequenceEnd padding = SequenceEnd.Post, SequenceEnd truncating = SequenceEnd.Post)
    {
        int length = destination.Length;
        if (ids.Length >= length)
        {
            (truncating == SequenceEnd.Post ? ids[..length] : ids[(ids.Length - length)..]).CopyTo(destination);
            return;
        }
        destination.Fill(padIndex);
        ids.CopyTo(padding == SequenceEnd.Post ? destination : destination[(length - ids.Length)..]);
    }

    /// <summary>Returns <paramref name="ids"/> padded or truncated to <paramref name="length"/>.</summary>
    public static int[] PadOrTruncate(ReadOnlySpan<int> ids, int length, int padIndex,
        SequenceEnd padding = SequenceEnd.Post, SequenceEnd truncating = SequenceEnd.Post)
    {
        if (length < 1) throw new ArgumentOutOfRangeException(nameof(length), length, "Padding: the fixed length must be ≥ 1.");
        var result = new int[length];
        PadOrTruncate(ids, result, padIndex, padding, truncating);
        return result;
    }
}
