namespace Nabla.Nn;

/// <summary>
/// Fully connected layer: y = x·Wᵀ + b, x [..., in] → y [..., out], weight [out, in], bias [out].
/// Default initialization as PyTorch: W, b ~ U(−1/√in, 1/√in).
/// </summary>
public sealed class Linear : Module
{
    /// <summary>Size of each input sample.</summary>
    public int InFeatures { get; }

    /// <summary>Size of each output sample.</summary>
    public int OutFeatures { get; }

    /// <summary>The weight W, shape [out, in].</summary>
    public Tensor Weight { get; }

    /// <summary>The bias b, shape [out], or null when built without bias.</summary>
    public Tensor? Bias { get; }

    /// <summary>Creates the layer, initialized from <paramref name="generator"/> (default: the global generator).</summary>
    public Linear(int inFeatures, int outFeatures, bool bias = true, Generator? generator = null)
    {
        if (inFeatures <= 0 || outFeatures <= 0)
            throw new ArgumentException($"Linear: in and out features must be positive, got in={inFeatures}, out={outFeatures}");
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        Weight = CreateParameter(outFeatures, inFeatures);
        Init.KaimingUniform(Weight, MathF.Sqrt(5f), generator: generator);
        if (bias)
        {
            Bias = CreateParameter(outFeatures);
            float bound = 1f / MathF.Sqrt(inFeatures);
            Init.Uniform(Bias, -bound, bound, generator);
        }
    }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        CheckInput(input);
        return Tensor.Linear(input, Weight, Bias);
    }

    /// <summary>ReLU(Forward(x)) in one fused GEMM epilogue; used by <see cref="Sequential"/> for Linear → ReLU.</summary>
    internal Tensor ForwardRelu(Tensor input)
    {
        CheckInput(input);
        return Tensor.LinearRelu(input, Weight, Bias);
    }

    private void CheckInput(Tensor input)
    {
        if (input.Rank == 0 || input.Shape[^1] != InFeatures)
            throw new ArgumentException(
                $"{DisplayName}: expected input of shape [..., {InFeatures}] (in_features = {InFeatures}), got {ShapeMath.Format(input.Shape)}");
    }

    /// <inheritdoc/>
    protected override string ExtraRepr => $"in_features={InFeatures}, out_features={OutFeatures}, bias={(Bias is not null ? "True" : "False")}";
}
