namespace Nabla.Cli;

/// <summary>Entry point of the <c>nabla</c> command; see <see cref="NablaCli"/>.</summary>
public static class Program
{
    /// <summary>Runs <c>nabla</c> with the process's arguments and standard streams.</summary>
    public static int Main(string[] args) => NablaCli.Run(args, Console.Out, Console.Error);
}
