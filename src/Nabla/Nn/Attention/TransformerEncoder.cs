namespace Nabla.Nn.Attention;

/// <summary>
/// A stack of encoder blocks, PyTorch's <c>nn.TransformerEncoder</c>: x ← layerᵢ(x) for each block, then the optional
/// final <c>norm</c>. Blocks are named <c>layers.0</c>, <c>layers.1</c>, … as in PyTorch. Unlike PyTorch, which
/// deep-copies one layer (so all blocks start with equal weights), each block here is built by the factory and
/// initialized independently.
/// </summary>
public sealed class TransformerEncoder : Module
{
    /// <summary>Builds <paramref name="numLayers"/> blocks with <paramref name="layerFactory"/>, and an optional final norm.</summary>
    public TransformerEncoder(Func<TransformerEncoderLayer> layerFactory, int numLayers, LayerNorm? norm = null)
    {
        ArgumentNullException.ThrowIfNull(layerFactory);
        if (numLayers <= 0)
            throw new ArgumentException($"TransformerEncoder: numLayers must be positive, got {numLayers}");
        Layers = new ModuleList();
        for (int i = 0; i < numLayers; i++)
            Layers.Add(layerFactory());
        Norm = norm;
    }

    /// <summary>The blocks.</summary>
    public ModuleList Layers { get; }

    /// <summary>The final normalization, or null.</summary>
    public LayerNorm? Norm { get; }

    /// <summary>Encodes without masks.</summary>
    public override Tensor Forward(Tensor input) => Forward(input, null, null);

    /// <summary>Encodes with an optional additive attention mask [T, T] and key padding mask [N, T] (non-zero = padding).</summary>
    public Tensor Forward(Tensor input, Tensor? mask, Tensor? keyPaddingMask)
    {
        var x = input;
        foreach (var layer in Layers)
            x = ((TransformerEncoderLayer)layer).Forward(x, mask, keyPaddingMask);
        return Norm is null ? x : Norm.Forward(x);
    }
}
