namespace Nabla.Bench;

/// <summary>A named benchmark: <c>dotnet run -c Release --project bench/Nabla.Bench -- &lt;Name&gt;</c> runs it.</summary>
public interface IBenchmark
{
    /// <summary>The name given on the command line, e.g. <c>eltwise</c>.</summary>
    string Name { get; }

    /// <summary>Runs every case and reports each figure through <paramref name="report"/>.</summary>
    void Run(BenchReporter report);
}
