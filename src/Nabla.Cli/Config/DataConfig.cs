using Nabla.Data.Augment;

namespace Nabla.Cli.Config;

/// <summary>The <c>data</c> section: which dataset, how much of it, the validation split, normalization and augmentation.</summary>
/// <param name="Dataset">fashion-mnist, csv, image-folder or text.</param>
/// <param name="Path">Directory (fashion-mnist, image-folder) or file (csv, text); null finds Fashion-MNIST itself.</param>
/// <param name="TestPath">Test CSV file, image folder or TSV file (csv, image-folder, text), or null.</param>
/// <param name="Target">Target column of a CSV file (null: the last column).</param>
/// <param name="Size">Image-folder images are resized to [height, width].</param>
/// <param name="Color">Image-folder color mode: grayscale or rgb.</param>
/// <param name="MaxTrainSamples">Keep only the first N training samples, before the validation split (null: all).</param>
/// <param name="MaxTestSamples">Keep only the first N test samples (null: all).</param>
/// <param name="ValidationSplit">Fraction of the training samples held out for validation (the last ones, as Keras; stratified when <paramref name="Stratified"/>).</param>
/// <param name="Stratified">Make the held-out samples a seeded stratified random split.</param>
/// <param name="UseTest">Evaluate on the test split at the end of training (when the dataset has one).</param>
/// <param name="Normalization">"none", "auto" (per-channel mean and std of the training data) or explicit mean and std.</param>
/// <param name="Mean">Explicit per-channel means when normalization is an object.</param>
/// <param name="Std">Explicit per-channel standard deviations when normalization is an object.</param>
/// <param name="Augmentation">Training-time augmentations, applied in order before normalization.</param>
/// <param name="MaxLength">Text: every sentence is padded or truncated to this many tokens.</param>
/// <param name="MinFrequency">Text: words seen fewer times in the training file are left out of the vocabulary.</param>
public sealed record DataConfig(
    string Dataset, string? Path, string? TestPath, string? Target, int[] Size, string Color,
    int? MaxTrainSamples, int? MaxTestSamples, double ValidationSplit, bool Stratified, bool UseTest,
    string Normalization, float[]? Mean, float[]? Std, IReadOnlyList<IAugmentation> Augmentation,
    int MaxLength = 32, int MinFrequency = 1)
{
    /// <summary>The dataset kinds a config can use.</summary>
    public static readonly string[] Datasets = ["fashion-mnist", "csv", "image-folder", "text"];

    /// <summary>Whether the samples are images [C, H, W].</summary>
    public bool IsImage => Dataset is "fashion-mnist" or "image-folder";

    /// <summary>Reads and validates the section.</summary>
    public static DataConfig Read(ConfigSection s)
    {
        string dataset = s.Choice("dataset", "fashion-mnist", Datasets);
        string? path = s.String("path", null);
        if (dataset != "fashion-mnist" && path is null)
            throw new ConfigException($"{s.PathOf("path")}: null is not valid; dataset \"{dataset}\" needs a path ({dataset switch { "csv" => "a CSV file", "text" => "a TSV file of label<TAB>text lines", _ => "a folder with one sub-folder of images per class" }})");
        string? testPath = dataset == "fashion-mnist" ? null : s.String("test_path", null);
        string? target = dataset == "csv" ? s.String("target", null) : null;
        int[] size = [28, 28];
        string color = "grayscale";
        if (dataset == "image-folder")
        {
            var sz = s.Numbers("size", [32, 32])!;
            if (sz.Length is not (1 or 2) || sz.Any(v => v < 1 || v > 4096 || v != Math.Floor(v)))
                throw s.Bad("size", "[height, width] (or one number), integers in [1, 4096]");
            size = sz.Length == 1 ? [(int)sz[0], (int)sz[0]] : [(int)sz[0], (int)sz[1]];
            color = s.Choice("color", "rgb", ["grayscale", "rgb"]);
        }
        int maxLength = 32, minFrequency = 1;
        if (dataset == "text")
        {
            maxLength = s.Int("max_length", 32, 1, 100_000);
            minFrequency = s.Int("min_frequency", 1, 1);
        }
        int? maxTrain = s.OptionalInt("max_train_samples", 1);
        int? maxTest = s.OptionalInt("max_test_samples", 1);
        double split = s.Number("validation_split", 0.1, 0, 0.9);
        bool stratified = s.Bool("stratified", false);
        bool useTest = s.Bool("use_test", true);
        string normalization = "none";
        float[]? mean = null, std = null;
        var norm = s.Raw("normalization");
        if (norm is System.Text.Json.Nodes.JsonObject)
        {
            var ns = s.Section("normalization", create: false)!;
            mean = ns.Numbers("mean", null)?.Select(v => (float)v).ToArray() ?? throw ns.Bad("mean", "a list of per-channel means");
            std = ns.Numbers("std", null)?.Select(v => (float)v).ToArray() ?? throw ns.Bad("std", "a list of per-channel standard deviations");
            if (mean.Length != std.Length || std.Any(v => !(v > 0)))
                throw ns.Bad("std", $"{mean.Length} positive numbers, one per mean");
            ns.Finish();
            normalization = "explicit";
        }
        else
            normalization = s.Choice("normalization", IsImageKind(dataset) ? "auto" : "none", IsImageKind(dataset) ? ["none", "auto"] : ["none"]);
        var augmentation = new List<IAugmentation>();
        var augNode = s.Raw("augmentation");
        if (augNode is null)
            s.Node["augmentation"] = new System.Text.Json.Nodes.JsonArray();
        else if (augNode is System.Text.Json.Nodes.JsonArray list)
        {
            if (!IsImageKind(dataset) && list.Count > 0)
                throw new ConfigException($"{s.PathOf("augmentation")}: {ConfigSection.Show(list)} is not valid; augmentation applies to images, not {(dataset == "csv" ? "CSV rows" : "text")} (use [])");
            for (int i = 0; i < list.Count; i++)
            {
                if (list[i] is System.Text.Json.Nodes.JsonValue v && v.TryGetValue(out string? name))
                    list[i] = new System.Text.Json.Nodes.JsonObject { ["name"] = name };
                if (list[i] is not System.Text.Json.Nodes.JsonObject obj)
                    throw new ConfigException($"{s.PathOf("augmentation")}[{i}]: {ConfigSection.Show(list[i])} is not valid; expected a name or an object with a \"name\"; allowed names: {string.Join(", ", AugmentationConfig.Names)}");
                augmentation.Add(AugmentationConfig.Read(new ConfigSection(obj, $"{s.PathOf("augmentation")}[{i}]")));
            }
        }
        else
            throw s.Bad("augmentation", "a list of augmentations");
        s.Finish();
        return new DataConfig(dataset, path, testPath, target, size, color, maxTrain, maxTest, split, stratified, useTest,
                              normalization, mean, std, augmentation, maxLength, minFrequency);
    }

    private static bool IsImageKind(string dataset) => dataset is "fashion-mnist" or "image-folder";
}
