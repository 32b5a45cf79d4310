namespace Nabla.Data.Augment;

/// <summary>
/// TrivialAugment (Müller &amp; Hutter, 2021) in its "wide" setting, for images with values in [0, 1]: each sample
/// gets one operation chosen uniformly, at a magnitude bin chosen uniformly from 31 (0..30), with a random sign
/// for signed operations. The 14 operations and their largest magnitudes are torchvision's wide space: identity;
/// shear x/y 0.99; translate x/y 32 pixels; rotate 135°; brightness, colour (saturation), contrast and sharpness
/// factors 1 ± 0.99; posterize to 8..2 bits; solarize above a threshold from 1 down to 0; autocontrast; equalize.
/// Blends follow torchvision: x ↦ clamp(f·x + (1 − f)·d, 0, 1) with d the grey image (colour; the identity on
/// one-channel images), the mean grey (contrast) or the image smoothed by [[1, 1, 1], [1, 5, 1], [1, 1, 1]]/13 with
/// its border kept (sharpness). Posterize and equalize work on 8-bit levels round(255·x).
/// </summary>
public sealed class TrivialAugmentWide : IAugmentation
{
    private const int Bins = 31;
    private const int Operations = 14;

    /// <summary>Creates the policy; <paramref name="fill"/> fills pixels moved in from outside by geometric ops.</summary>
    public TrivialAugmentWide(float fill = 0f) => Fill = fill;

    /// <summary>Value of pixels moved in from outside by shear, translation and rotation.</summary>
    public float Fill { get; }

    /// <inheritdoc/>
    public void Apply(Span<float> sample, ReadOnlySpan<int> shape, Generator rng)
    {
        var (c, h, w) = ImageLayout.Of(shape, sample.Length, "TrivialAugmentWide");
        int op = rng.NextInt(Operations);
        double level = rng.NextInt(Bins) / (double)(Bins - 1);
        double sign = rng.NextDouble() < 0.5 ? -1 : 1;
        switch (op)
        {
            case 0: break;
            case 1: RandomRotation.Rotate(sample, c, h, w, 0, 0, 0, 1, sign * 0.99 * level, 0, Fill); break;
            case 2: RandomRotation.Rotate(sample, c, h, w, 0, 0, 0, 1, 0, sign * 0.99 * level, Fill); break;
            case 3: RandomRotation.Rotate(sample, c, h, w, 0, Math.Round(sign * 32 * level), 0, 1, 0, 0, Fill); break;
            case 4: RandomRotation.Rotate(sample, c, h, w, 0, 0, Math.Round(sign * 32 * level), 1, 0, 0, Fill); break;
            case 5: RandomRotation.Rotate(sample, c, h, w, sign * 135 * level, 0, 0, 1, 0, 0, Fill); break;
            case 6: ColorJitter.AdjustBrightness(sample, (float)(1 + sign * 0.99 * level)); break;
            case 7: ColorJitter.AdjustContrast(sample, c, (float)(1 + sign * 0.99 * level)); break;
            case 8: Posterize(sample, 8 - (int)Math.Round(6 * level)); break;
            case 9: Solarize(sample, (float)(1 - level)); break;
            case 10: AutoContrast(sample, c); break;
            case 11: Color(sample, c, (float)(1 + sign * 0.99 * level)); break;
            case 12: Sharpness(sample, c, h, w, (float)(1 + sign * 0.99 * level)); break;
            default: Equalize(sample, c); break;
        }
    }

    /// <summary>Blends with the grey image (ITU-R 601 luma) by <paramref name="factor"/>; one-channel images are unchanged.</summary>
    private static void Color(Span<float> sample, int channels, float factor)
    {
        if (channels != 3) return;
        int plane = sample.Length / 3;
        for (int i = 0; i < plane; i++)
        {
            float grey = 0.299f * sample[i] + 0.587f * sample[plane + i] + 0.114f * sample[2 * plane + i];
            for (int ch = 0; ch < 3; ch++)
            {
                ref float v = ref sample[ch * plane + i];
                v = Math.Clamp(factor * v + (1 - factor) * grey, 0f, 1f);
            }
        }
    }

    /// <summary>Blends with the image smoothed by [[1, 1, 1], [1, 5, 1], [1, 1, 1]]/13 (border pixels kept), as torchvision.</summary>
    private static void Sharpness(Span<float> sample, int channels, int h, int w, float factor)
    {
        if (h < 3 || w < 3) return;
        var source = AugmentScratch.Get(sample.Length);
        sample.CopyTo(source);
        int plane = h * w;
        for (int ch = 0; ch < channels; ch++)
        {
            var src = source.Slice(ch * plane, plane);
            var dst = sample.Slice(ch * plane, plane);
            for (int y = 1; y < h - 1; y++)
                for (int x = 1; x < w - 1; x++)
                {
                    float sum = 4 * src[y * w + x];
                    for (int dy = -1; dy <= 1; dy++)
                        for (int dx = -1; dx <= 1; dx++) sum += src[(y + dy) * w + x + dx];
                    float smooth = sum / 13f;
                    dst[y * w + x] = Math.Clamp(factor * src[y * w + x] + (1 - factor) * smooth, 0f, 1f);
                }
        }
    }

    /// <summary>
    /// Histogram equalization of each channel's 8-bit levels, as PIL and torchvision: with step = ⌊(n − count of
    /// the last occupied level) / 255⌋, level l maps to min(255, ⌊(c_l + ⌊step/2⌋) / step⌋), c_l the count below l.
    /// </summary>
    private static void Equalize(Span<float> sample, int channels)
    {
        int plane = sample.Length / channels;
        Span<int> histogram = stackalloc int[256];
        Span<float> map = stackalloc float[256];
        for (int ch = 0; ch < channels; ch++)
        {
            var p = sample.Slice(ch * plane, plane);
            histogram.Clear();
            foreach (float v in p) histogram[Level(v)]++;
            int last = 255;
            while (last > 0 && histogram[last] == 0) last--;
            int step = (plane - histogram[last]) / 255;
            if (step == 0) continue;
            int below = step / 2;
            for (int l = 0; l < 256; l++)
            {
                map[l] = Math.Min(255, below / step) / 255f;
                below += histogram[l];
            }
            for (int i = 0; i < p.Length; i++) p[i] = map[Level(p[i])];
        }
    }

    private static int Level(float v) => (int)(Math.Clamp(v, 0f, 1f) * 255f + 0.5f);

    /// <summary>Keeps the top <paramref name="bits"/> bits of each value read as an 8-bit level.</summary>
    private static void Posterize(Span<float> sample, int bits)
    {
        int mask = ~((1 << (8 - bits)) - 1) & 0xFF;
        for (int i = 0; i < sample.Length; i++)
        {
            sample[i] = (Level(sample[i]) & mask) / 255f;
        }
    }

    /// <summary>Inverts values at or above <paramref name="threshold"/>: x ↦ 1 − x.</summary>
    private static void Solarize(Span<float> sample, float threshold)
    {
        for (int i = 0; i < sample.Length; i++)
            if (sample[i] >= threshold) sample[i] = 1f - sample[i];
    }

    /// <summary>Stretches each channel linearly so its minimum becomes 0 and its maximum 1 (flat channels unchanged).</summary>
    private static void AutoContrast(Span<float> sample, int channels)
    {
        int plane = sample.Length / channels;
        for (int ch = 0; ch < channels; ch++)
        {
            var p = sample.Slice(ch * plane, plane);
            float min = float.PositiveInfinity, max = float.NegativeInfinity;
            foreach (float v in p)
            {
                min = Math.Min(min, v);
                max = Math.Max(max, v);
            }
            if (!(max > min)) continue;
            float scale = 1f / (max - min);
            for (int i = 0; i < p.Length; i++) p[i] = (p[i] - min) * scale;
        }
    }
}
