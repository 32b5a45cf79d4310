namespace Nabla.Nn.Recurrent;

/// <summary>
/// Picks the last time step of a sequence, y = x[:, −1] (batchFirst) or x[−1] (time-major), so that
/// <c>Sequential(Embedding, LSTM, LastStep, Linear)</c> classifies sequences. For padded batches of different
/// lengths use the final state from <see cref="LSTM.Run"/> with lengths instead.
/// </summary>
public sealed class LastStep(bool batchFirst = true) : Module
{
    /// <summary>Whether the input is [N, T, F] (true) or [T, N, F].</summary>
    public bool BatchFirst { get; } = batchFirst;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        InputCheck.Rank(this, input, BatchFirst ? "[N, T, features]" : "[T, N, features]", 3);
        return input.Select(BatchFirst ? 1 : 0, -1);
    }

    /// <inheritdoc/>
    protected override string ExtraRepr => BatchFirst ? "batch_first=True" : "batch_first=False";
}
