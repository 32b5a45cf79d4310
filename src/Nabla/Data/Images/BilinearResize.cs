namespace Nabla.Data.Images;

/// <summary>
/// Bilinear resizing with half-pixel centers, the convention of PyTorch's
/// <c>interpolate(mode="bilinear", align_corners=False)</c> without antialiasing: output pixel (y, x) samples
/// the input at <c>((y + 0.5)·H_in/H_out − 0.5, (x + 0.5)·W_in/W_out − 0.5)</c>, clamped to the image.
/// </summary>
public static class BilinearResize
{
    /// <summary>Resizes interleaved 8-bit pixels [h, w, c] to planar floats [c, outH, outW] scaled to [0, 1].</summary>
    public static void ToPlanar(ReadOnlySpan<byte> pixels, int height, int width, int channels,
        Span<float> destination, int outHeight, int outWidth)
    {
        if (height < 1 || width < 1 || channels < 1 || pixels.Length != height * width * channels)
            throw new ArgumentException($"BilinearResize: {pixels.Length} bytes are not an image [{height}, {width}, {channels}].", nameof(pixels));
        if (outHeight < 1 || outWidth < 1 || destination.Length != channels * outHeight * outWidth)
            throw new ArgumentException($"BilinearResize: destination of {destination.Length} floats is not [{channels}, {outHeight}, {outWidth}].", nameof(destination));
        const float inv255 = 1f / 255f;
        float sy = (float)height / outHeight, sx = (float)width / outWidth;
        for (int y = 0; y < outHeight; y++)
        {
            Coordinate((y + 0.5f) * sy - 0.5f, height, out int y0, out int y1, out float fy);
            for (int x = 0; x < outWidth; x++)
            {
                Coordinate((x + 0.5f) * sx - 0.5f, width, out int x0, out int x1, out float fx);
                int p00 = (y0 * width + x0) * channels, p01 = (y0 * width + x1) * channels;
                int p10 = (y1 * width + x0) * channels, p11 = (y1 * width + x1) * channels;
                for (int c = 0; c < channels; c++)
                {
                    float top = pixels[p00 + c] + (pixels[p01 + c] - pixels[p00 + c]) * fx;
                    float bottom = pixels[p10 + c] + (pixels[p11 + c] - pixels[p10 + c]) * fx;
                    destination[(c * outHeight + y) * outWidth + x] = (top + (bottom - top) * fy) * inv255;
                }
            }
        }
    }

    private static void Coordinate(float s, int size, out int i0, out int i1, out float frac)
    {
        if (s < 0) s = 0;
        i0 = Math.Min((int)s, size - 1);
        i1 = Math.Min(i0 + 1, size - 1);
        frac = s - i0;
        if (i0 == size - 1) frac = 0;
    }
}
