using System.CommandLine;
using Nabla.Cli.Config;
using Nabla.Cli.Running;

namespace Nabla.Cli.Commands;

/// <summary><c>nabla summary config.json|MODEL</c>: the layer table (output shapes, parameter counts) of a config's or a saved model's network.</summary>
public static class SummaryCommand
{
    /// <summary>Builds the <c>summary</c> verb.</summary>
    public static Command Create()
    {
        var source = new Argument<string?>("source")
        {
            Description = "A config (.json), a run directory or a .safetensors model; none: the demo config.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var set = CommonOptions.Set();
        var command = new Command("summary", "Print a model's layers with output shapes and parameter counts.") { source, set };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            string? arg = parse.GetValue(source);
            if (arg is null || (File.Exists(arg) && arg.EndsWith(".json", StringComparison.OrdinalIgnoreCase)))
            {
                var config = ConfigLoader.Load(arg, parse.GetValue(set));
                var text = config.Data.Dataset == "text" ? LoadedData.Load(config.Data, config.Seed) : null;
                int[] shape = text?.InputShape ?? InputShape(config);
                var model = ModelFactory.Build(config, shape, text?.Text?.Vocabulary.Count);
                output.WriteLine($"input: [{string.Join(", ", shape)}] ({config.Data.Dataset})");
                output.WriteLine(model.Summary([1, .. shape]));
            }
            else
            {
                var file = ModelFile.Load(ModelSource.Resolve(arg).ModelPath);
                output.WriteLine($"input: [{string.Join(", ", file.InputShape)}]; {file.ClassNames.Count} classes; trained {file.Epoch} epoch(s)");
                output.WriteLine(file.Model.Summary([1, .. file.InputShape]));
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The input shape of one sample of the config's data (loads the data only for CSV).</summary>
    public static int[] InputShape(RunConfig config) => config.Data.Dataset switch
    {
        "fashion-mnist" => [1, 28, 28],
        "image-folder" => [config.Data.Color == "rgb" ? 3 : 1, config.Data.Size[0], config.Data.Size[1]],
        _ => LoadedData.Load(config.Data, config.Seed).InputShape,
    };
}
