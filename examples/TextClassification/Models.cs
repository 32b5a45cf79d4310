using Nabla;
using Nabla.Nn;
using Nabla.Nn.Attention;
using Nabla.Nn.Recurrent;

namespace TextClassification;

/// <summary>
/// Embedding → bidirectional LSTM run with each text's true length (padding never reaches the state) → the final
/// states of both directions → Linear. Input: token ids [N, L] padded at the end with <paramref name="padIndex"/>.
/// </summary>
internal sealed class LstmClassifier(int vocabulary, int classes, int padIndex, Generator g) : Module
{
    public Embedding Embedding { get; } = new(vocabulary, 32, padIndex, g);
    public LSTM Lstm { get; } = new(32, 48, batchFirst: true, bidirectional: true, generator: g);
    public Linear Head { get; } = new(96, classes, generator: g);

    public override Tensor Forward(Tensor input)
    {
        var lengths = input.Ne(Tensor.Scalar(padIndex)).Sum(1).Clamp(min: 1f);
        var (_, h, _) = Lstm.Run(Embedding.Forward(input), lengths: lengths);
        return Head.Forward(Tensor.Concat([h.Select(0, 0), h.Select(0, 1)], 1));
    }
}

/// <summary>
/// Embedding·√d + sinusoidal positions → a 2-block pre-norm Transformer encoder with the padding masked out → the mean
/// of the non-padding positions → Linear.
/// </summary>
internal sealed class TransformerClassifier(int vocabulary, int classes, int padIndex, int maxLen, Generator g) : Module
{
    private const int D = 32;

    public Embedding Embedding { get; } = new(vocabulary, D, padIndex, g);
    public SinusoidalPositionalEncoding Positions { get; } = new(D, maxLen);
    public TransformerEncoder Encoder { get; } = new(
        () => new TransformerEncoderLayer(D, 4, 64, dropout: 0.1f, batchFirst: true, normFirst: true, generator: g), 2, new LayerNorm(D));
    public Linear Head { get; } = new(D, classes, generator: g);

    public override Tensor Forward(Tensor input)
    {
        var padding = input.Eq(Tensor.Scalar(padIndex));
        var x = Positions.Forward(Embedding.Forward(input).MulScalar(MathF.Sqrt(D)));
        var encoded = Encoder.Forward(x, null, padding);
        var keep = (1f - padding).Unsqueeze(2);
        var pooled = (encoded * keep).Sum(1) / keep.Sum(1).Clamp(min: 1f);
        return Head.Forward(pooled);
    }
}
