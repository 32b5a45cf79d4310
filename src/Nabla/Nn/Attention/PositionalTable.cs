namespace Nabla.Nn.Attention;

/// <summary>Shape checks and broadcasting shared by the positional encodings.</summary>
internal static class PositionalTable
{
    /// <summary>The first T rows of <paramref name="table"/>, shaped to broadcast against <paramref name="input"/>.</summary>
    public static Tensor Slice(Module layer, Tensor table, Tensor input, bool batchFirst, int dModel, int maxLen)
    {
        ArgumentNullException.ThrowIfNull(input);
        InputCheck.Rank(layer, input, batchFirst ? "[N, T, d_model]" : "[T, N, d_model]", 3);
        InputCheck.Size(layer, input, -1, dModel, "d_model");
        int steps = input.Shape[batchFirst ? 1 : 0];
        if (steps > maxLen)
            throw new ArgumentException($"{layer.DisplayName}: the sequence has {steps} steps but max_len is {maxLen}; build the layer with a larger maxLen");
        var rows = table.Narrow(0, 0, steps);
        return batchFirst ? rows : rows.Unsqueeze(1);
    }
}
