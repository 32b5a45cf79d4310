using System.Text;
using static Nabla.Tests.Cli.CliTestSupport;

namespace Nabla.Tests.Cli;

public class ExportCommandTests
{
    private static string TrainTinyRun()
    {
        string root = TempDirectory();
        var (code, _, error) = Run(["train", "-o", root, "--name", "tiny", "--no-plots", "-q", .. TinySettings()]);
        Assert.True(code == 0, error);
        return Path.Combine(root, "tiny");
    }

    [Fact]
    public void ExportWritesAnOnnxModelOfTheTrainedNetwork()
    {
        string run = TrainTinyRun();
        string onnx = Path.Combine(run, "export", "model.onnx");
        var (code, output, error) = Run(["export", run, "--onnx", onnx, "--opset", "17"]);
        Assert.True(code == 0, error);
        Assert.Contains("input [batch, 1, 28, 28], opset 17", output);
        Assert.Contains("normalize inputs first: mean [", output);
        byte[] bytes = File.ReadAllBytes(onnx);
        // The two Linear layers' float32 weights (784·32 + 32 + 32·10 + 10) dominate the file.
        Assert.True(bytes.Length > 4 * (784 * 32 + 32 * 10), $"{bytes.Length} bytes");
        string text = Encoding.Latin1.GetString(bytes);
        Assert.Contains("input", text);
        Assert.Contains("output", text);
        Assert.Contains("Gemm", text);
    }

    [Fact]
    public void ExportRejectsAnUnsupportedOpsetAndAMissingModel()
    {
        string run = TrainTinyRun();
        var (code, _, error) = Run(["export", run, "--onnx", Path.Combine(run, "m.onnx"), "--opset", "9"]);
        Assert.Equal(2, code);
        Assert.Contains("opset 9", error);
        (code, _, error) = Run(["export", Path.Combine(run, "nothing.safetensors"), "--onnx", Path.Combine(run, "m.onnx")]);
        Assert.Equal(2, code);
        Assert.Contains("nothing.safetensors", error);
    }

    [Fact]
    public void HelpListsTheOptions()
    {
        var (code, output, _) = Run(["export", "--help"]);
        Assert.Equal(0, code);
        Assert.Contains("--onnx", output);
        Assert.Contains("--opset", output);
    }
}
