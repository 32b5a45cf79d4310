using Nabla.Cli;

namespace Nabla.Tests.Cli;

public class NablaCliTests
{
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = NablaCli.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void VersionPrintsTheLibraryVersion()
    {
        var (code, output, _) = Run("--version");
        Assert.Equal(0, code);
        string expected = typeof(Tensor).Assembly.GetName().Version!.ToString(3);
        Assert.StartsWith(expected, output.Trim());
    }

    [Fact]
    public void InfoNamesSimdPathCoresAndThreads()
    {
        var (code, output, _) = Run("info");
        Assert.Equal(0, code);
        Assert.Contains(Nabla.Kernels.Simd.Path.ToString(), output);
        Assert.Contains(Environment.ProcessorCount.ToString(), output);
        Assert.Contains("Threads", output);
    }

    [Fact]
    public void UnknownVerbIsAUsageError()
    {
        var (code, output, error) = Run("no-such-verb");
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains("no-such-verb", error);
    }
}
