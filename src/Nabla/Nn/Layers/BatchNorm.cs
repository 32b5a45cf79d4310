namespace Nabla.Nn;

/// <summary>
/// Batch normalization (Ioffe &amp; Szegedy, 2015) over dimension 1 (channels):
/// y = (x − μ)/√(σ² + ε)·γ + β, with μ, σ² the batch statistics per channel in training (biased variance) and the
/// running estimates in evaluation. Training updates r ← (1 − momentum)·r + momentum·stat with the unbiased batch
/// variance, and counts num_batches_tracked. PyTorch defaults: momentum 0.1, ε 1e-5, γ = 1, β = 0,
/// running_mean = 0, running_var = 1.
/// </summary>
public abstract class BatchNorm : Module
{
    /// <summary>Number of channels C.</summary>
    public int NumFeatures { get; }

    /// <summary>ε added to the variance.</summary>
    public float Eps { get; }

    /// <summary>Weight of the newest batch in the running statistics (mutable, as PyTorch's attribute).</summary>
    public float Momentum { get; set; }

    /// <summary>γ, shape [C], or null without affine parameters.</summary>
    public Tensor? Weight { get; }

    /// <summary>β, shape [C], or null without affine parameters.</summary>
    public Tensor? Bias { get; }

    /// <summary>Running mean, shape [C].</summary>
    [Buffer]
    public Tensor? RunningMean { get; }

    /// <summary>Running (unbiased) variance, shape [C].</summary>
    [Buffer]
    public Tensor? RunningVar { get; }

    /// <summary>Number of training batches seen (a float holding a whole number).</summary>
    [Buffer]
    public Tensor? NumBatchesTracked { get; }

    /// <summary>Creates the layer; without running statistics it always normalizes with batch statistics.</summary>
    protected BatchNorm(int numFeatures, float eps, float momentum, bool affine, bool trackRunningStats)
    {
        if (numFeatures <= 0)
            throw new ArgumentException($"{GetType().Name}: numFeatures must be positive, got {numFeatures}");
        NumFeatures = numFeatures;
        Eps = eps;
        Momentum = momentum;
        if (affine)
        {
            Weight = Init.Ones(CreateParameter(numFeatures));
            Bias = CreateParameter(numFeatures);
        }
        if (trackRunningStats)
        {
            RunningMean = CreateBuffer(0f, numFeatures);
            RunningVar = CreateBuffer(1f, numFeatures);
            NumBatchesTracked = CreateBuffer(0f);
        }
    }

    /// <summary>The accepted input ranks, for the error message and the check.</summary>
    protected abstract (string Expected, int[] Ranks) InputRanks { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        var (expected, ranks) = InputRanks;
        InputCheck.Rank(this, input, expected, ranks);
        InputCheck.Size(this, input, 1, NumFeatures, "channels (num_features)");
        if (Training && NumBatchesTracked is not null)
            NumBatchesTracked.ContiguousSpan()[0] += 1f;
        return Tensor.BatchNorm(input, RunningMean, RunningVar, Weight, Bias, Training || RunningMean is null, Momentum, Eps);
    }

    /// <summary>
    /// This layer, a ReLU and a 2x2 stride-2 max pooling as one fused op (<see cref="Tensor.BatchNormReluMaxPool2d"/>):
    /// the same result and running-statistics update as the three layers chained. Used by <see cref="Sequential"/>.
    /// </summary>
    internal Tensor ForwardReluMaxPool2x2(Tensor input)
    {
        var (expected, ranks) = InputRanks;
        InputCheck.Rank(this, input, expected, ranks);
        InputCheck.Size(this, input, 1, NumFeatures, "channels (num_features)");
        if (Training && NumBatchesTracked is not null)
            NumBatchesTracked.ContiguousSpan()[0] += 1f;
        return Tensor.BatchNormReluMaxPool2d(input, RunningMean, RunningVar, Weight, Bias, Training || RunningMean is null, Momentum, Eps);
    }

    /// <inheritdoc/>
    protected override string ExtraRepr =>
        $"{NumFeatures}, eps={Eps}, momentum={Momentum}, affine={Weight is not null}, track_running_stats={RunningMean is not null}";
}
