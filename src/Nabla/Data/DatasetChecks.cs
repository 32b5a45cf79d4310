namespace Nabla.Data;

/// <summary>Argument checks shared by the datasets' <see cref="IDataset.CopySample"/> implementations.</summary>
internal static class DatasetChecks
{
    /// <summary>Throws unless <paramref name="index"/> is a sample and both spans have the sample's sizes.</summary>
    public static void Sample(string dataset, int index, int count, int inputLength, int inputSize, int targetLength, int targetSize)
    {
        if ((uint)index >= (uint)count)
            throw new ArgumentOutOfRangeException(nameof(index), $"{dataset}: sample index {index} is outside 0..{count - 1}");
        if (inputLength != inputSize)
            throw new ArgumentException($"{dataset}: the input span holds {inputLength} values but a sample has {inputSize}");
        if (targetLength != targetSize)
            throw new ArgumentException($"{dataset}: the target span holds {targetLength} values but a target has {targetSize}");
    }

    /// <summary>Number of elements of a sample shape (1 for the scalar shape []).</summary>
    public static int Size(ReadOnlySpan<int> shape) => ShapeMath.Numel(shape);

    /// <summary>The class index held by <paramref name="value"/>; throws unless it is a class index below <paramref name="classCount"/>.</summary>
    public static int Label(string dataset, float value, int index, int classCount)
    {
        int label = (int)value;
        if (label != value || label < 0 || label >= classCount)
            throw new ArgumentException(
                $"{dataset}: target {value} of sample {index} is not a class index in 0..{classCount - 1}");
        return label;
    }
}
