using StbImageSharp;

namespace Nabla.Data.Images;

/// <summary>
/// Decodes PNG, JPEG and BMP files to 8-bit pixels with StbImageSharp, a pure-managed C# port of stb_image
/// (public domain / MIT). It was chosen because it needs no native library (works anywhere .NET runs, trimming
/// and AOT included) and its licence puts no condition on the users of Nabla — unlike SixLabors.ImageSharp's
/// split commercial licence or SkiaSharp's native binaries.
/// </summary>
public static class ImageDecoder
{
    /// <summary>Decodes <paramref name="path"/> to interleaved pixels [height, width, channels of
    /// <paramref name="mode"/>]; a file that cannot be read or decoded fails naming the file.</summary>
    public static byte[] Decode(string path, ColorMode mode, out int height, out int width)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (IOException e)
        {
            throw new DataException($"ImageDecoder: cannot read image file '{path}': {e.Message}", e);
        }
        if (bytes.Length == 0)
            throw new DataException($"ImageDecoder: image file '{path}' is empty (0 bytes); expected a PNG, JPEG or BMP image.");
        ImageResult image;
        try
        {
            image = ImageResult.FromMemory(bytes, mode == ColorMode.Grayscale ? ColorComponents.Grey : ColorComponents.RedGreenBlue);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new DataException(
                $"ImageDecoder: cannot decode image file '{path}' ({bytes.Length} bytes): {e.Message}. Expected a valid PNG, JPEG or BMP image.", e);
        }
        if (image.Width < 1 || image.Height < 1 || image.Data.Length != image.Width * image.Height * (int)mode)
            throw new DataException($"ImageDecoder: image file '{path}' decoded to an invalid {image.Width}×{image.Height} image.");
        height = image.Height;
        width = image.Width;
        return image.Data;
    }
}
