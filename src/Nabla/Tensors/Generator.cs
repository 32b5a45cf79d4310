namespace Nabla;

/// <summary>
/// A seeded pseudo-random generator (xoshiro256**, seeded through SplitMix64). One seed through
/// <see cref="ManualSeed"/> fixes every random draw that does not name its own generator: initialization,
/// shuffling, dropout and augmentation.
/// </summary>
public sealed class Generator
{
    private ulong _s0, _s1, _s2, _s3;
    private double _spareNormal;
    private bool _hasSpare;

    /// <summary>Creates a generator from <paramref name="seed"/>.</summary>
    public Generator(ulong seed) => Reseed(seed);

    /// <summary>The generator used when an operation is not given one.</summary>
    public static Generator Default { get; private set; } = new(0);

    /// <summary>Reseeds the default generator, like <c>torch.manual_seed</c>.</summary>
    public static void ManualSeed(ulong seed) => Default = new Generator(seed);

    /// <summary>Restarts this generator's sequence from <paramref name="seed"/>.</summary>
    public void Reseed(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix(ref x); _s1 = SplitMix(ref x); _s2 = SplitMix(ref x); _s3 = SplitMix(ref x);
        _hasSpare = false;
    }

    /// <summary>
    /// The generator's exact position: the four state words and the pending normal draw, as text
    /// (<c>s0:s1:s2:s3:spare</c>, hexadecimal; spare empty when none is pending). Checkpoints save it so that a
    /// resumed run draws exactly what the uninterrupted run would have drawn.
    /// </summary>
    public string GetState() =>
        $"{_s0:x16}:{_s1:x16}:{_s2:x16}:{_s3:x16}:" + (_hasSpare ? BitConverter.DoubleToInt64Bits(_spareNormal).ToString("x16") : "");

    /// <summary>Restores a position saved by <see cref="GetState"/>; a malformed state is rejected with the text.</summary>
    public void SetState(string state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var parts = state.Split(':');
        var words = new ulong[4];
        bool ok = parts.Length == 5;
        for (int i = 0; ok && i < 4; i++)
            ok = ulong.TryParse(parts[i], System.Globalization.NumberStyles.HexNumber, null, out words[i]);
        long spare = 0;
        ok = ok && (parts[4].Length == 0 || long.TryParse(parts[4], System.Globalization.NumberStyles.HexNumber, null, out spare));
        if (!ok || (words[0] | words[1] | words[2] | words[3]) == 0)
            throw new FormatException($"Generator.SetState: '{state}' is not a state written by GetState");
        (_s0, _s1, _s2, _s3) = (words[0], words[1], words[2], words[3]);
        _hasSpare = parts[4].Length > 0;
        _spareNormal = BitConverter.Int64BitsToDouble(spare);
    }

    /// <summary>A new generator seeded from this one's stream (for workers that need their own).</summary>
    public Generator Fork() => new(NextUInt64());

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        ulong result = RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0; _s3 ^= _s1; _s1 ^= _s2; _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform float in [0, 1) with 24 random bits.</summary>
    public float NextFloat() => (NextUInt64() >> 40) * (1.0f / (1 << 24));

    /// <summary>Uniform integer in [0, <paramref name="maxExclusive"/>), without modulo bias.</summary>
    public int NextInt(int maxExclusive)
    {
        if (maxExclusive <= 0) throw new ArgumentOutOfRangeException(nameof(maxExclusive), "must be positive");
        return (int)((NextUInt64() >> 32) * (ulong)maxExclusive >> 32);
    }

    /// <summary>Standard normal draw (Box–Muller; the second value of each pair is kept for the next call).</summary>
    public double NextNormal()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spareNormal;
        }
        double u1 = 1.0 - NextDouble();
        double u2 = NextDouble();
        double r = Math.Sqrt(-2.0 * Math.Log(u1));
        _spareNormal = r * Math.Sin(2 * Math.PI * u2);
        _hasSpare = true;
        return r * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>Shuffles <paramref name="items"/> in place (Fisher–Yates).</summary>
    public void Shuffle<T>(Span<T> items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
