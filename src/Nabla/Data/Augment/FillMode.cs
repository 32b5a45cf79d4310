namespace Nabla.Data.Augment;

/// <summary>How an augmentation fills pixels that come from outside the image.</summary>
public enum FillMode
{
    /// <summary>A constant value.</summary>
    Constant,
    /// <summary>The image mirrored at its border without repeating the edge pixel (…c b | a b c | b a…), as torchvision's "reflect".</summary>
    Reflect,
    /// <summary>The nearest edge pixel repeated.</summary>
    Edge,
}
