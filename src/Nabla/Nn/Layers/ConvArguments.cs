namespace Nabla.Nn;

/// <summary>Argument checks and PyTorch's default bias initialization shared by the convolution layers.</summary>
internal static class ConvArguments
{
    internal static void Check(string layer, int inChannels, int outChannels, int groups, int kernelH, int kernelW)
    {
        if (inChannels <= 0 || outChannels <= 0)
            throw new ArgumentException($"{layer}: channels must be positive, got in={inChannels}, out={outChannels}");
        if (groups <= 0 || inChannels % groups != 0 || outChannels % groups != 0)
            throw new ArgumentException($"{layer}: in ({inChannels}) and out ({outChannels}) channels must both be divisible by groups ({groups})");
        if (kernelH <= 0 || kernelW <= 0)
            throw new ArgumentException($"{layer}: kernel size must be positive, got ({kernelH}, {kernelW})");
    }

    /// <summary>b ~ U(−1/√fan_in, 1/√fan_in) with the weight's fan_in, PyTorch's default.</summary>
    internal static Tensor UniformBias(Tensor bias, Tensor weight, Generator? generator)
    {
        var (fanIn, _) = Init.Fans(weight);
        float bound = fanIn > 0 ? 1f / MathF.Sqrt(fanIn) : 0f;
        return Init.Uniform(bias, -bound, bound, generator);
    }
}
