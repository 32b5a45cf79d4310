using System.Text.Json.Nodes;

namespace Nabla.Cli.Config;

/// <summary>Loads a config file (or the built-in demo), applies <c>--set</c> overrides and validates it.</summary>
public static class ConfigLoader
{
    /// <summary>The JSON object of <paramref name="path"/>, or of the demo config when null, with the overrides applied.</summary>
    /// <exception cref="CliException">The file is missing (exit 2) or the JSON or an override is invalid (exit 2).</exception>
    public static JsonObject LoadJson(string? path, IEnumerable<string>? overrides)
    {
        JsonObject root;
        try
        {
            if (path is null)
                root = RunConfig.ParseJson(DefaultConfig.Json, "the built-in demo config");
            else
            {
                if (!File.Exists(path))
                    throw new CliException($"{path}: no such config file", ExitCodes.Usage);
                root = RunConfig.ParseJson(File.ReadAllText(path), path);
                ResolveRelativePaths(root, Path.GetDirectoryName(Path.GetFullPath(path))!);
            }
            if (overrides is not null)
                ConfigOverrides.Apply(root, overrides);
        }
        catch (ConfigException ex)
        {
            throw new CliException($"invalid config: {ex.Message}", ExitCodes.Usage, ex);
        }
        return root;
    }

    /// <summary>Loads and validates (see <see cref="LoadJson"/> and <see cref="RunConfig.Parse"/>).</summary>
    public static RunConfig Load(string? path, IEnumerable<string>? overrides) => Parse(LoadJson(path, overrides));

    /// <summary>Validates <paramref name="root"/>, turning a <see cref="ConfigException"/> into a usage error.</summary>
    public static RunConfig Parse(JsonObject root)
    {
        try
        {
            return RunConfig.Parse(root);
        }
        catch (ConfigException ex)
        {
            throw new CliException($"invalid config: {ex.Message}", ExitCodes.Usage, ex);
        }
    }

    /// <summary>Data paths in a config file are relative to the file's folder (absolute paths are kept).</summary>
    private static void ResolveRelativePaths(JsonObject root, string folder)
    {
        if (root["data"] is not JsonObject data)
            return;
        foreach (string key in new[] { "path", "test_path" })
            if (data[key] is JsonValue v && v.TryGetValue(out string? p) && !Path.IsPathRooted(p))
            {
                string candidate = Path.GetFullPath(Path.Combine(folder, p));
                if (File.Exists(candidate) || Directory.Exists(candidate))
                    data[key] = candidate;
            }
    }
}
