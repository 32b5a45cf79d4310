using System.CommandLine;
using System.Globalization;
using Nabla.Cli.Config;
using Nabla.Cli.Running;
using Nabla.Data.Csv;
using Nabla.Data.Images;
using Nabla.Training;

namespace Nabla.Cli.Commands;

/// <summary>
/// <c>nabla predict MODEL inputs...</c>: classifies image files (PNG, JPEG, BMP; resized to the model's input),
/// the rows of CSV files (preprocessed as in training, which needs the run's config) or, with a text model, the
/// sentences given with <c>--text</c> and the lines of text files, and prints the top classes.
/// </summary>
public static class PredictCommand
{
    private static readonly string[] ImageExtensions = [".png", ".jpg", ".jpeg", ".bmp"];

    /// <summary>Builds the <c>predict</c> verb.</summary>
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "A run directory written by nabla train, or a .safetensors model file." };
        var inputs = new Argument<string[]>("inputs")
        {
            Description = "Image files (.png, .jpg, .bmp), CSV files (one prediction per row) or, for a text model, text files (one prediction per non-blank line).",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var top = new Option<int>("--top", "-k") { Description = "How many classes to show per input.", DefaultValueFactory = _ => 3 };
        var text = new Option<string[]>("--text", "-t") { Description = "A sentence to classify with a text model (repeatable)." };
        var command = new Command("predict", "Predict the class of image files, CSV rows or sentences with a trained model.") { model, inputs, top, text };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var (modelPath, runConfig) = ModelSource.Resolve(parse.GetValue(model)!);
            var file = ModelFile.Load(modelPath);
            int k = Math.Max(1, parse.GetValue(top));
            string[] sentences = parse.GetValue(text) ?? [];
            string[] files = parse.GetValue(inputs) ?? [];
            if (sentences.Length == 0 && files.Length == 0)
                throw new CliException("predict: give input files or --text \"a sentence\"", ExitCodes.Usage);
            if (sentences.Length > 0)
            {
                var encoder = file.Text ?? throw new CliException("--text: this model was not trained on text (data.dataset \"text\"); give image or CSV files", ExitCodes.Usage);
                var logits = Predict(file, TextTensor(encoder, sentences));
                PrintRows(output, sentences.Select(s => $"\"{s}\"").ToArray(), logits, file, k);
            }
            foreach (string input in files)
            {
                string ext = Path.GetExtension(input).ToLowerInvariant();
                if (!File.Exists(input))
                    throw new CliException($"{input}: no such file", ExitCodes.Usage);
                if (file.Text is not null)
                {
                    var lines = File.ReadLines(input).Select((line, i) => (line, i)).Where(p => !string.IsNullOrWhiteSpace(p.line)).ToList();
                    if (lines.Count > 0)
                        PrintRows(output, lines.Select(p => $"{input} line {p.i + 1}").ToArray(),
                                  Predict(file, TextTensor(file.Text, lines.Select(p => p.line).ToArray())), file, k);
                }
                else if (ImageExtensions.Contains(ext))
                    PrintRows(output, input, Predict(file, ImageTensor(file, input)), file, k, single: true);
                else if (ext is ".csv" or ".tsv")
                    PrintRows(output, input, Predict(file, CsvTensor(file, runConfig, input)), file, k, single: false);
                else
                    throw new CliException($"{input}: unsupported input type '{ext}'; give images (.png, .jpg, .bmp) or CSV rows (.csv, .tsv). " +
                                           "Text lines need a model trained with data.dataset \"text\".", ExitCodes.Usage);
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static float[] Predict(ModelFile file, Tensor inputs)
    {
        var trainer = new Trainer(file.Model, new Nabla.Optim.Sgd(file.Model.Parameters(), 0), new Nabla.Losses.MseLoss());
        return trainer.Predict(inputs).ToArray();
    }

    private static Tensor ImageTensor(ModelFile file, string path)
    {
        var shape = file.InputShape;
        if (shape.Length != 3 || shape[0] is not (1 or 3))
            throw new CliException($"{path}: the model takes inputs [{string.Join(", ", shape)}], not images [1 or 3, H, W]", ExitCodes.Usage);
        var mode = shape[0] == 3 ? ColorMode.Rgb : ColorMode.Grayscale;
        byte[] pixels;
        int h, w;
        try
        {
            pixels = ImageDecoder.Decode(path, mode, out h, out w);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or ArgumentException or InvalidOperationException)
        {
            throw new CliException($"{path}: cannot decode the image: {ex.Message}", ExitCodes.Failure, ex);
        }
        var data = new float[shape[0] * shape[1] * shape[2]];
        BilinearResize.ToPlanar(pixels, h, w, shape[0], data, shape[1], shape[2]);
        if (file.Mean is not null)
        {
            int plane = shape[1] * shape[2];
            for (int c = 0; c < shape[0]; c++)
                for (int p = 0; p < plane; p++)
                    data[c * plane + p] = (data[c * plane + p] - file.Mean[c]) / file.Std![c];
        }
        return Tensor.FromArray(data, [1, .. shape]);
    }

    private static Tensor TextTensor(TextInput encoder, string[] sentences)
    {
        int length = encoder.MaxLength;
        var data = new float[sentences.Length * length];
        for (int i = 0; i < sentences.Length; i++)
            encoder.Encode(sentences[i]).CopyTo(data, i * length);
        return Tensor.FromArray(data, sentences.Length, length);
    }

    private static Tensor CsvTensor(ModelFile file, string? runConfig, string path)
    {
        if (runConfig is null)
            throw new CliException($"{path}: CSV rows are preprocessed as in training, which needs the run's config.resolved.json beside the model", ExitCodes.Usage);
        var config = ConfigLoader.Load(runConfig, null);
        if (config.Data.Dataset != "csv")
            throw new CliException($"{path}: this model was trained on {config.Data.Dataset} data, not CSV rows", ExitCodes.Usage);
        var loaded = LoadedData.Load(config.Data, config.Seed);
        var table = CsvReader.Read(path, new CsvOptions { TargetColumn = config.Data.Target, TargetIndex = config.Data.Target is null ? -1 : null });
        var rows = loaded.Preprocessor!.Transform(table);
        int features = rows.InputShape[0];
        var data = new float[rows.Count * features];
        var target = new float[1];
        for (int i = 0; i < rows.Count; i++)
            rows.CopySample(i, data.AsSpan(i * features, features), target);
        return Tensor.FromArray(data, rows.Count, features);
    }

    private static void PrintRows(TextWriter output, string input, float[] logits, ModelFile file, int k, bool single)
    {
        int n = logits.Length / Math.Max(1, file.ClassNames.Count);
        var names = single ? Enumerable.Repeat(input, n).ToArray() : Enumerable.Range(1, n).Select(i => $"{input} row {i}").ToArray();
        PrintRows(output, names, logits, file, k);
    }

    private static void PrintRows(TextWriter output, string[] names, float[] logits, ModelFile file, int k)
    {
        int classes = Math.Max(1, file.ClassNames.Count);
        int n = logits.Length / classes;
        if (file.ClassNames.Count == 0)
        {
            for (int i = 0; i < logits.Length; i++)
                output.WriteLine($"{names[i]}: {logits[i].ToString("0.#####", CultureInfo.InvariantCulture)}");
            return;
        }
        var p = Predictions.Softmax(logits, n, classes);
        for (int i = 0; i < n; i++)
        {
            var best = Enumerable.Range(0, classes).OrderByDescending(c => p[i * classes + c]).Take(k)
                .Select(c => $"{file.ClassNames[c]} {(p[i * classes + c] * 100).ToString("0.0", CultureInfo.InvariantCulture)}%");
            output.WriteLine($"{names[i]}: {string.Join(", ", best)}");
        }
    }
}
