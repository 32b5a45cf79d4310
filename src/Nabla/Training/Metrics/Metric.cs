namespace Nabla.Training.Metrics;

/// <summary>
/// A streaming evaluation metric: <see cref="Update"/> once per batch accumulates sufficient statistics, and
/// <see cref="Result"/> gives the value over everything seen since <see cref="Reset"/>, so an uneven last batch and
/// per-sample weights count exactly as they would in one big batch.
/// </summary>
/// <remarks>
/// Inputs: <c>prediction</c> is the model output — logits or probabilities <c>[N, C]</c> for multi-class,
/// <c>[N]</c> or <c>[N, 1]</c> scores for binary, values for regression; <c>target</c> holds class indices as floats
/// <c>[N]</c> (or one-hot / soft labels <c>[N, C]</c>, reduced by argmax) or target values; <c>sampleWeight</c>,
/// when given, is <c>[N]</c> (or <c>[N, 1]</c>) of finite non-negative weights. A metric with nothing accumulated
/// returns <see cref="double.NaN"/>. Updates read tensor memory directly and allocate only when a batch is larger
/// than any before it (or, for <see cref="RocAuc"/>, as the stored scores grow).
/// </remarks>
public abstract class Metric
{
    /// <summary>Creates a metric shown under <paramref name="name"/>.</summary>
    protected Metric(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    /// <summary>The display name, following Keras ("accuracy", "top_5_accuracy", "precision", "auc", "mae", ...).</summary>
    public string Name { get; }

    /// <summary>Forgets everything accumulated (call at the start of each epoch).</summary>
    public abstract void Reset();

    /// <summary>Accumulates one batch.</summary>
    /// <param name="prediction">Model outputs for the batch (see the class remarks for the accepted shapes).</param>
    /// <param name="target">Targets for the batch: class indices, one-hot rows, or values.</param>
    /// <param name="sampleWeight">Optional per-sample weights <c>[N]</c>; null weighs every sample 1.</param>
    public abstract void Update(Tensor prediction, Tensor target, Tensor? sampleWeight = null);

    /// <summary>The metric over every sample seen since the last <see cref="Reset"/> (NaN before any).</summary>
    public abstract double Result();

    /// <summary>
    /// A metric from its Keras-style name, with default settings: "accuracy" (or "acc"), "top_k_accuracy" (k = 5)
    /// or "top_{k}_accuracy", "binary_accuracy", "precision", "recall", "f1_score" (or "f1"), "confusion_matrix",
    /// "auc", "mae", "mse", "rmse", "r2", "mean". Names are case-insensitive.
    /// </summary>
    public static Metric FromName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        string key = name.Trim().ToLowerInvariant();
        switch (key)
        {
            case "accuracy" or "acc": return new Accuracy();
            case "top_k_accuracy": return new TopKAccuracy();
            case "binary_accuracy": return new BinaryAccuracy();
            case "precision": return new Precision();
            case "recall": return new Recall();
            case "f1_score" or "f1": return new F1Score();
            case "confusion_matrix": return new ConfusionMatrix();
            case "auc": return new RocAuc();
            case "mae": return new MeanAbsoluteError();
            case "mse": return new MeanSquaredError();
            case "rmse": return new RootMeanSquaredError();
            case "r2": return new R2Score();
            case "mean": return new Mean();
        }
        if (key.StartsWith("top_", StringComparison.Ordinal) && key.EndsWith("_accuracy", StringComparison.Ordinal) &&
            int.TryParse(key.AsSpan(4, key.Length - 4 - "_accuracy".Length), System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out int k) && k >= 1)
            return new TopKAccuracy(k);
        throw new ArgumentException(
            $"metric '{name}' is unknown; use one of accuracy, top_k_accuracy, top_{{k}}_accuracy, binary_accuracy, precision, " +
            "recall, f1_score, confusion_matrix, auc, mae, mse, rmse, r2, mean", nameof(name));
    }

    /// <summary>The name and current value, e.g. <c>accuracy: 0.9123</c>.</summary>
    public override string ToString() => $"{Name}: {Result():0.####}";
}
