using System.Globalization;

namespace CnnFashionMnist;

/// <summary>Command-line options of the example.</summary>
internal sealed class Options
{
    public const string Usage =
        "usage: CnnFashionMnist [--full | --data DIR] [--epochs N] [--batch-size N] [--lr X] [--seed N] [--threads N]\n" +
        "  (default)    the 3,000/1,000-image sample shipped in data/fashion-mnist-sample\n" +
        "  --full       the full dataset: $NABLA_DATA/fashion-mnist, else /usr/share/datasets/fashion-mnist, else the sample\n" +
        "  --data DIR   a folder holding the four IDX files (.gz or raw)\n" +
        "  --epochs     default 5; --batch-size default 128; --lr (Adam) default 0.001; --seed default 0";

    public bool Full { get; private set; }
    public string? DataDirectory { get; private set; }
    public int Epochs { get; private set; } = 5;
    public int BatchSize { get; private set; } = 128;
    public double LearningRate { get; private set; } = 1e-3;
    public ulong Seed { get; private set; }
    public int? Threads { get; private set; }
    public bool Help { get; private set; }

    /// <summary>Parses the arguments; throws <see cref="ArgumentException"/> with a message for the user.</summary>
    public static Options Parse(string[] args)
    {
        var o = new Options();
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "-h" or "--help": o.Help = true; break;
                case "--full": o.Full = true; break;
                case "--data": o.DataDirectory = Value(args, ref i); break;
                case "--epochs": o.Epochs = PositiveInt(args, ref i); break;
                case "--batch-size": o.BatchSize = PositiveInt(args, ref i); break;
                case "--lr": o.LearningRate = PositiveNumber(args, ref i); break;
                case "--seed":
                    string s = Value(args, ref i);
                    o.Seed = ulong.TryParse(s, CultureInfo.InvariantCulture, out var seed)
                        ? seed : throw new ArgumentException($"--seed must be a non-negative integer, got '{s}'");
                    break;
                case "--threads": o.Threads = PositiveInt(args, ref i); break;
                default: throw new ArgumentException($"unknown argument '{args[i]}'");
            }
        }
        if (o.Full && o.DataDirectory is not null)
            throw new ArgumentException("give either --full or --data DIR, not both");
        return o;
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
