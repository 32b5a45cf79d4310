namespace Nabla.Data.Augment;

/// <summary>
/// Resampling shared by the geometric augmentations. Pixel (x, y) has its centre at (x, y); an affine warp about
/// the image centre c = ((W−1)/2, (H−1)/2) maps each output pixel p back to the source point
/// A⁻¹·(p − c − t) + c and reads it bilinearly, with source points outside the image taking the fill value.
/// </summary>
internal static class ImageWarp
{
    /// <summary>Warps every channel by the forward map p ↦ A·(p − c) + c + t, A = [[a, b], [c, d]].</summary>
    public static void Affine(Span<float> sample, int channels, int height, int width,
                              double a, double b, double c, double d, double tx, double ty, float fill)
    {
        double det = a * d - b * c;
        if (Math.Abs(det) < 1e-12) throw new ArgumentException($"affine warp: the matrix [[{a}, {b}], [{c}, {d}]] is singular");
        double ia = d / det, ib = -b / det, ic = -c / det, id = a / det;
        double cx = (width - 1) * 0.5, cy = (height - 1) * 0.5;
        int plane = height * width;
        var source = AugmentScratch.Get(sample.Length);
        sample.CopyTo(source);
        for (int ch = 0; ch < channels; ch++)
        {
            var src = source.Slice(ch * plane, plane);
            var dst = sample.Slice(ch * plane, plane);
            for (int y = 0; y < height; y++)
            {
                double oy = y - cy - ty;
                for (int x = 0; x < width; x++)
                {
                    double ox = x - cx - tx;
                    double sx = ia * ox + ib * oy + cx, sy = ic * ox + id * oy + cy;
                    dst[y * width + x] = Bilinear(src, height, width, sx, sy, fill);
                }
            }
        }
    }

    /// <summary>
    /// Resizes the box (top, left, boxHeight, boxWidth) of each channel to the full height × width, bilinearly with
    /// half-pixel centres and coordinates clamped to the box — the same as cropping and then calling PyTorch's
    /// <c>interpolate(mode="bilinear", align_corners=False)</c>.
    /// </summary>
    public static void CropResize(Span<float> sample, int channels, int height, int width,
                                  int top, int left, int boxHeight, int boxWidth)
    {
        int plane = height * width;
        var source = AugmentScratch.Get(sample.Length);
        sample.CopyTo(source);
        double scaleY = (double)boxHeight / height, scaleX = (double)boxWidth / width;
        for (int ch = 0; ch < channels; ch++)
        {
            var src = source.Slice(ch * plane, plane);
            var dst = sample.Slice(ch * plane, plane);
            for (int y = 0; y < height; y++)
            {
                double sy = top + Math.Clamp((y + 0.5) * scaleY - 0.5, 0, boxHeight - 1);
                for (int x = 0; x < width; x++)
                {
                    double sx = left + Math.Clamp((x + 0.5) * scaleX - 0.5, 0, boxWidth - 1);
                    dst[y * width + x] = Bilinear(src, height, width, sx, sy, 0f);
                }
            }
        }
    }

    private static float Bilinear(ReadOnlySpan<float> plane, int height, int width, double sx, double sy, float fill)
    {
        if (sx <= -1 || sy <= -1 || sx >= width || sy >= height) return fill;
        int x0 = (int)Math.Floor(sx), y0 = (int)Math.Floor(sy);
        double fx = sx - x0, fy = sy - y0;
        double v00 = At(plane, height, width, x0, y0, fill), v01 = At(plane, height, width, x0 + 1, y0, fill);
        double v10 = At(plane, height, width, x0, y0 + 1, fill), v11 = At(plane, height, width, x0 + 1, y0 + 1, fill);
        if (fx == 0 && fy == 0) return (float)v00;
        return (float)((v00 * (1 - fx) + v01 * fx) * (1 - fy) + (v10 * (1 - fx) + v11 * fx) * fy);
    }

    private static float At(ReadOnlySpan<float> plane, int height, int width, int x, int y, float fill) =>
        (uint)x < (uint)width && (uint)y < (uint)height ? plane[y * width + x] : fill;
}
