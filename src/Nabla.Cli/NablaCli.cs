using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using Nabla.Cli.Commands;

namespace Nabla.Cli;

/// <summary>
/// Builds the <c>nabla</c> command tree and runs it. Each verb lives in its own file under <c>Commands/</c> and
/// exposes <c>static Command Create()</c>; add a verb by adding it to <see cref="BuildRoot"/>.
/// </summary>
public static class NablaCli
{
    /// <summary>The command name shown in help and error messages.</summary>
    public const string Name = "nabla";

    /// <summary>The root command: <c>--help</c>, <c>--version</c> and every verb.</summary>
    /// <remarks>
    /// A plain <see cref="Command"/> named <c>nabla</c> rather than a <see cref="RootCommand"/>, whose name comes
    /// from the executable (<c>Nabla.Cli</c> under <c>dotnet run</c> or the tool shim). The stock
    /// <c>--version</c> would print the CLI assembly's version; this one prints the library's.
    /// </remarks>
    public static Command BuildRoot() =>
        new(Name, "Nabla: train, evaluate and inspect neural networks on the CPU, in pure .NET.")
        {
            new HelpOption(),
            new VersionOption { Action = new LibraryVersionAction() },
            InfoCommand.Create(),
            TrainCommand.Create(),
            EvaluateCommand.Create(),
            PredictCommand.Create(),
            SummaryCommand.Create(),
            CompareCommand.Create(),
            LrFindCommand.Create(),
            AugmentPreviewCommand.Create(),
            TuneCommand.Create(),
            CvCommand.Create(),
            ExportCommand.Create(),
        };

    /// <summary>
    /// Parses and runs <paramref name="args"/>, writing to <paramref name="output"/> and <paramref name="error"/>.
    /// Returns <see cref="ExitCodes.Ok"/>, <see cref="ExitCodes.Failure"/>, <see cref="ExitCodes.Usage"/> or
    /// <see cref="ExitCodes.Interrupted"/>.
    /// </summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        ParseResult parse = BuildRoot().Parse(args);
        // A parse error (unknown verb or option, missing or malformed value) is a usage error: the message and the
        // help that follows it go to standard error, and the exit code is Usage whatever the error action returns.
        bool usageError = parse.Action is ParseErrorAction;
        var config = new InvocationConfiguration
        {
            Output = usageError ? error : output,
            Error = error,
            EnableDefaultExceptionHandler = false,
        };
        try
        {
            int code = parse.Invoke(config);
            return usageError ? ExitCodes.Usage : code;
        }
        catch (CliException ex)
        {
            error.WriteLine($"nabla: {ex.Message}");
            return ex.ExitCode;
        }
        catch (Config.ConfigException ex)
        {
            error.WriteLine($"nabla: invalid config: {ex.Message}");
            return ExitCodes.Usage;
        }
        catch (OperationCanceledException)
        {
            error.WriteLine("nabla: cancelled.");
            return ExitCodes.Failure;
        }
        catch (Exception ex)
        {
            error.WriteLine($"nabla: unexpected error: {ex}");
            return ExitCodes.Failure;
        }
    }

    private sealed class LibraryVersionAction : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            parseResult.InvocationConfiguration.Output.WriteLine(LibraryInfo.Version);
            return ExitCodes.Ok;
        }
    }
}
