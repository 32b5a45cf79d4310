namespace Nabla.Nn.Attention;

/// <summary>
/// Adds a trained position embedding: y = dropout(x + W[:T]) with W [maxLen, d] drawn from N(0, 1) like an
/// Embedding's weight (parameter <c>weight</c>). Input [N, T, d] (batchFirst, the default) or [T, N, d].
/// </summary>
public sealed class LearnedPositionalEncoding : Module
{
    private readonly Generator? _generator;

    /// <summary>Creates the encoding for sequences of up to <paramref name="maxLen"/> steps.</summary>
    public LearnedPositionalEncoding(int maxLen, int dModel, float dropout = 0f, bool batchFirst = true, Generator? generator = null)
    {
        if (dModel <= 0 || maxLen <= 0)
            throw new ArgumentException($"LearnedPositionalEncoding: dModel and maxLen must be positive, got dModel={dModel}, maxLen={maxLen}");
        DModel = dModel;
        MaxLen = maxLen;
        DropoutP = dropout;
        BatchFirst = batchFirst;
        _generator = generator;
        Weight = Init.Normal(CreateParameter(maxLen, dModel), generator: generator);
    }

    /// <summary>Model width d.</summary>
    public int DModel { get; }

    /// <summary>Longest sequence supported.</summary>
    public int MaxLen { get; }

    /// <summary>Dropout after adding the embedding.</summary>
    public float DropoutP { get; }

    /// <summary>Input [N, T, d] (true) or [T, N, d].</summary>
    public bool BatchFirst { get; }

    /// <summary>The position embeddings W, [maxLen, d].</summary>
    public Tensor Weight { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) =>
        Tensor.Dropout(input + PositionalTable.Slice(this, Weight, input, BatchFirst, DModel, MaxLen), DropoutP, Training, _generator);
}
