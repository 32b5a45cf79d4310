using System.Globalization;
using Nabla.Kernels;

namespace Examples.Shared;

/// <summary>
/// Command-line options common to the Fashion-MNIST examples: the data (<c>--full</c> or <c>--data DIR</c>),
/// <c>--epochs</c>, <c>--batch-size</c>, <c>--seed</c>, <c>--threads</c> and, for the examples that train with one
/// optimizer, <c>--lr</c>.
/// </summary>
internal sealed class ExampleOptions
{
    private readonly bool _acceptsLearningRate;

    private ExampleOptions(int epochs, double? learningRate)
    {
        Epochs = epochs;
        LearningRate = learningRate ?? double.NaN;
        _acceptsLearningRate = learningRate is not null;
    }

    /// <summary>Whether <c>--full</c> was given: the full dataset instead of the shipped sample.</summary>
    public bool Full { get; private set; }

    /// <summary>The folder given with <c>--data</c>, or null.</summary>
    public string? DataDirectory { get; private set; }

    /// <summary>The number of epochs (<c>--epochs</c>).</summary>
    public int Epochs { get; private set; }

    /// <summary>The mini-batch size (<c>--batch-size</c>, default 128).</summary>
    public int BatchSize { get; private set; } = 128;

    /// <summary>The learning rate (<c>--lr</c>); NaN for an example that takes none.</summary>
    public double LearningRate { get; private set; }

    /// <summary>The seed of the initial weights and of the batch order (<c>--seed</c>, default 0).</summary>
    public ulong Seed { get; private set; }

    /// <summary>The kernel thread count given with <c>--threads</c>, or null for the default.</summary>
    public int? Threads { get; private set; }

    /// <summary>
    /// Parses <paramref name="args"/> for the example <paramref name="program"/>. On <c>--help</c> prints the usage;
    /// on a bad argument prints the error and the usage to standard error. Otherwise applies <c>--threads</c> to
    /// <see cref="KernelThreads.Count"/> and returns the options.
    /// </summary>
    /// <param name="args">The command-line arguments.</param>
    /// <param name="program">The example's name, shown in the usage.</param>
    /// <param name="epochs">The default number of epochs.</param>
    /// <param name="learningRate">The default Adam learning rate, or null when the example takes no <c>--lr</c>.</param>
    /// <param name="exitCode">When null is returned: 0 after <c>--help</c>, 2 after a bad argument.</param>
    /// <returns>The options, or null when the program should exit with <paramref name="exitCode"/>.</returns>
    public static ExampleOptions? FromCommandLine(string[] args, string program, int epochs, double? learningRate, out int exitCode)
    {
        string usage = Usage(program, epochs, learningRate);
        var o = new ExampleOptions(epochs, learningRate);
        bool help;
        try
        {
            help = o.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"error: {e.Message}\n{usage}");
            exitCode = 2;
            return null;
        }
        if (help)
        {
            Console.WriteLine(usage);
            exitCode = 0;
            return null;
        }
        if (o.Threads is int threads) KernelThreads.Count = threads;
        exitCode = 0;
        return o;
    }

    /// <summary>The usage text of <paramref name="program"/> with its defaults.</summary>
    private static string Usage(string program, int epochs, double? learningRate) =>
        $"usage: {program} [--full | --data DIR] [--epochs N] [--batch-size N] {(learningRate is null ? "" : "[--lr X] ")}[--seed N] [--threads N]\n" +
        "  (default)    the 3,000/1,000-image sample shipped in data/fashion-mnist-sample\n" +
        "  --full       the full dataset: $NABLA_DATA/fashion-mnist, else /usr/share/datasets/fashion-mnist, else the sample\n" +
        "  --data DIR   a folder holding the four IDX files (.gz or raw)\n" +
        $"  --epochs     default {epochs}; --batch-size default 128; " +
        (learningRate is double lr
            ? string.Create(CultureInfo.InvariantCulture, $"--lr (Adam) default {lr}; --seed default 0")
            : "--seed default 0 (the learning rates are fixed, see README.md)");

    /// <summary>Fills the options from <paramref name="args"/>; returns whether help was asked for.</summary>
    private bool Parse(string[] args)
    {
        bool help = false;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "-h" or "--help": help = true; break;
                case "--full": Full = true; break;
                case "--data": DataDirectory = Value(args, ref i); break;
                case "--epochs": Epochs = PositiveInt(args, ref i); break;
                case "--batch-size": BatchSize = PositiveInt(args, ref i); break;
                case "--lr" when _acceptsLearningRate: LearningRate = PositiveNumber(args, ref i); break;
                case "--seed":
                    string s = Value(args, ref i);
                    Seed = ulong.TryParse(s, CultureInfo.InvariantCulture, out var seed)
                        ? seed : throw new ArgumentException($"--seed must be a non-negative integer, got '{s}'");
                    break;
                case "--threads": Threads = PositiveInt(args, ref i); break;
                default: throw new ArgumentException($"unknown argument '{args[i]}'");
            }
        }
        if (Full && DataDirectory is not null)
            throw new ArgumentException("give either --full or --data DIR, not both");
        return help;
    }

    private static string Value(string[] args, ref int i) =>
        ++i < args.Length ? args[i] : throw new ArgumentException($"{args[i - 1]} needs a value");

    private static int PositiveInt(string[] args, ref int i)
    {
        string name = args[i], text = Value(args, ref i);
        return int.TryParse(text, CultureInfo.InvariantCulture, out int v) && v > 0
            ? v : throw new ArgumentException($"{name} must be a positive integer, got '{text}'");
    }

    private static double PositiveNumber(string[] args, ref int i)
    {
        string name = args[i], text = Value(args, ref i);
        return double.TryParse(text, CultureInfo.InvariantCulture, out double v) && v > 0 && double.IsFinite(v)
            ? v : throw new ArgumentException($"{name} must be a positive number, got '{text}'");
    }
}
