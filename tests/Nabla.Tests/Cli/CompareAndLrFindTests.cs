using Nabla.Cli.Commands;
using Nabla.Cli.Config;
using Nabla.Cli.Plots;
using Nabla.Cli.Running;
using static Nabla.Tests.Cli.CliTestSupport;

namespace Nabla.Tests.Cli;

public class CompareAndLrFindTests
{
    [Fact]
    public void CompareTrainsEachVariantFromTheSameSeedAndDrawsOneChart()
    {
        string root = TempDirectory();
        var (code, output, error) = Run(["compare", "--vary", "optimizer=sgd,adam", "-o", root, "-q", .. TinySettings()]);
        Assert.True(code == 0, error);
        Assert.Contains("optimizer=sgd", output);
        Assert.Contains("optimizer=adam", output);
        string dir = Directory.GetDirectories(root).Single();
        AssertPng(Path.Combine(dir, "compare.png"), 1100, 560);
        var csv = File.ReadAllLines(Path.Combine(dir, "compare.csv"));
        Assert.Equal(3, csv.Length);
        Assert.True(File.Exists(Path.Combine(dir, "optimizer=sgd", "history.csv")));
        Assert.True(File.Exists(Path.Combine(dir, "optimizer=adam", "history.csv")));
        var sgd = ModelFile.Load(Path.Combine(dir, "optimizer=sgd", "last.safetensors"));
        var adam = ModelFile.Load(Path.Combine(dir, "optimizer=adam", "last.safetensors"));
        Assert.NotEqual(sgd.Model.StateDict()["1.weight"].ToArray(), adam.Model.StateDict()["1.weight"].ToArray());
        // Same seed: both started from the same weights.
        var first = ModelFactory.Build(ConfigLoader.Load(Path.Combine(dir, "optimizer=sgd", "config.resolved.json"), null), [1, 28, 28]);
        var second = ModelFactory.Build(ConfigLoader.Load(Path.Combine(dir, "optimizer=adam", "config.resolved.json"), null), [1, 28, 28]);
        Assert.Equal(first.StateDict()["1.weight"].ToArray(), second.StateDict()["1.weight"].ToArray());
    }

    [Fact]
    public void LrFindSweepsRestoresTheWeightsAndSuggestsARateInTheSweep()
    {
        var config = ConfigLoader.Load(null, TinySettings().Where((_, i) => i % 2 == 1));
        string dir = TempDirectory();
        var result = LrFindCommand.Run(config, 1e-5, 10, 30, dir);
        Assert.True(result.WeightsRestored);
        Assert.InRange(result.Finder.LearningRates.Count, 3, 30);
        Assert.Equal(1e-5, result.Finder.LearningRates[0], 12);
        Assert.InRange(result.Steepest, 1e-5, 10);
        Assert.InRange(result.MinOver10, 1e-6, 1);
        AssertPng(Path.Combine(dir, "lr_find.png"), Charts.Width, Charts.Height);
        Assert.Equal(result.Finder.LearningRates.Count + 1, File.ReadAllLines(Path.Combine(dir, "lr_find.csv")).Length);
    }

    [Fact]
    public void LrFindCommandPrintsTheSuggestion()
    {
        string root = TempDirectory();
        var (code, output, error) = Run(["lr-find", "-o", root, "--steps", "12", "--start", "1e-4", "--end", "1", .. TinySettings()]);
        Assert.True(code == 0, error);
        Assert.Contains("suggested lr:", output);
    }

    [Fact]
    public void SmoothedLossUsesBiasCorrectionAndTheSuggestionIsTheSteepestDescent()
    {
        var finder = new LrFinder(1e-4, 1, 9, beta: 0.5);
        // A curve that is flat, falls fastest around step 4, bottoms out, then rises.
        double[] losses = [2, 2, 2, 1.9, 1.2, 0.9, 0.85, 0.9, 1.0];
        var model = new Nabla.Nn.Linear(1, 1);
        var trainer = new Nabla.Training.Trainer(model, new Nabla.Optim.Sgd(model.Parameters(), 0.1), new Nabla.Losses.MseLoss());
        typeof(Nabla.Training.Callbacks.Callback).GetProperty("Trainer")!.SetValue(finder, trainer);
        for (int i = 0; i < losses.Length; i++)
            finder.OnBatchEnd(i, new Nabla.Training.Logs { ["batch_loss"] = losses[i] });
        Assert.Equal(2.0, finder.SmoothedLosses[0], 12);
        Assert.Equal((0.5 * 0.5 * 2 + 0.5 * 2) / (1 - 0.25), finder.SmoothedLosses[1], 12);
        var (steepest, _) = finder.Suggest();
        int index = finder.LearningRates.IndexOf(steepest);
        Assert.InRange(index, 3, 5);
    }

    [Fact]
    public void AugmentPreviewDrawsOneRowPerSample()
    {
        string path = Path.Combine(TempDirectory(), "aug.png");
        var (code, _, error) = Run(["augment-preview", "-o", path, "-n", "3", "-c", "4", .. TinySettings(),
                                    "--set", "data.augmentation=[\"random_horizontal_flip\",{\"name\":\"random_crop\",\"padding\":2}]"]);
        Assert.True(code == 0, error);
        var (w, h) = ImageGrid.Size(15, 5);
        AssertPng(path, w, h);
    }
}
