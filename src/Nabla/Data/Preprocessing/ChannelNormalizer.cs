namespace Nabla.Data.Preprocessing;

/// <summary>
/// Per-channel image normalization <c>y[c] = (x[c] − mean[c]) / std[c]</c> for samples laid out [C, H, W]
/// (torchvision's Normalize). Fit computes each channel's mean and population standard deviation
/// <c>sqrt(E[x²] − E[x]²)</c> over every pixel of every training sample (accumulated in double); the statistics
/// can also be given directly (e.g. ImageNet's).
/// </summary>
public sealed class ChannelNormalizer : Preprocessor
{
    private float[] _mean = [];
    private float[] _std = [];

    /// <summary>Creates an unfitted normalizer (call <see cref="Fit(IDataset)"/>).</summary>
    public ChannelNormalizer() { }

    /// <summary>Creates a normalizer with known per-channel statistics (no fitting needed).</summary>
    public ChannelNormalizer(float[] mean, float[] std)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(std);
        if (mean.Length == 0 || mean.Length != std.Length)
            throw new ArgumentException($"ChannelNormalizer: mean has {mean.Length} channels and std {std.Length}; give one value per channel for both.");
        foreach (float s in std)
            if (!(s > 0)) throw new ArgumentException($"ChannelNormalizer: std values must be positive, got {s}.", nameof(std));
        _mean = (float[])mean.Clone();
        _std = (float[])std.Clone();
        IsFitted = true;
    }

    /// <summary>Number of channels.</summary>
    public int Channels => _mean.Length;

    /// <summary>Per-channel means.</summary>
    public ReadOnlySpan<float> Mean { get { EnsureFitted(); return _mean; } }

    /// <summary>Per-channel standard deviations (1 for a constant channel).</summary>
    public ReadOnlySpan<float> Std { get { EnsureFitted(); return _std; } }

    /// <summary>Computes the statistics over every input of <paramref name="training"/> (input shape [C, ...]).</summary>
    public ChannelNormalizer Fit(IDataset training)
    {
        ArgumentNullException.ThrowIfNull(training);
        var shape = training.InputShape;
        if (shape.Length < 1 || training.Count == 0)
            throw new ArgumentException($"ChannelNormalizer.Fit: needs a non-empty dataset with inputs [C, ...]; got {training.Count} samples of shape [{string.Join(", ", shape.ToArray())}].", nameof(training));
        int size = 1;
        foreach (int d in shape) size *= d;
        int targetSize = 1;
        foreach (int d in training.TargetShape) targetSize *= d;
        var input = new float[size];
        var target = new float[targetSize];
        var sum = new double[shape[0]];
        var sq = new double[shape[0]];
        for (int i = 0; i < training.Count; i++)
        {
            training.CopySample(i, input, target);
            Accumulate(input, shape[0], sum, sq);
        }
        Finish(sum, sq, (double)training.Count * (size / shape[0]));
        return this;
    }

    /// <summary>Computes the statistics over a batch laid out [N, C, ...] with <paramref name="channels"/> channels.</summary>
    public ChannelNormalizer Fit(ReadOnlySpan<float> batch, int samples, int channels)
    {
        if (samples < 1 || channels < 1 || batch.Length == 0 || batch.Length % (samples * channels) != 0)
            throw new ArgumentException($"ChannelNormalizer.Fit: a buffer of {batch.Length} floats is not [N={samples}, C={channels}, ...].", nameof(batch));
        int perSample = batch.Length / samples;
        var sum = new double[channels];
        var sq = new double[channels];
        for (int i = 0; i < samples; i++) Accumulate(batch.Slice(i * perSample, perSample), channels, sum, sq);
        Finish(sum, sq, (double)samples * (perSample / channels));
        return this;
    }

    private static void Accumulate(ReadOnlySpan<float> sample, int channels, double[] sum, double[] sq)
    {
        int plane = sample.Length / channels;
        for (int c = 0; c < channels; c++)
        {
            var p = sample.Slice(c * plane, plane);
            double s = 0, s2 = 0;
            foreach (float v in p) { s += v; s2 += (double)v * v; }
            sum[c] += s;
            sq[c] += s2;
        }
    }

    private void Finish(double[] sum, double[] sq, double count)
    {
        _mean = new float[sum.Length];
        _std = new float[sum.Length];
        for (int c = 0; c < sum.Length; c++)
        {
            double m = sum[c] / count;
            double std = Math.Sqrt(Math.Max(sq[c] / count - m * m, 0));
            _mean[c] = (float)m;
            _std[c] = std > 1e-12 ? (float)std : 1f;
        }
        IsFitted = true;
    }

    /// <summary>Normalizes one sample [C, ...] in place.</summary>
    public void Transform(Span<float> sample)
    {
        EnsureFitted();
        if (sample.Length % Channels != 0)
            throw new ArgumentException($"ChannelNormalizer.Transform: a sample of {sample.Length} floats does not split into {Channels} channels.", nameof(sample));
        int plane = sample.Length / Channels;
        for (int c = 0; c < Channels; c++)
        {
            var p = sample.Slice(c * plane, plane);
            System.Numerics.Tensors.TensorPrimitives.Subtract(p, _mean[c], p);
            System.Numerics.Tensors.TensorPrimitives.Multiply(p, 1f / _std[c], p);
        }
    }

    /// <summary>A view of <paramref name="dataset"/> whose inputs are normalized as they are copied out.</summary>
    public IDataset Apply(IDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        EnsureFitted();
        if (dataset.InputShape.Length < 1 || dataset.InputShape[0] != Channels)
            throw new ArgumentException($"ChannelNormalizer.Apply: fitted for {Channels} channels but the dataset's inputs are [{string.Join(", ", dataset.InputShape.ToArray())}].", nameof(dataset));
        return dataset is ILabeledDataset labeled ? new NormalizedLabeledDataset(labeled, this) : new NormalizedDataset(dataset, this);
    }

    /// <inheritdoc/>
    public override TransformState GetState()
    {
        EnsureFitted();
        var s = new TransformState(nameof(ChannelNormalizer));
        s.Arrays["mean"] = (float[])_mean.Clone();
        s.Arrays["std"] = (float[])_std.Clone();
        return s;
    }

    /// <summary>Rebuilds a fitted normalizer from <paramref name="state"/>.</summary>
    public static new ChannelNormalizer FromState(TransformState state)
    {
        CheckKind(state, nameof(ChannelNormalizer));
        return new ChannelNormalizer(state.Array("mean"), state.Array("std"));
    }

    private class NormalizedDataset(IDataset inner, ChannelNormalizer normalizer) : IDataset
    {
        public int Count => inner.Count;
        public ReadOnlySpan<int> InputShape => inner.InputShape;
        public ReadOnlySpan<int> TargetShape => inner.TargetShape;

        public void CopySample(int index, Span<float> input, Span<float> target)
        {
            inner.CopySample(index, input, target);
            normalizer.Transform(input);
        }
    }

    private sealed class NormalizedLabeledDataset(ILabeledDataset inner, ChannelNormalizer normalizer)
        : NormalizedDataset(inner, normalizer), ILabeledDataset
    {
        public int ClassCount => inner.ClassCount;
        public int LabelOf(int index) => inner.LabelOf(index);
    }
}
