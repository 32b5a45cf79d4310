using System.Reflection;

namespace Nabla.Cli;

/// <summary>Facts about the Nabla library this CLI runs on (not about the CLI assembly itself).</summary>
public static class LibraryInfo
{
    /// <summary>The Nabla library assembly.</summary>
    public static Assembly Assembly { get; } = typeof(Nabla.Kernels.Simd).Assembly;

    /// <summary>
    /// The library's informational version (e.g. <c>0.1.0+&lt;commit&gt;</c>), falling back to its assembly
    /// version when the attribute is absent.
    /// </summary>
    public static string Version { get; } =
        Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? Assembly.GetName().Version?.ToString()
        ?? "unknown";
}
