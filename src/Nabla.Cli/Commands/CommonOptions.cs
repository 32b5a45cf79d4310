using System.CommandLine;

namespace Nabla.Cli.Commands;

/// <summary>Options shared by the verbs that read a config.</summary>
public static class CommonOptions
{
    /// <summary>The optional config-file argument (no file: the built-in demo config).</summary>
    public static Argument<string?> ConfigArgument(bool optional = true) => new("config")
    {
        Description = optional
            ? "Training config (JSON, see CONFIG.md). Without one, the built-in demo: the reference CNN on Fashion-MNIST."
            : "Training config (JSON, see CONFIG.md).",
        Arity = optional ? ArgumentArity.ZeroOrOne : ArgumentArity.ExactlyOne,
    };

    /// <summary><c>--set key=value</c>, repeatable.</summary>
    public static Option<string[]> Set() => new("--set", "-s")
    {
        Description = "Override a config value by its dotted path, typed from the JSON (repeatable), e.g. --set optimizer.lr=0.01 --set epochs=3.",
        Arity = ArgumentArity.OneOrMore,
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary><c>--output</c>: where run directories go.</summary>
    public static Option<string> Output() => new("--output", "-o")
    {
        Description = "Folder under which the run directory is created.",
        DefaultValueFactory = _ => "runs",
    };

    /// <summary><c>--quiet</c>: no progress output.</summary>
    public static Option<bool> Quiet() => new("--quiet", "-q") { Description = "Print only the result lines, no progress." };

    /// <summary>The progress destination and whether it is the interactive console.</summary>
    public static bool IsConsole(TextWriter writer) => ReferenceEquals(writer, Console.Out);
}
