namespace Nabla.Nn.Attention;

/// <summary>
/// Multi-head attention, PyTorch's <c>nn.MultiheadAttention</c> (embedding size E, h heads of size d = E/h):
/// [Q; K; V] = [q; k; v]·W_inᵀ + b_in per head, Aᵢ = softmax(QᵢKᵢᵀ/√d + mask), headᵢ = dropout(Aᵢ)·Vᵢ,
/// out = concat(head₁…headₕ)·W_outᵀ + b_out. Parameters <c>in_proj_weight</c> [3E, E] (xavier-uniform),
/// <c>in_proj_bias</c> [3E] (zeros), <c>out_proj.weight</c> [E, E], <c>out_proj.bias</c> [E] (zeros): state dicts
/// interchange with PyTorch. Masks: a key padding mask [N, S] whose non-zero entries mark keys to ignore (PyTorch's
/// True), and an additive attention mask [L, S] or [N·h, L, S] (−∞ blocks a position; see <see cref="CausalMask"/>).
/// </summary>
public sealed class MultiHeadAttention : Module
{
    private readonly Generator? _generator;

    /// <summary>Creates the layer; <paramref name="dropout"/> applies to the attention weights in training.</summary>
    public MultiHeadAttention(int embedDim, int numHeads, float dropout = 0f, bool bias = true, bool batchFirst = false,
                              Generator? generator = null)
    {
        if (embedDim <= 0 || numHeads <= 0 || embedDim % numHeads != 0)
            throw new ArgumentException(
                $"MultiHeadAttention: embedDim ({embedDim}) must be a positive multiple of numHeads ({numHeads})");
        if (!(dropout >= 0f && dropout <= 1f))
            throw new ArgumentOutOfRangeException(nameof(dropout), dropout, "MultiHeadAttention: dropout must be in [0, 1]");
        EmbedDim = embedDim;
        NumHeads = numHeads;
        DropoutP = dropout;
        BatchFirst = batchFirst;
        _generator = generator;
        InProjWeight = Init.XavierUniform(CreateParameter(3 * embedDim, embedDim), generator: generator);
        if (bias) InProjBias = CreateParameter(3 * embedDim);
        OutProj = new Linear(embedDim, embedDim, bias, generator);
        if (OutProj.Bias is not null) Init.Zeros(OutProj.Bias);
    }

    /// <summary>Embedding size E.</summary>
    public int EmbedDim { get; }

    /// <summary>Number of heads h.</summary>
    public int NumHeads { get; }

    /// <summary>Dropout probability on the attention weights.</summary>
    public float DropoutP { get; }

    /// <summary>Inputs and output are [N, L, E] instead of [L, N, E].</summary>
    public bool BatchFirst { get; }

    /// <summary>Stacked query, key and value projections [W_q; W_k; W_v], [3E, E].</summary>
    public Tensor InProjWeight { get; }

    /// <summary>Stacked projection biases, [3E], or null.</summary>
    public Tensor? InProjBias { get; }

    /// <summary>The output projection.</summary>
    public Linear OutProj { get; }

    /// <summary>Self-attention of <paramref name="input"/> with no mask; returns the output only.</summary>
    public override Tensor Forward(Tensor input) => Run(input, input, input, needWeights: false).Output;

    /// <summary>
    /// Attends from <paramref name="query"/> [L, N, E] to <paramref name="key"/>/<paramref name="value"/> [S, N, E]
    /// ([N, L, E] and [N, S, E] with batchFirst). Returns the output (shaped like the query) and, when
    /// <paramref name="needWeights"/>, the attention weights [N, L, S] averaged over heads (or [N, h, L, S] with
    /// <paramref name="averageWeights"/> false), after dropout as in PyTorch.
    /// </summary>
    public (Tensor Output, Tensor? Weights) Run(Tensor query, Tensor key, Tensor value, Tensor? keyPaddingMask = null,
                                                Tensor? attnMask = null, bool needWeights = true, bool averageWeights = true)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        CheckInput(query, "query");
        CheckInput(key, "key");
        CheckInput(value, "value");
        var q = BatchFirst ? query : query.Transpose(0, 1);
        var k = BatchFirst ? key : key.Transpose(0, 1);
        var v = BatchFirst ? value : value.Transpose(0, 1);
        int n = q.Shape[0], l = q.Shape[1], s = k.Shape[1], e = EmbedDim, h = NumHeads, d = e / h;
        if (k.Shape[0] != n || v.Shape[0] != n || v.Shape[1] != s)
            throw new ArgumentException(
                $"{DisplayName}: query {ShapeMath.Format(query.Shape)}, key {ShapeMath.Format(key.Shape)} and value {ShapeMath.Format(value.Shape)} disagree on the batch size or the key length");

        Tensor qp, kp, vp;
        if (ReferenceEquals(query, key) && ReferenceEquals(key, value))
        {
            var qkv = Tensor.Linear(q, InProjWeight, InProjBias).Chunk(3, 2);
            (qp, kp, vp) = (qkv[0], qkv[1], qkv[2]);
        }
        else
        {
            qp = Project(q, 0);
            kp = Project(k, 1);
            vp = Project(v, 2);
        }
        // [N, T, E] → [N, h, T, d]
        var qh = qp.Reshape(n, l, h, d).Permute(0, 2, 1, 3);
        var kh = kp.Reshape(n, s, h, d).Permute(0, 2, 3, 1);
        var vh = vp.Reshape(n, s, h, d).Permute(0, 2, 1, 3);
        var scores = qh.MatMul(kh).MulScalar(1f / MathF.Sqrt(d));
        if (attnMask is not null)
            scores += AttentionMask(attnMask, n, l, s);
        if (keyPaddingMask is not null)
        {
            if (keyPaddingMask.Rank != 2 || keyPaddingMask.Shape[0] != n || keyPaddingMask.Shape[1] != s)
                throw new ArgumentException(
                    $"{DisplayName}: keyPaddingMask must be [N, S] = [{n}, {s}] (non-zero = ignore that key), got {ShapeMath.Format(keyPaddingMask.Shape)}");
            scores = scores.MaskedFill(keyPaddingMask.Reshape(n, 1, 1, s), float.NegativeInfinity);
        }
        var attn = Tensor.Dropout(scores.Softmax(-1), DropoutP, Training, _generator);
        var heads = attn.MatMul(vh).Permute(0, 2, 1, 3).Reshape(n, l, e);
        var output = OutProj.Forward(heads);
        if (!BatchFirst) output = output.Transpose(0, 1);
        Tensor? weights = needWeights ? (averageWeights ? attn.Mean(1) : attn) : null;
        return (output, weights);
    }

    private void CheckInput(Tensor t, string what)
    {
        if (t.Rank != 3 || t.Shape[2] != EmbedDim)
            throw new ArgumentException(
                $"{DisplayName}: {what} must be {(BatchFirst ? "[N, L, E]" : "[L, N, E]")} with E = {EmbedDim}, got {ShapeMath.Format(t.Shape)}");
    }

    private Tensor Project(Tensor x, int part)
    {
        var w = InProjWeight.Narrow(0, part * EmbedDim, EmbedDim);
        var b = InProjBias?.Narrow(0, part * EmbedDim, EmbedDim);
        return Tensor.Linear(x, w, b);
    }

    private Tensor AttentionMask(Tensor mask, int n, int l, int s)
    {
        if (mask.Rank == 2 && mask.Shape[0] == l && mask.Shape[1] == s)
            return mask;
        if (mask.Rank == 3 && mask.Shape[0] == n * NumHeads && mask.Shape[1] == l && mask.Shape[2] == s)
            return mask.Reshape(n, NumHeads, l, s);
        throw new ArgumentException(
            $"{DisplayName}: attnMask must be additive [L, S] = [{l}, {s}] or [N·heads, L, S] = [{n * NumHeads}, {l}, {s}], got {ShapeMath.Format(mask.Shape)}");
    }

    /// <summary>
    /// The additive causal mask [size, size]: 0 on and below the diagonal, −∞ above it, so position i attends to
    /// positions ≤ i (PyTorch's <c>generate_square_subsequent_mask</c>).
    /// </summary>
    public static Tensor CausalMask(int size)
    {
        if (size <= 0) throw new ArgumentOutOfRangeException(nameof(size), size, "CausalMask: size must be positive");
        var mask = Tensor.Zeros(size, size);
        for (int i = 0; i < size; i++)
            for (int j = i + 1; j < size; j++)
                mask[i, j] = float.NegativeInfinity;
        return mask;
    }

    /// <inheritdoc/>
    protected override string ExtraRepr => $"embed_dim={EmbedDim}, num_heads={NumHeads}" + (DropoutP != 0 ? $", dropout={DropoutP}" : "") +
                                            (BatchFirst ? ", batch_first=True" : "");
}
