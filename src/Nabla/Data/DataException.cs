namespace Nabla.Data;

/// <summary>
/// Bad or missing input data: a file that is absent, truncated or corrupt, a header that does not match what was
/// expected, or a sample that failed while a loader prepared it. The message names the file (or the sample), the
/// position and what was expected.
/// </summary>
public sealed class DataException : Exception
{
    /// <summary>Creates the exception with its message.</summary>
    public DataException(string message) : base(message) { }

    /// <summary>Creates the exception with its message and the error that caused it.</summary>
    public DataException(string message, Exception inner) : base(message, inner) { }
}
