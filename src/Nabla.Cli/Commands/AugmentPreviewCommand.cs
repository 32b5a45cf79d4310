using System.CommandLine;
using Nabla.Cli.Config;
using Nabla.Cli.Plots;
using Nabla.Cli.Running;

namespace Nabla.Cli.Commands;

/// <summary>
/// <c>nabla augment-preview config.json</c>: a PNG grid with one row per training sample: the original, then
/// augmented copies drawn with the config's augmentation (seeded).
/// </summary>
public static class AugmentPreviewCommand
{
    /// <summary>Builds the <c>augment-preview</c> verb.</summary>
    public static Command Create()
    {
        var config = CommonOptions.ConfigArgument();
        var set = CommonOptions.Set();
        var output = new Option<string>("--output", "-o") { Description = "PNG file to write.", DefaultValueFactory = _ => "augment_preview.png" };
        var samples = new Option<int>("--samples", "-n") { Description = "Training samples (rows) to show.", DefaultValueFactory = _ => 6 };
        var copies = new Option<int>("--copies", "-c") { Description = "Augmented copies per sample (columns after the original).", DefaultValueFactory = _ => 7 };
        var command = new Command("augment-preview", "Draw a grid of training samples next to augmented copies of them.")
        {
            config, set, output, samples, copies,
        };
        command.SetAction(parse =>
        {
            var run = ConfigLoader.Load(parse.GetValue(config), parse.GetValue(set));
            int n = parse.GetValue(samples), k = parse.GetValue(copies);
            if (n < 1 || k < 1)
                throw new CliException($"augment-preview: --samples and --copies must be ≥ 1, got {n} and {k}", ExitCodes.Usage);
            string path = parse.GetValue(output)!;
            Write(run, n, k, path);
            parse.InvocationConfiguration.Output.WriteLine($"wrote {path} ({n} samples × {k} augmented copies{(run.Data.Augmentation.Count == 0 ? "; the config has no augmentation, so the copies equal the originals" : "")})");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Writes the grid for <paramref name="config"/> to <paramref name="path"/>.</summary>
    public static void Write(RunConfig config, int samples, int copies, string path)
    {
        if (!config.Data.IsImage)
            throw new CliException("augment-preview: the config's data are CSV rows; augmentation previews need images", ExitCodes.Usage);
        var data = LoadedData.Load(config.Data, config.Seed);
        var shape = data.InputShape;
        int size = shape[0] * shape[1] * shape[2];
        var target = new float[1];
        var rng = new Generator(config.Seed);
        var tiles = new List<ImageGrid.Tile>();
        for (int i = 0; i < Math.Min(samples, data.Train.Count); i++)
        {
            var original = new float[size];
            data.Train.CopySample(i, original, target);
            string label = data.ClassNames.Count > (int)target[0] ? data.ClassNames[(int)target[0]] : $"sample {i}";
            tiles.Add(new ImageGrid.Tile(original, shape[0], shape[1], shape[2], $"{label}\noriginal"));
            for (int c = 0; c < copies; c++)
            {
                var copy = (float[])original.Clone();
                foreach (var aug in config.Data.Augmentation)
                    aug.Apply(copy, shape, rng);
                tiles.Add(new ImageGrid.Tile(copy, shape[0], shape[1], shape[2], $"{label}\ncopy {c + 1}"));
            }
        }
        ImageGrid.Save(tiles, copies + 1, $"Augmentation preview: {Describe(config)}", path);
    }

    private static string Describe(RunConfig config)
    {
        if (config.Resolved["data"]?["augmentation"] is not System.Text.Json.Nodes.JsonArray list || list.Count == 0)
            return "none";
        return string.Join(", ", list.Select(a => a?["name"]?.ToString() ?? "?"));
    }
}
