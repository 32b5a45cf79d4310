using System.Diagnostics;
using System.Globalization;
using Nabla;
using Nabla.Kernels;

namespace MlpFashionMnist;

/// <summary>
/// Trains a 784-256-128-10 ReLU MLP on Fashion-MNIST with Nabla's tensor operations only: Linear, ReLU,
/// LogSoftmax and a hand-written SGD-with-momentum update. Each step runs inside a <see cref="TensorScope"/>,
/// so activations and temporaries go back to the buffer pool instead of to the garbage collector.
/// <code>
/// dotnet run -c Release --project examples/MlpFashionMnist [-- [DATA_DIR] [--epochs N] [--batch-size N]
///     [--lr X] [--momentum X] [--constant-lr] [--seed N] [--threads N]]
/// </code>
/// </summary>
public static class Program
{
    // Mean and standard deviation of the Fashion-MNIST training pixels scaled to [0, 1].
    private const float PixelMean = 0.2860f;
    private const float PixelStd = 0.3530f;

    public static int Main(string[] args)
    {
        Options options;
        try
        {
            options = Options.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            Console.Error.WriteLine(Options.Usage);
            return 2;
        }
        if (options.Help)
        {
            Console.WriteLine(Options.Usage);
            return 0;
        }

        FashionMnist data;
        var loadClock = Stopwatch.StartNew();
        try
        {
            data = FashionMnist.Locate(options.DataDirectory);
        }
        catch (DataException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }

        if (options.Threads is int threads) KernelThreads.Count = threads;
        int epochs = options.Epochs ?? (data.Train.Count > 10_000 ? 5 : 15);
        Console.WriteLine("Nabla example: MLP 784-256-128-10 (ReLU) on Fashion-MNIST");
        Console.WriteLine($"data: {data.Description}: {data.Directory}");
        Console.WriteLine(FormattableString.Invariant(
            $"      {data.Train.Count:N0} train / {data.Test.Count:N0} test images, loaded in {loadClock.Elapsed.TotalSeconds:F2} s"));
        string schedule = options.Cosine ? "cosine-annealed to 0" : "constant";
        Console.WriteLine(FormattableString.Invariant(
            $"setup: {epochs} epochs, batch {options.BatchSize}, SGD lr {options.LearningRate} ({schedule}) momentum {options.Momentum}, seed {options.Seed}, {KernelThreads.Count} kernel threads"));
        Train(data, options, epochs);
        return 0;
    }

    private static void Train(FashionMnist data, Options o, int epochs)
    {
        var init = new Generator(o.Seed);
        var shuffle = new Generator(o.Seed + 1);
        var model = new Mlp(init);
        var velocity = Array.ConvertAll(model.Parameters, p => Tensor.ZerosLike(p));

        // x/255 then (x - mean)/std, as a table over the 256 byte values.
        var normalise = new float[256];
        for (int v = 0; v < 256; v++) normalise[v] = (v / 255f - PixelMean) / PixelStd;

        var train = data.Train;
        int batch = o.BatchSize;
        var order = new int[train.Count];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        var xBuffer = new float[batch * FashionMnistSplit.Pixels];
        var oneHotBuffer = new float[batch * FashionMnistSplit.Classes];
        int stepsPerEpoch = (train.Count + batch - 1) / batch;

        int totalSteps = epochs * stepsPerEpoch, step = 0;
        Console.WriteLine("epoch  train-loss  test-acc  train-s  eval-s  alloc/step");
        var total = Stopwatch.StartNew();
        double accuracy = 0;
        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            shuffle.Shuffle(order.AsSpan());
            double lossSum = 0;
            for (int start = 0; start < train.Count; start += batch)
            {
                int n = Math.Min(batch, train.Count - start);
                FillBatch(train, order.AsSpan(start, n), normalise, xBuffer, oneHotBuffer);
                using (TensorScope.Enter())
                {
                    var x = Tensor.FromArray(xBuffer.AsSpan(0, n * FashionMnistSplit.Pixels), n, FashionMnistSplit.Pixels);
                    var oneHot = Tensor.FromArray(oneHotBuffer.AsSpan(0, n * FashionMnistSplit.Classes), n, FashionMnistSplit.Classes);
                    var logProbabilities = model.Forward(x).LogSoftmax(1);
                    // Cross-entropy: minus the mean log-probability of the true class.
                    var loss = logProbabilities.Mul(oneHot).Sum().MulScalar(-1f / n);
                    loss.Backward();
                    lossSum += (double)loss.Item() * n;
                    float lr = o.Cosine ? CosineLearningRate(o.LearningRate, step, totalSteps) : o.LearningRate;
                    SgdMomentumStep(model.Parameters, velocity, lr, o.Momentum);
                    step++;
                }
            }
            double trainSeconds = clock.Elapsed.TotalSeconds;
            long allocatedPerStep = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / stepsPerEpoch;

            var evalClock = Stopwatch.StartNew();
            accuracy = Evaluate(model, data.Test, normalise);
            double evalSeconds = evalClock.Elapsed.TotalSeconds;
            Console.WriteLine(FormattableString.Invariant(
                $"{epoch,5}  {lossSum / train.Count,10:F4}  {accuracy,8:F4}  {trainSeconds,7:F2}  {evalSeconds,6:F2}  {FormatBytes(allocatedPerStep),10}"));
        }
        Console.WriteLine(FormattableString.Invariant(
            $"final test accuracy {accuracy:F4} after {epochs} epochs in {total.Elapsed.TotalSeconds:F1} s"));
    }

    /// <summary>Cosine annealing from <paramref name="baseLr"/> at step 0 towards 0 at the last step: lr·½(1 + cos(π·t/T)).</summary>
    private static float CosineLearningRate(float baseLr, int step, int totalSteps) =>
        (float)(baseLr * 0.5 * (1 + Math.Cos(Math.PI * step / totalSteps)));

    /// <summary>
    /// SGD with momentum, as in PyTorch: v ← μ·v + g, p ← p − lr·v; then the gradient is cleared for the next step.
    /// </summary>
    private static void SgdMomentumStep(Tensor[] parameters, Tensor[] velocity, float lr, float momentum)
    {
        using (Autograd.NoGrad())
        {
            for (int i = 0; i < parameters.Length; i++)
            {
                var p = parameters[i];
                var g = p.Grad ?? throw new InvalidOperationException("parameter without a gradient after backward");
                velocity[i].MulInPlace(momentum).AddInPlace(g);
                p.AddInPlace(velocity[i], -lr);
                g.Zero();
            }
        }
    }

    /// <summary>Copies the normalised images of <paramref name="indices"/> and their one-hot labels into the buffers.</summary>
    private static void FillBatch(FashionMnistSplit split, ReadOnlySpan<int> indices, float[] normalise, float[] x, float[] oneHot)
    {
        const int P = FashionMnistSplit.Pixels, C = FashionMnistSplit.Classes;
        Array.Clear(oneHot, 0, indices.Length * C);
        for (int i = 0; i < indices.Length; i++)
        {
            int index = indices[i];
            var source = split.Images.AsSpan(index * P, P);
            var target = x.AsSpan(i * P, P);
            for (int j = 0; j < P; j++) target[j] = normalise[source[j]];
            oneHot[i * C + split.Labels[index]] = 1f;
        }
    }

    /// <summary>Fraction of <paramref name="split"/> whose most probable class is the label.</summary>
    private static double Evaluate(Mlp model, FashionMnistSplit split, float[] normalise)
    {
        const int P = FashionMnistSplit.Pixels, EvalBatch = 1000;
        var x = new float[EvalBatch * P];
        var predictions = new float[EvalBatch];
        int correct = 0;
        using (Autograd.NoGrad())
        {
            for (int start = 0; start < split.Count; start += EvalBatch)
            {
                int n = Math.Min(EvalBatch, split.Count - start);
                for (int i = 0; i < n; i++)
                {
                    var source = split.Images.AsSpan((start + i) * P, P);
                    var target = x.AsSpan(i * P, P);
                    for (int j = 0; j < P; j++) target[j] = normalise[source[j]];
                }
                using (TensorScope.Enter())
                {
                    var logits = model.Forward(Tensor.FromArray(x.AsSpan(0, n * P), n, P));
                    logits.Argmax(1).CopyTo(predictions);
                }
                for (int i = 0; i < n; i++)
                    if ((int)predictions[i] == split.Labels[start + i]) correct++;
            }
        }
        return (double)correct / split.Count;
    }

    private static string FormatBytes(long bytes) =>
        bytes < 10_000 ? $"{bytes} B" : bytes < 10_000_000 ? $"{bytes / 1024} KiB" : $"{bytes / (1024 * 1024)} MiB";
}

/// <summary>The three Linear layers: parameters live outside every scope and require gradients.</summary>
internal sealed class Mlp
{
    private readonly Tensor _w1, _b1, _w2, _b2, _w3, _b3;

    public Mlp(Generator generator)
    {
        (_w1, _b1) = Layer(FashionMnistSplit.Pixels, 256, generator);
        (_w2, _b2) = Layer(256, 128, generator);
        (_w3, _b3) = Layer(128, FashionMnistSplit.Classes, generator);
        Parameters = [_w1, _b1, _w2, _b2, _w3, _b3];
    }

    public Tensor[] Parameters { get; }

    /// <summary>logits = W₃·relu(W₂·relu(W₁·x + b₁) + b₂) + b₃.</summary>
    public Tensor Forward(Tensor x) =>
        Tensor.Linear(Tensor.Linear(Tensor.Linear(x, _w1, _b1).Relu(), _w2, _b2).Relu(), _w3, _b3);

    /// <summary>He/Kaiming-uniform weights, W ~ U(−√(6/fan_in), √(6/fan_in)) (variance 2/fan_in, for ReLU); zero biases.</summary>
    private static (Tensor Weight, Tensor Bias) Layer(int fanIn, int fanOut, Generator generator)
    {
        float bound = MathF.Sqrt(6f / fanIn);
        var weight = Tensor.Uniform([fanOut, fanIn], -bound, bound, generator);
        var bias = Tensor.Zeros(fanOut);
        weight.RequiresGrad = true;
        bias.RequiresGrad = true;
        return (weight, bias);
    }
}

/// <summary>Command-line options.</summary>
internal sealed class Options
{
    public const string Usage =
        "usage: MlpFashionMnist [DATA_DIR] [--epochs N] [--batch-size N] [--lr X] [--momentum X] [--constant-lr] [--seed N] [--threads N]\n" +
        "  DATA_DIR   folder with train-/t10k- images/labels IDX files (.gz or raw); default: " +
        FashionMnist.SystemDirectory + " if present, else the shipped " + FashionMnist.SampleRelative + "\n" +
        "  --epochs   default 5 on the full dataset, 15 on a small one (<= 10,000 training images)\n" +
        "  --lr       peak learning rate (default 0.05), cosine-annealed to 0 over the run unless --constant-lr";

    public string? DataDirectory { get; private set; }
    public int? Epochs { get; private set; }
    public int BatchSize { get; private set; } = 128;
    public float LearningRate { get; private set; } = 0.05f;
    public float Momentum { get; private set; } = 0.9f;
    public ulong Seed { get; private set; } = 42;
    public int? Threads { get; private set; }
    public bool Cosine { get; private set; } = true;
    public bool Help { get; private set; }

    public static Options Parse(string[] args)
    {
        var o = new Options();
        for (int i = 0; i < args.Length; i++)
        {
            string a = args[i];
            switch (a)
            {
                case "-h" or "--help": o.Help = true; break;
                case "--epochs": o.Epochs = PositiveInt(a, Value(args, ref i)); break;
                case "--batch-size": o.BatchSize = PositiveInt(a, Value(args, ref i)); break;
                case "--lr": o.LearningRate = PositiveFloat(a, Value(args, ref i)); break;
                case "--momentum":
                    o.Momentum = float.TryParse(Value(args, ref i), CultureInfo.InvariantCulture, out var m) && m is >= 0 and < 1
                        ? m : throw new ArgumentException("--momentum must be a number in [0, 1)");
                    break;
                case "--seed":
                    o.Seed = ulong.TryParse(Value(args, ref i), CultureInfo.InvariantCulture, out var s)
                        ? s : throw new ArgumentException("--seed must be a non-negative integer");
                    break;
                case "--constant-lr": o.Cosine = false; break;
                case "--threads": o.Threads = PositiveInt(a, Value(args, ref i)); break;
                default:
                    if (a.StartsWith('-')) throw new ArgumentException($"unknown option '{a}'");
                    if (o.DataDirectory is not null) throw new ArgumentException($"only one data directory may be given (got '{o.DataDirectory}' and '{a}')");
                    o.DataDirectory = a;
                    break;
            }
        }
        return o;
    }

    private static string Value(string[] args, ref int i) =>
        ++i < args.Length ? args[i] : throw new ArgumentException($"{args[i - 1]} needs a value");

    private static int PositiveInt(string name, string text) =>
        int.TryParse(text, CultureInfo.InvariantCulture, out int v) && v > 0 ? v : throw new ArgumentException($"{name} must be a positive integer, got '{text}'");

    private static float PositiveFloat(string name, string text) =>
        float.TryParse(text, CultureInfo.InvariantCulture, out float v) && v > 0 && float.IsFinite(v)
            ? v : throw new ArgumentException($"{name} must be a positive number, got '{text}'");
}
