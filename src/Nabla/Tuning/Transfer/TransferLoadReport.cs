using System.Text;

namespace Nabla.Tuning.Transfer;

/// <summary>What <see cref="PretrainedWeights.Load(Nn.Module, string, Func{string, string?}?)"/> did with each tensor.</summary>
/// <param name="Loaded">Model keys filled from the file.</param>
/// <param name="Missing">Model keys the file lacks (kept as initialized: typically the new head).</param>
/// <param name="Unexpected">File keys the model lacks (after renaming), or dropped by the rename.</param>
/// <param name="ShapeMismatched">Keys present in both with different shapes (skipped), as "key: file [..], model [..]".</param>
public sealed record TransferLoadReport(IReadOnlyList<string> Loaded, IReadOnlyList<string> Missing,
                                        IReadOnlyList<string> Unexpected, IReadOnlyList<string> ShapeMismatched)
{
    /// <summary>A multi-line summary: counts, then the missing, unexpected and mismatched keys.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder($"loaded {Loaded.Count} tensors; {Missing.Count} missing, {Unexpected.Count} unexpected, {ShapeMismatched.Count} shape-mismatched");
        if (Missing.Count > 0) sb.Append("\n  missing: ").Append(string.Join(", ", Missing));
        if (Unexpected.Count > 0) sb.Append("\n  unexpected: ").Append(string.Join(", ", Unexpected));
        if (ShapeMismatched.Count > 0) sb.Append("\n  shape-mismatched: ").Append(string.Join("; ", ShapeMismatched));
        return sb.ToString();
    }
}
