using Nabla.Cli.Config;

namespace Nabla.Cli.Running;

/// <summary>
/// Resolves the MODEL argument of <c>evaluate</c>, <c>predict</c> and <c>summary</c>: a run directory (its
/// best.safetensors and config.resolved.json) or a model file (with the config.resolved.json beside it, if any).
/// </summary>
public static class ModelSource
{
    /// <summary>The model file and the config that trained it (null when none is found).</summary>
    public static (string ModelPath, string? ConfigPath) Resolve(string argument)
    {
        if (Directory.Exists(argument))
        {
            string model = Path.Combine(argument, "best.safetensors");
            if (!File.Exists(model))
                model = Path.Combine(argument, "last.safetensors");
            if (!File.Exists(model))
                throw new CliException($"{argument}: a folder without best.safetensors or last.safetensors; give a run directory written by nabla train or a .safetensors file", ExitCodes.Usage);
            string config = Path.Combine(argument, "config.resolved.json");
            return (model, File.Exists(config) ? config : null);
        }
        if (!File.Exists(argument))
            throw new CliException($"{argument}: no such run directory or model file", ExitCodes.Usage);
        string sibling = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(argument))!, "config.resolved.json");
        return (argument, File.Exists(sibling) ? sibling : null);
    }

    /// <summary>The config to take data, loss and metrics from: <paramref name="explicitConfig"/>, else the run's, else the demo's.</summary>
    public static RunConfig Config(string? explicitConfig, string? runConfig, IEnumerable<string>? overrides) =>
        ConfigLoader.Load(explicitConfig ?? runConfig, overrides);
}
