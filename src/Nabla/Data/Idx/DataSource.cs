namespace Nabla.Data.Idx;

/// <summary>Where a dataset's files were found.</summary>
public enum DataSource
{
    /// <summary>Files named explicitly by the caller.</summary>
    Files,
    /// <summary>The directory the caller gave.</summary>
    GivenDirectory,
    /// <summary>A directory under <c>$NABLA_DATA</c>.</summary>
    EnvironmentVariable,
    /// <summary>The location of a system package (Debian's <c>dataset-fashion-mnist</c>: /usr/share/datasets/fashion-mnist).</summary>
    SystemPackage,
    /// <summary>The small sample shipped in the repository's <c>data/</c> folder.</summary>
    ShippedSample,
}
