namespace Nabla.Data.Augment;

/// <summary>
/// TrivialAugment (Müller &amp; Hutter, 2021) in its "wide" setting, for images with values in [0, 1]: each sample
/// gets one operation chosen uniformly, at a magnitude bin chosen uniformly from 31 (0..30), with a random sign
/// for signed operations. Operations and their largest magnitudes (torchvision's wide space): identity; shear x/y
/// 0.99; translate x/y 32 pixels; rotate 135°; brightness and contrast factors 1 ± 0.99; posterize to 8..2 bits;
/// solarize above a threshold from 1 down to 0; autocontrast. Colour saturation, sharpness and equalize of
/// torchvision's list are left out (saturation is the identity on one-channel images).
/// </summary>
public sealed class TrivialAugmentWide : IAugmentation
{
    private const int Bins = 31;
    private const int Operations = 11;

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
            default: AutoContrast(sample, c); break;
        }
    }

    /// <summary>Keeps the top <paramref name="bits"/> bits of each value read as an 8-bit level.</summary>
    private static void Posterize(Span<float> sample, int bits)
    {
        int mask = ~((1 << (8 - bits)) - 1) & 0xFF;
        for (int i = 0; i < sample.Length; i++)
        {
            int level = (int)(Math.Clamp(sample[i], 0f, 1f) * 255f + 0.5f);
            sample[i] = (level & mask) / 255f;
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
