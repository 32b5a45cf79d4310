namespace Nabla;

/// <summary>How <see cref="Tensor.Pad"/> fills the border.</summary>
public enum PadMode
{
    /// <summary>A constant value.</summary>
    Constant,
    /// <summary>Mirror without repeating the edge: [1 2 3] padded by 2 gives [3 2 1 2 3 2 1].</summary>
    Reflect,
    /// <summary>Repeat the edge value: [1 2 3] padded by 2 gives [1 1 1 2 3 3 3].</summary>
    Replicate,
}
