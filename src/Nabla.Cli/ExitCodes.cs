namespace Nabla.Cli;

/// <summary>Process exit codes of the <c>nabla</c> command.</summary>
public static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Ok = 0;

    /// <summary>The command was well-formed but failed (bad input file, training diverged, I/O error ...).</summary>
    public const int Failure = 1;

    /// <summary>The command line or the config was wrong: unknown verb or option, missing or malformed argument, invalid config value.</summary>
    public const int Usage = 2;

    /// <summary>Interrupted by Ctrl+C (128 + SIGINT); <c>nabla train</c> saved a checkpoint first.</summary>
    public const int Interrupted = 130;
}
