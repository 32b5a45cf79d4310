namespace Nabla.Data.Images;

/// <summary>The channels an image is decoded to.</summary>
public enum ColorMode
{
    /// <summary>One channel of luminance.</summary>
    Grayscale = 1,

    /// <summary>Three channels: red, green, blue.</summary>
    Rgb = 3,
}
