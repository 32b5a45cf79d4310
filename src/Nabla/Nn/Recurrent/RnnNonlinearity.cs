namespace Nabla.Nn.Recurrent;

/// <summary>The activation of an Elman <see cref="RNN"/> (PyTorch's <c>nonlinearity</c>).</summary>
public enum RnnNonlinearity
{
    /// <summary>tanh (the default).</summary>
    Tanh,

    /// <summary>ReLU: max(x, 0).</summary>
    Relu,
}
