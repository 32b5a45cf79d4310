using System.Diagnostics.CodeAnalysis;
using System.Reflection;

namespace Nabla.Bench;

/// <summary>
/// Every benchmark in this assembly: each non-abstract class implementing <see cref="IBenchmark"/> with a public
/// parameterless constructor is found by reflection, so adding a benchmark means adding one class, nothing else.
/// </summary>
public sealed class BenchmarkRegistry
{
    private readonly SortedDictionary<string, Func<IBenchmark>> _byName;

    private BenchmarkRegistry(SortedDictionary<string, Func<IBenchmark>> byName) => _byName = byName;

    /// <summary>Benchmark names, sorted.</summary>
    public IReadOnlyCollection<string> Names => _byName.Keys;

    /// <summary>Finds the benchmarks declared in the bench assembly.</summary>
    /// <exception cref="InvalidOperationException">Two benchmarks share a name, or one has an empty name.</exception>
    [UnconditionalSuppressMessage("Trimming", "IL2026",
        Justification = "Nabla.Bench is not trimmed; every type of the assembly is kept.")]
    [UnconditionalSuppressMessage("Trimming", "IL2075",
        Justification = "Nabla.Bench is not trimmed; benchmark constructors are kept.")]
    [UnconditionalSuppressMessage("Trimming", "IL2072",
        Justification = "Nabla.Bench is not trimmed; benchmark constructors are kept.")]
    public static BenchmarkRegistry Discover()
    {
        var byName = new SortedDictionary<string, Func<IBenchmark>>(StringComparer.OrdinalIgnoreCase);
        var origin = new Dictionary<string, Type>(StringComparer.OrdinalIgnoreCase);
        foreach (Type type in typeof(IBenchmark).Assembly.GetTypes())
        {
            if (!type.IsClass || type.IsAbstract || type.ContainsGenericParameters) continue;
            if (!typeof(IBenchmark).IsAssignableFrom(type)) continue;
            if (type.GetConstructor(BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes) is null) continue;

            Func<IBenchmark> create = Factory(type);
            string name = create().Name;
            if (string.IsNullOrWhiteSpace(name))
                throw new InvalidOperationException($"Benchmark {type.FullName} has an empty Name; give it a short name.");
            if (origin.TryGetValue(name, out Type? other))
                throw new InvalidOperationException(
                    $"Benchmarks {other.FullName} and {type.FullName} are both named '{name}'; rename one.");
            origin[name] = type;
            byName[name] = create;
        }
        return new BenchmarkRegistry(byName);
    }

    /// <summary>Creates a fresh instance of the benchmark named <paramref name="name"/> (case-insensitive).</summary>
    public bool TryCreate(string name, [NotNullWhen(true)] out IBenchmark? benchmark)
    {
        if (_byName.TryGetValue(name, out Func<IBenchmark>? create))
        {
            benchmark = create();
            return true;
        }
        benchmark = null;
        return false;
    }

    private static Func<IBenchmark> Factory(
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] Type type) =>
        () => (IBenchmark)Activator.CreateInstance(type)!;
}
