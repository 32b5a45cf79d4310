namespace Nabla.Nn.Attention;

/// <summary>The activation of a <see cref="TransformerEncoderLayer"/>'s feed-forward block.</summary>
public enum TransformerActivation
{
    /// <summary>ReLU (PyTorch's default).</summary>
    Relu,

    /// <summary>GELU, exact (erf) form.</summary>
    Gelu,
}
