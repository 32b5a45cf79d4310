using System.Diagnostics;
using System.Globalization;
using Nabla.Data;
using Nabla.Data.Idx;
using Nabla.Losses;
using Nabla.Nn;
using Nabla.Optim;
using Nabla.Training;
using Nabla.Training.Callbacks;
using Nabla.Training.Metrics;

namespace Nabla.Bench;

/// <summary>PyTorch's published figures for one training workload (ANCHORS.md), used when none is measured in the run.</summary>
/// <param name="SecondsPerEpoch">Seconds per epoch on the full 60,000 training images.</param>
/// <param name="TestAccuracy">Test accuracy after the workload's default number of epochs.</param>
/// <param name="PeakRssMb">Peak resident set size, MB.</param>
public sealed record PublishedAnchors(double SecondsPerEpoch, double TestAccuracy, double PeakRssMb);

/// <summary>
/// Trains a Fashion-MNIST classifier through <see cref="Trainer.Fit(IDataset, FitOptions)"/> the way ANCHORS.md's
/// PyTorch figures were taken (Adam lr 1e-3, cross-entropy, batch 128, shuffled, seed 0 unless --seed says otherwise) and reports, as JSON lines:
/// per epoch <c>epoch_seconds</c> and <c>epoch_samples_per_second</c> (case suffixed <c>epoch N</c>); then the median
/// <c>seconds_per_epoch</c> and <c>samples_per_second</c>, <c>test_accuracy</c> and <c>test_loss</c>
/// (<see cref="Trainer.Evaluate"/> on the test split, batch 256), <c>peak_rss_mb</c> (<see cref="PeakRss"/>) and
/// <c>bytes_allocated_per_step</c> (managed bytes of all threads, <see cref="GC.GetTotalAllocatedBytes(bool)"/>, over the
/// middle batches of the last epoch, measured by a <see cref="LambdaCallback"/>).
/// </summary>
/// <remarks>
/// The full dataset comes from <see cref="FashionMnist.Load"/> (Debian's <c>dataset-fashion-mnist</c>, or
/// <c>$NABLA_DATA</c>); when only the shipped sample is found it is used and every line says so. Anchors are
/// ANCHORS.md's published PyTorch figures (a note says they were not measured in this run; <c>bench/compare</c>
/// measures them side by side): seconds per epoch only on the full training set, test accuracy only on the full
/// dataset after the default number of epochs, samples per second and peak RSS always.
/// </remarks>
internal sealed class FashionMnistTraining
{
    /// <summary>Samples per batch, as the reference runs.</summary>
    public const int BatchSize = 128;

    private const int FullTrainCount = 60_000;
    private const string PublishedNote = "anchor is PyTorch's published figure from ANCHORS.md, not measured in this run";

    private readonly BenchReporter _report;
    private readonly string _bench, _case;
    private readonly int _threads = Kernels.KernelThreads.Count;
    private readonly List<double> _epochSeconds = [];
    private string? _dataNote;
    private long _epochStart;

    private FashionMnistTraining(BenchReporter report, string bench, string @case)
    {
        _report = report;
        _bench = bench;
        _case = @case;
    }

    /// <summary>Runs the workload and reports its figures.</summary>
    /// <param name="report">Where the JSON lines go.</param>
    /// <param name="bench">Benchmark name.</param>
    /// <param name="case">Case label (the model and settings).</param>
    /// <param name="defaultEpochs">Epochs when <see cref="BenchOptions.Epochs"/> is not given.</param>
    /// <param name="flatten">Feed [784] vectors instead of [1, 28, 28] images.</param>
    /// <param name="build">Builds the model (called after seeding <see cref="Generator.Default"/> with 0).</param>
    /// <param name="anchors">PyTorch's published figures.</param>
    public static void Run(BenchReporter report, string bench, string @case, int defaultEpochs, bool flatten,
                           Func<Module> build, PublishedAnchors anchors) =>
        new FashionMnistTraining(report, bench, @case).Execute(defaultEpochs, flatten, build, anchors);

    private void Execute(int defaultEpochs, bool flatten, Func<Module> build, PublishedAnchors anchors)
    {
        int epochs = BenchOptions.Epochs ?? defaultEpochs;
        var trainFull = FashionMnist.Load(train: true, flatten: flatten);
        var testFull = FashionMnist.Load(train: false, flatten: flatten);
        string? folder = Path.GetDirectoryName(trainFull.ImagesPath);
        bool sample = trainFull.Source == DataSource.ShippedSample;
        IDataset train = Limit(trainFull), test = Limit(testFull);
        bool fullData = !sample && train.Count == FullTrainCount;
        _dataNote = sample
            ? $"full Fashion-MNIST not found (apt-get install dataset-fashion-mnist, or set NABLA_DATA); used the shipped sample in {folder}"
            : null;
        Console.Error.WriteLine(
            $"nabla-bench: {_bench}: {train.Count} training and {test.Count} test samples from {folder}, " +
            $"{epochs} epoch(s), batch {BatchSize}, {_threads} thread(s)");

        Generator.ManualSeed((ulong)BenchOptions.Seed);
        Module model = build();
        var trainer = new Trainer(model, new Adam(model.Parameters(), lr: 1e-3), new CrossEntropyLoss(), [new Accuracy()], seed: (ulong)BenchOptions.Seed);
        var probe = new StepProbe(epochs - 1, (train.Count + BatchSize - 1) / BatchSize);
        var timer = new LambdaCallback(
            onEpochBegin: (_, _) => _epochStart = Stopwatch.GetTimestamp(),
            onEpochEnd: (epoch, logs) => EpochEnd(epoch, epochs, train.Count, logs));
        trainer.Fit(train, new FitOptions { Epochs = epochs, BatchSize = BatchSize, Verbose = 0, Callbacks = [timer, probe.Callback] });

        double median = Median(_epochSeconds);
        string published = _dataNote is null ? PublishedNote : _dataNote + "; " + PublishedNote;
        string medianNote = string.Create(CultureInfo.InvariantCulture, $"median of {epochs} epoch(s) of {train.Count} samples");
        Report("seconds_per_epoch", median, fullData ? "pytorch_seconds_per_epoch" : null, anchors.SecondsPerEpoch,
               Join(fullData ? published : _dataNote, medianNote));
        Report("samples_per_second", train.Count / median, "pytorch_samples_per_second", FullTrainCount / anchors.SecondsPerEpoch,
               Join(published, medianNote));

        long evalStart = Stopwatch.GetTimestamp();
        Logs result = trainer.Evaluate(test, 256);
        double evalSeconds = Stopwatch.GetElapsedTime(evalStart).TotalSeconds;
        bool accuracyComparable = fullData && test.Count == testFull.Count && epochs == defaultEpochs;
        string evalNote = string.Create(CultureInfo.InvariantCulture,
            $"{test.Count} test samples after {epochs} epoch(s), evaluated in {evalSeconds:F2} s");
        Report("test_accuracy", result["accuracy"], accuracyComparable ? "pytorch_test_accuracy" : null, anchors.TestAccuracy,
               Join(accuracyComparable ? published : _dataNote, evalNote));
        Report("test_loss", result["loss"], null, null, _dataNote);
        if (PeakRss.Megabytes() is double rss)
            Report("peak_rss_mb", rss, "pytorch_peak_rss_mb", anchors.PeakRssMb,
                   Join(published, "VmHWM of the whole process (includes earlier benchmarks of the same run)"));
        if (probe.BytesPerStep is double bytes)
            Report("bytes_allocated_per_step", bytes, null, null, Join(_dataNote, probe.Window));
    }

    private void EpochEnd(int epoch, int epochs, int samples, Logs logs)
    {
        double s = Stopwatch.GetElapsedTime(_epochStart).TotalSeconds;
        _epochSeconds.Add(s);
        string label = string.Create(CultureInfo.InvariantCulture, $"{_case} epoch {epoch + 1}");
        _report.Report(_bench, label, _threads, "epoch_seconds", s, note: _dataNote);
        _report.Report(_bench, label, _threads, "epoch_samples_per_second", samples / s, note: _dataNote);
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"nabla-bench: {_bench}: epoch {epoch + 1}/{epochs} {s:F2} s, loss {logs.Get("loss"):F4}, accuracy {logs.Get("accuracy"):F4}"));
    }

    private void Report(string metric, double value, string? anchor, double? anchorValue, string? note) =>
        _report.Report(_bench, _case, _threads, metric, value, anchor, anchorValue, note);

    private static IDataset Limit(IdxDataset data)
    {
        if (BenchOptions.Limit is not int limit || limit >= data.Count) return data;
        var indices = new int[limit];
        for (int i = 0; i < limit; i++) indices[i] = i;
        return Subset.Create(data, indices);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        int n = sorted.Length, h = n / 2;
        return n == 0 ? double.NaN : n % 2 == 1 ? sorted[h] : 0.5 * (sorted[h - 1] + sorted[h]);
    }

    private static string? Join(string? a, string? b) => a is null ? b : b is null ? a : a + "; " + b;

    /// <summary>
    /// Counts managed bytes allocated (all threads) between the start of batch <c>steps / 4</c> and the start of batch
    /// <c>steps − 1</c> of the last epoch: whole steps of the Fit loop at steady state, leaving out the first
    /// batches (tiered JIT, pools warming) and the last, possibly smaller, batch.
    /// </summary>
    private sealed class StepProbe
    {
        private readonly int _epoch, _first, _last;
        private int _currentEpoch;
        private long _start;

        public StepProbe(int lastEpoch, int steps)
        {
            _epoch = lastEpoch;
            _first = steps >= 4 ? steps / 4 : 0;
            _last = steps - 1;
            Callback = new LambdaCallback(onEpochBegin: (e, _) => _currentEpoch = e, onBatchBegin: OnBatchBegin);
        }

        /// <summary>The callback to pass to Fit.</summary>
        public LambdaCallback Callback { get; }

        /// <summary>Bytes per step over the window, or null when the epoch has too few batches to have one.</summary>
        public double? BytesPerStep { get; private set; }

        /// <summary>Describes the window.</summary>
        public string Window => string.Create(CultureInfo.InvariantCulture,
            $"managed bytes of all threads per Fit step over batches {_first}..{_last - 1} of the last epoch");

        private void OnBatchBegin(int batch, Logs logs)
        {
            if (_currentEpoch != _epoch || _last <= _first) return;
            if (batch == _first) _start = GC.GetTotalAllocatedBytes(precise: true);
            else if (batch == _last) BytesPerStep = (double)(GC.GetTotalAllocatedBytes(precise: true) - _start) / (_last - _first);
        }
    }
}
