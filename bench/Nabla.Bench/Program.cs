using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Nabla.Bench;

/// <summary>
/// <c>dotnet run -c Release --project bench/Nabla.Bench -- [--epochs N] [--limit N] &lt;name&gt;... | all | list</c>
/// (options: <see cref="BenchOptions"/>).
/// Figures go to standard output as JSON lines (see <see cref="BenchReporter"/>); progress and errors go to
/// standard error. Exit codes: 0 ok, 1 a benchmark failed, 2 usage error (e.g. an unknown name).
/// </summary>
public static class Program
{
    private const int Ok = 0, Failure = 1, Usage = 2;

    /// <summary>Entry point.</summary>
    public static int Main(string[] args)
    {
        BenchmarkRegistry registry;
        try
        {
            registry = BenchmarkRegistry.Discover();
        }
        catch (InvalidOperationException ex)
        {
            Console.Error.WriteLine($"nabla-bench: {ex.Message}");
            return Failure;
        }

        try
        {
            args = BenchOptions.Parse(args);
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine($"nabla-bench: {ex.Message}");
            PrintUsage(Console.Error, registry);
            return Usage;
        }

        if (args.Length == 0 || args is ["-h"] or ["--help"] or ["help"])
        {
            TextWriter w = args.Length == 0 ? Console.Error : Console.Out;
            PrintUsage(w, registry);
            return args.Length == 0 ? Usage : Ok;
        }

        if (args is ["list"])
        {
            foreach (string name in registry.Names) Console.Out.WriteLine(name);
            return Ok;
        }

        IReadOnlyList<string> names = args is ["all"] ? registry.Names.ToArray() : args;
        foreach (string name in names)
        {
            if (!registry.TryCreate(name, out _))
            {
                Console.Error.WriteLine($"nabla-bench: unknown benchmark '{name}'.");
                PrintUsage(Console.Error, registry);
                return Usage;
            }
        }
        if (names.Count == 0)
        {
            Console.Error.WriteLine("nabla-bench: no benchmarks are defined yet.");
            return Ok;
        }

        if (!Stopwatch.IsHighResolution)
            Console.Error.WriteLine("nabla-bench: warning: no high-resolution timer; figures will be coarse.");
#if DEBUG
        Console.Error.WriteLine("nabla-bench: warning: Debug build; run with -c Release for meaningful figures.");
#endif
        Console.Error.WriteLine(
            $"nabla-bench: {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription} " +
            $"{RuntimeInformation.ProcessArchitecture}, {Environment.ProcessorCount} cores" +
            (MachineLoad.IsSupported ? "" : " (machine-load notes unavailable on this OS)"));

        var reporter = new BenchReporter(Console.Out);
        int failed = 0;
        foreach (string name in names)
        {
            registry.TryCreate(name, out IBenchmark? bench);
            Console.Error.WriteLine($"nabla-bench: running {bench!.Name}");
            long t0 = Stopwatch.GetTimestamp();
            reporter.StartWindow();
            try
            {
                bench.Run(reporter);
                Console.Error.WriteLine(
                    $"nabla-bench: {bench.Name} done in {Stopwatch.GetElapsedTime(t0).TotalSeconds:F1} s");
            }
            catch (Exception ex)
            {
                // Keep going with the remaining benchmarks; the exit code reports the failure.
                failed++;
                Console.Error.WriteLine($"nabla-bench: {bench.Name} failed: {ex}");
            }
        }
        return failed == 0 ? Ok : Failure;
    }

    private static void PrintUsage(TextWriter w, BenchmarkRegistry registry)
    {
        w.WriteLine("usage: dotnet run -c Release --project bench/Nabla.Bench -- [options] <name>... | all | list");
        w.WriteLine("options:");
        w.WriteLine(BenchOptions.Usage);
        w.WriteLine("benchmarks:");
        if (registry.Names.Count == 0) w.WriteLine("  (none yet)");
        foreach (string name in registry.Names) w.WriteLine($"  {name}");
    }
}
