using System.CommandLine;
using Nabla.Cli.Config;
using Nabla.Cli.Running;

namespace Nabla.Cli.Commands;

/// <summary>
/// <c>nabla train [config.json] [--set k=v ...] [--output runs/]</c>: trains from a config (or the demo) and writes
/// a run directory. Ctrl+C stops after the current batch, saves <c>last.safetensors</c> and exits with 130.
/// </summary>
public static class TrainCommand
{
    /// <summary>Builds the <c>train</c> verb.</summary>
    public static Command Create()
    {
        var config = CommonOptions.ConfigArgument();
        var set = CommonOptions.Set();
        var output = CommonOptions.Output();
        var name = new Option<string?>("--name") { Description = "Run directory name (default: the config's name, else a UTC timestamp)." };
        var noPlots = new Option<bool>("--no-plots") { Description = "Skip the PNG plots and the HTML report." };
        var quiet = CommonOptions.Quiet();
        var command = new Command("train", "Train a model from a JSON config (or the built-in demo) and write a run directory: " +
                                           "resolved config, best/last checkpoints, history.csv, plots, summary.json and report.html.")
        {
            config, set, output, name, noPlots, quiet,
        };
        command.SetAction(parse =>
        {
            var writer = parse.InvocationConfiguration.Output;
            var run = ConfigLoader.Load(parse.GetValue(config), parse.GetValue(set));
            using var cancel = new CancellationTokenSource();
            ConsoleCancelEventHandler handler = (_, e) =>
            {
                // The first Ctrl+C asks training to stop and save; a second one ends the process at once.
                e.Cancel = !cancel.IsCancellationRequested;
                cancel.Cancel();
            };
            Console.CancelKeyPress += handler;
            try
            {
                var options = new RunOptions
                {
                    OutputRoot = parse.GetValue(output)!,
                    Output = writer,
                    Console = CommonOptions.IsConsole(writer),
                    Verbose = parse.GetValue(quiet) ? 0 : 1,
                    Cancellation = cancel.Token,
                    Plots = !parse.GetValue(noPlots),
                    RunName = parse.GetValue(name),
                };
                return Execute(run, options);
            }
            finally
            {
                Console.CancelKeyPress -= handler;
            }
        });
        return command;
    }

    /// <summary>Runs <paramref name="config"/>: exit 0, 130 when cancelled (after saving a checkpoint), 2 for a config that does not fit the data.</summary>
    public static int Execute(RunConfig config, RunOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        RunResult result;
        try
        {
            result = TrainRunner.Run(config, options);
        }
        catch (ConfigException ex)
        {
            throw new CliException($"invalid config: {ex.Message}", ExitCodes.Usage, ex);
        }
        return result.Interrupted ? ExitCodes.Interrupted : ExitCodes.Ok;
    }
}
