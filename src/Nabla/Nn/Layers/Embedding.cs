namespace Nabla.Nn;

/// <summary>
/// A lookup table: y[..., :] = W[index, :] for indices of any shape (float tensors holding whole numbers), weight
/// [numEmbeddings, dim] ~ N(0, 1) as PyTorch. The row at <c>paddingIndex</c> starts at zero and gets no gradient.
/// </summary>
public sealed class Embedding : Module
{
    /// <summary>The table W, shape [numEmbeddings, embeddingDim].</summary>
    public Tensor Weight { get; }

    /// <summary>Number of rows.</summary>
    public int NumEmbeddings { get; }

    /// <summary>Size of each vector.</summary>
    public int EmbeddingDim { get; }

    /// <summary>The row that stays zero and untrained, or null.</summary>
    public int? PaddingIndex { get; }

    /// <summary>Creates the table; a negative padding index counts from the end, as in PyTorch.</summary>
    public Embedding(int numEmbeddings, int embeddingDim, int? paddingIndex = null, Generator? generator = null)
    {
        if (numEmbeddings <= 0 || embeddingDim <= 0)
            throw new ArgumentException($"Embedding: sizes must be positive, got numEmbeddings={numEmbeddings}, embeddingDim={embeddingDim}");
        if (paddingIndex is int pad)
        {
            if (pad < -numEmbeddings || pad >= numEmbeddings)
                throw new ArgumentException($"Embedding: paddingIndex {pad} is outside [-{numEmbeddings}, {numEmbeddings})");
            PaddingIndex = pad < 0 ? pad + numEmbeddings : pad;
        }
        NumEmbeddings = numEmbeddings;
        EmbeddingDim = embeddingDim;
        Weight = CreateParameter(numEmbeddings, embeddingDim);
        Init.Normal(Weight, 0f, 1f, generator);
        if (PaddingIndex is int p)
            Weight.ContiguousSpan().Slice(p * embeddingDim, embeddingDim).Clear();
    }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Tensor.Embedding(input, Weight, PaddingIndex);

    /// <inheritdoc/>
    protected override string ExtraRepr =>
        $"{NumEmbeddings}, {EmbeddingDim}" + (PaddingIndex is int p ? $", padding_idx={p}" : "");
}
