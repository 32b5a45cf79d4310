namespace Nabla.Nn.Attention;

/// <summary>
/// A Transformer encoder block, PyTorch's <c>nn.TransformerEncoderLayer</c>: with SA(x) = dropout1(self_attn(x, x, x))
/// and FF(x) = dropout2(linear2(dropout(act(linear1(x))))), post-norm (default) computes
/// x = norm1(x + SA(x)); x = norm2(x + FF(x)), and pre-norm (<c>normFirst</c>) x = x + SA(norm1(x)); x = x + FF(norm2(x)).
/// Sub-modules carry PyTorch's names (<c>self_attn</c>, <c>linear1</c>, <c>linear2</c>, <c>norm1</c>, <c>norm2</c>)
/// so state dicts interchange.
/// </summary>
public sealed class TransformerEncoderLayer : Module
{
    /// <summary>Creates the block (PyTorch's defaults: feed-forward 2048, dropout 0.1, ReLU, eps 1e-5, post-norm).</summary>
    public TransformerEncoderLayer(int dModel, int nhead, int dimFeedforward = 2048, float dropout = 0.1f,
                                   TransformerActivation activation = TransformerActivation.Relu, float layerNormEps = 1e-5f,
                                   bool batchFirst = false, bool normFirst = false, Generator? generator = null)
    {
        if (dimFeedforward <= 0)
            throw new ArgumentException($"TransformerEncoderLayer: dimFeedforward must be positive, got {dimFeedforward}");
        SelfAttn = new MultiHeadAttention(dModel, nhead, dropout, batchFirst: batchFirst, generator: generator);
        Linear1 = new Linear(dModel, dimFeedforward, generator: generator);
        Dropout = new Dropout(dropout, generator);
        Linear2 = new Linear(dimFeedforward, dModel, generator: generator);
        Norm1 = new LayerNorm(dModel, layerNormEps);
        Norm2 = new LayerNorm(dModel, layerNormEps);
        Dropout1 = new Dropout(dropout, generator);
        Dropout2 = new Dropout(dropout, generator);
        Activation = activation;
        NormFirst = normFirst;
    }

    /// <summary>The self-attention block.</summary>
    public MultiHeadAttention SelfAttn { get; }

    /// <summary>First feed-forward layer, d_model → dim_feedforward.</summary>
    public Linear Linear1 { get; }

    /// <summary>Dropout inside the feed-forward block.</summary>
    public Dropout Dropout { get; }

    /// <summary>Second feed-forward layer, dim_feedforward → d_model.</summary>
    public Linear Linear2 { get; }

    /// <summary>Normalization around the attention block.</summary>
    public LayerNorm Norm1 { get; }

    /// <summary>Normalization around the feed-forward block.</summary>
    public LayerNorm Norm2 { get; }

    /// <summary>Dropout on the attention block's output.</summary>
    public Dropout Dropout1 { get; }

    /// <summary>Dropout on the feed-forward block's output.</summary>
    public Dropout Dropout2 { get; }

    /// <summary>The feed-forward activation.</summary>
    public TransformerActivation Activation { get; }

    /// <summary>Pre-norm (true) or post-norm (false).</summary>
    public bool NormFirst { get; }

    /// <summary>Encodes <paramref name="input"/> [T, N, E] (or [N, T, E] with batchFirst) without masks.</summary>
    public override Tensor Forward(Tensor input) => Forward(input, null, null);

    /// <summary>
    /// Encodes <paramref name="input"/> with an optional additive attention mask [T, T] (e.g.
    /// <see cref="MultiHeadAttention.CausalMask"/>) and key padding mask [N, T] (non-zero = padding).
    /// </summary>
    public Tensor Forward(Tensor input, Tensor? mask, Tensor? keyPaddingMask)
    {
        ArgumentNullException.ThrowIfNull(input);
        var x = input;
        if (NormFirst)
        {
            x = x + SelfAttention(Norm1.Forward(x), mask, keyPaddingMask);
            return x + FeedForward(Norm2.Forward(x));
        }
        x = Norm1.Forward(x + SelfAttention(x, mask, keyPaddingMask));
        return Norm2.Forward(x + FeedForward(x));
    }

    private Tensor SelfAttention(Tensor x, Tensor? mask, Tensor? keyPaddingMask) =>
        Dropout1.Forward(SelfAttn.Run(x, x, x, keyPaddingMask, mask, needWeights: false).Output);

    private Tensor FeedForward(Tensor x)
    {
        var hidden = Linear1.Forward(x);
        hidden = Activation == TransformerActivation.Gelu ? hidden.Gelu() : hidden.Relu();
        return Dropout2.Forward(Linear2.Forward(Dropout.Forward(hidden)));
    }

    /// <inheritdoc/>
    protected override string ExtraRepr => $"activation={Activation.ToString().ToLowerInvariant()}, norm_first={(NormFirst ? "True" : "False")}";
}
