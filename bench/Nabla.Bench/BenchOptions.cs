using System.Globalization;

namespace Nabla.Bench;

/// <summary>
/// Options shared by the training benchmarks (<c>mlp</c>, <c>cnn</c>, ...): <c>--epochs N</c>, <c>--limit N</c> and
/// <c>--seed N</c> on the command line, or the environment variables <c>NABLA_BENCH_EPOCHS</c>,
/// <c>NABLA_BENCH_LIMIT</c> and <c>NABLA_BENCH_SEED</c> (the command line wins). Unset options leave each benchmark's default (its issue's target workload).
/// </summary>
public static class BenchOptions
{
    /// <summary>Environment variable giving the number of epochs.</summary>
    public const string EpochsVariable = "NABLA_BENCH_EPOCHS";

    /// <summary>Environment variable giving the number of training (and test) samples to use.</summary>
    public const string LimitVariable = "NABLA_BENCH_LIMIT";

    /// <summary>Environment variable giving the seed of initialization, shuffling and dropout.</summary>
    public const string SeedVariable = "NABLA_BENCH_SEED";

    /// <summary>Epochs to train, or null for the benchmark's default.</summary>
    public static int? Epochs { get; private set; }

    /// <summary>Use only the first N training samples and the first N test samples, or null for all.</summary>
    public static int? Limit { get; private set; }

    /// <summary>Seed of the training benchmarks' initialization, shuffling and dropout (default 0).</summary>
    public static int Seed { get; private set; }

    /// <summary>One line per option, for the usage text.</summary>
    public static string Usage =>
        $"  --epochs N   epochs of the training benchmarks (or ${EpochsVariable}); default: each benchmark's target\n" +
        $"  --limit N    first N training and test samples only (or ${LimitVariable}); default: the full dataset\n" +
        $"  --seed N     seed of initialization, shuffling and dropout (or ${SeedVariable}); default 0";

    /// <summary>
    /// Reads the environment, then removes <c>--epochs N</c> and <c>--limit N</c> (also <c>--epochs=N</c>) from
    /// <paramref name="args"/> and returns the remaining arguments (benchmark names).
    /// </summary>
    /// <exception cref="ArgumentException">An option lacks its value or the value is not a positive integer.</exception>
    public static string[] Parse(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        Epochs = PositiveOrNull(Environment.GetEnvironmentVariable(EpochsVariable), EpochsVariable);
        Limit = PositiveOrNull(Environment.GetEnvironmentVariable(LimitVariable), LimitVariable);
        Seed = NonNegative(Environment.GetEnvironmentVariable(SeedVariable), SeedVariable);
        var rest = new List<string>(args.Length);
        for (int i = 0; i < args.Length; i++)
        {
            string a = args[i];
            string? key = null, value = null;
            int eq = a.IndexOf('=', StringComparison.Ordinal);
            if (a.StartsWith("--", StringComparison.Ordinal) && eq > 0)
            {
                key = a[..eq];
                value = a[(eq + 1)..];
            }
            else if (a is "--epochs" or "--limit" or "--seed")
            {
                key = a;
                if (i + 1 >= args.Length)
                    throw new ArgumentException($"option {a} needs a value, e.g. {a} 1");
                value = args[++i];
            }
            switch (key)
            {
                case null: rest.Add(a); break;
                case "--epochs": Epochs = PositiveOrNull(value, key); break;
                case "--limit": Limit = PositiveOrNull(value, key); break;
                case "--seed": Seed = NonNegative(value, key); break;
                default: throw new ArgumentException($"unknown option '{key}'; the options are --epochs N, --limit N and --seed N");
            }
        }
        return rest.ToArray();
    }

    private static int NonNegative(string? text, string name)
    {
        if (string.IsNullOrEmpty(text)) return 0;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int v)) return v;
        throw new ArgumentException($"{name} must be a non-negative integer, got '{text}'");
    }

    private static int? PositiveOrNull(string? text, string name)
    {
        if (string.IsNullOrEmpty(text)) return null;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int v) && v > 0) return v;
        throw new ArgumentException($"{name} must be a positive integer, got '{text}'");
    }
}
