using System.CommandLine;
using System.Globalization;
using Nabla.Cli.Running;

namespace Nabla.Cli.Commands;

/// <summary>
/// <c>nabla export MODEL --onnx out.onnx [--opset 21]</c>: writes a model saved by <c>nabla train</c> (a run directory
/// or a .safetensors file, whose metadata carries the architecture and the input shape) as an ONNX model with a
/// dynamic batch dimension. The graph takes the model's input as training fed it, that is after the input
/// normalization, whose means and standard deviations are printed.
/// </summary>
public static class ExportCommand
{
    /// <summary>Builds the <c>export</c> verb.</summary>
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "A run directory (its best.safetensors) or a .safetensors model written by nabla train." };
        var onnx = new Option<string>("--onnx") { Description = "The .onnx file to write.", Required = true };
        var opset = new Option<int>("--opset") { Description = "ONNX operator set, 13 to 22.", DefaultValueFactory = _ => 21 };
        var command = new Command("export", "Export a trained model to ONNX (input \"input\" with a dynamic batch dimension, output \"output\").")
        {
            model, onnx, opset,
        };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            string path = parse.GetValue(onnx)!;
            var file = Run(parse.GetValue(model)!, path, parse.GetValue(opset));
            output.WriteLine($"wrote {path} ({new FileInfo(path).Length:N0} bytes): input [batch, {string.Join(", ", file.InputShape)}], opset {parse.GetValue(opset)}");
            if (file.Mean is not null)
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"normalize inputs first: mean [{string.Join(", ", file.Mean)}], std [{string.Join(", ", file.Std!)}] per channel"));
            if (file.ClassNames.Count > 0)
                output.WriteLine($"outputs are the logits of: {string.Join(", ", file.ClassNames)}");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Loads <paramref name="model"/> and writes it to <paramref name="onnxPath"/>; returns the loaded file.</summary>
    /// <exception cref="CliException">The model cannot be read, the opset is out of range (exit 2), or a layer has no ONNX form (exit 1).</exception>
    public static ModelFile Run(string model, string onnxPath, int opset)
    {
        var file = ModelFile.Load(ModelSource.Resolve(model).ModelPath);
        string? folder = Path.GetDirectoryName(Path.GetFullPath(onnxPath));
        if (folder is not null)
            Directory.CreateDirectory(folder);
        try
        {
            file.Model.ExportOnnx(onnxPath, [1, .. file.InputShape], opset);
        }
        catch (NotSupportedException ex)
        {
            throw new CliException($"export: {ex.Message}", ExitCodes.Failure, ex);
        }
        catch (ArgumentOutOfRangeException ex) when (ex.ParamName == "opset")
        {
            throw new CliException($"export --opset {opset}: {ex.Message}", ExitCodes.Usage, ex);
        }
        return file;
    }
}
