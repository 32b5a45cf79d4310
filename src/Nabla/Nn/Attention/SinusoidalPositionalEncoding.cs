namespace Nabla.Nn.Attention;

/// <summary>
/// Adds the fixed sinusoidal position signal of "Attention Is All You Need": PE[p, 2i] = sin(p / 10000^(2i/d)),
/// PE[p, 2i+1] = cos(p / 10000^(2i/d)), y = dropout(x + PE[:T]). The table is a non-persistent buffer (not in the
/// state dict). Input [N, T, d] (batchFirst, the default) or [T, N, d].
/// </summary>
public sealed class SinusoidalPositionalEncoding : Module
{
    private readonly Generator? _generator;

    /// <summary>Creates the encoding for sequences of up to <paramref name="maxLen"/> steps.</summary>
    public SinusoidalPositionalEncoding(int dModel, int maxLen = 5000, float dropout = 0f, bool batchFirst = true, Generator? generator = null)
    {
        if (dModel <= 0 || maxLen <= 0)
            throw new ArgumentException($"SinusoidalPositionalEncoding: dModel and maxLen must be positive, got dModel={dModel}, maxLen={maxLen}");
        DModel = dModel;
        MaxLen = maxLen;
        DropoutP = dropout;
        BatchFirst = batchFirst;
        _generator = generator;
        Pe = CreateBuffer(0f, maxLen, dModel);
        var table = Pe.ContiguousSpan();
        for (int p = 0; p < maxLen; p++)
            for (int i = 0; i < dModel; i += 2)
            {
                double angle = p * Math.Exp(-Math.Log(10000.0) * i / dModel);
                table[p * dModel + i] = (float)Math.Sin(angle);
                if (i + 1 < dModel) table[p * dModel + i + 1] = (float)Math.Cos(angle);
            }
    }

    /// <summary>Model width d.</summary>
    public int DModel { get; }

    /// <summary>Longest sequence supported.</summary>
    public int MaxLen { get; }

    /// <summary>Dropout after adding the signal.</summary>
    public float DropoutP { get; }

    /// <summary>Input [N, T, d] (true) or [T, N, d].</summary>
    public bool BatchFirst { get; }

    /// <summary>The table PE, [maxLen, d].</summary>
    [Buffer(Persistent = false)]
    public Tensor Pe { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) =>
        Tensor.Dropout(input + PositionalTable.Slice(this, Pe, input, BatchFirst, DModel, MaxLen), DropoutP, Training, _generator);
}
