namespace Nabla.Cli;

/// <summary>
/// An error meant for the person at the terminal: <c>nabla</c> prints only its message (no stack trace) and exits
/// with <see cref="ExitCode"/>. Throw it from a verb when input is wrong in a way the user can fix.
/// </summary>
public sealed class CliException : Exception
{
    /// <summary>Creates an error with a message that names the problem and the fix.</summary>
    public CliException(string message, int exitCode = ExitCodes.Failure, Exception? inner = null)
        : base(message, inner) => ExitCode = exitCode;

    /// <summary>The process exit code, <see cref="ExitCodes.Failure"/> unless told otherwise.</summary>
    public int ExitCode { get; }
}
