using Nabla.Cli;
using Nabla.Data.Idx;

namespace Nabla.Tests.Cli;

/// <summary>Helpers of the CLI tests: run <c>nabla</c> in-process, tiny settings on the shipped sample, PNG checks.</summary>
internal static class CliTestSupport
{
    /// <summary>A two-layer MLP, small enough that an epoch on a few hundred images takes milliseconds.</summary>
    public const string TinyModel = """[{"type":"Flatten"},{"type":"Linear","out_features":32},{"type":"ReLU"},{"type":"Linear","out_features":10}]""";

    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = NablaCli.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>The shipped Fashion-MNIST sample (tests use it rather than a full set that may be installed).</summary>
    public static string SampleDirectory => FashionMnist.SampleDirectory ?? throw new InvalidOperationException("the shipped Fashion-MNIST sample was not found");

    /// <summary>--set arguments that shrink the demo to a tiny run on the shipped sample.</summary>
    public static string[] TinySettings(int epochs = 1) =>
    [
        "--set", $"data.path={SampleDirectory}",
        "--set", "data.max_train_samples=240",
        "--set", "data.max_test_samples=120",
        "--set", $"model={TinyModel}",
        "--set", $"epochs={epochs}",
        "--set", "batch_size=60",
    ];

    public static string TempDirectory()
    {
        string dir = Path.Combine(Path.GetTempPath(), "nabla-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>Asserts that <paramref name="path"/> is a PNG of the given pixel size and returns its byte length.</summary>
    public static long AssertPng(string path, int width, int height)
    {
        Assert.True(File.Exists(path), $"{path} is missing");
        byte[] bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 1000, $"{path} has only {bytes.Length} bytes");
        byte[] signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        Assert.Equal(signature, bytes[..8]);
        Assert.Equal("IHDR"u8.ToArray(), bytes[12..16]);
        int w = (bytes[16] << 24) | (bytes[17] << 16) | (bytes[18] << 8) | bytes[19];
        int h = (bytes[20] << 24) | (bytes[21] << 16) | (bytes[22] << 8) | bytes[23];
        Assert.Equal((width, height), (w, h));
        return bytes.Length;
    }
}
