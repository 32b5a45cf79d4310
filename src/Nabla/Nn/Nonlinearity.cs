namespace Nabla.Nn;

/// <summary>Activation that follows a layer, for <see cref="Init.CalculateGain"/> (PyTorch's nonlinearity names).</summary>
public enum Nonlinearity
{
    /// <summary>No activation; gain 1.</summary>
    Linear,
    /// <summary>Convolution without activation; gain 1.</summary>
    Conv,
    /// <summary>Sigmoid; gain 1.</summary>
    Sigmoid,
    /// <summary>Tanh; gain 5/3.</summary>
    Tanh,
    /// <summary>ReLU; gain √2.</summary>
    Relu,
    /// <summary>Leaky ReLU with slope a; gain √(2 / (1 + a²)).</summary>
    LeakyRelu,
    /// <summary>SELU; gain 3/4.</summary>
    Selu,
}

/// <summary>Which fan Kaiming initialization preserves: fan-in keeps forward variance, fan-out backward variance.</summary>
public enum FanMode
{
    /// <summary>Inputs per output unit: size(1) × receptive field.</summary>
    FanIn,
    /// <summary>Outputs per input unit: size(0) × receptive field.</summary>
    FanOut,
}
