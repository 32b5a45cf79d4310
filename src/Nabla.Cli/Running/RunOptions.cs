namespace Nabla.Cli.Running;

/// <summary>How <see cref="TrainRunner"/> runs: where it writes, how much it prints, and its cancellation.</summary>
public sealed record RunOptions
{
    /// <summary>Folder under which the run directory is created (default <c>runs</c>).</summary>
    public string OutputRoot { get; init; } = "runs";

    /// <summary>Where progress and results are written.</summary>
    public TextWriter Output { get; init; } = TextWriter.Null;

    /// <summary>Whether <see cref="Output"/> is the interactive console (then the live progress bar is used).</summary>
    public bool Console { get; init; }

    /// <summary>0 silent, 1 progress bar (plain lines off a terminal), 2 one line per epoch.</summary>
    public int Verbose { get; init; } = 1;

    /// <summary>Cancelled by Ctrl+C: training stops after the batch, saves a checkpoint and the run ends with 130.</summary>
    public CancellationToken Cancellation { get; init; }

    /// <summary>Draw the plots and the HTML report.</summary>
    public bool Plots { get; init; } = true;

    /// <summary>Name of the run directory (overrides the config's name and the timestamp).</summary>
    public string? RunName { get; init; }
}
