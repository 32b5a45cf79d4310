using Nabla.Training;

namespace Nabla.Cli.Running;

/// <summary>What a training run produced.</summary>
/// <param name="Directory">The run directory.</param>
/// <param name="History">Per-epoch logs.</param>
/// <param name="Interrupted">Whether Ctrl+C (the cancellation token) stopped it.</param>
/// <param name="TestMetrics">Loss and metrics on the test (else validation) data, or null when interrupted or absent.</param>
public sealed record RunResult(string Directory, History History, bool Interrupted, IReadOnlyDictionary<string, double>? TestMetrics);
