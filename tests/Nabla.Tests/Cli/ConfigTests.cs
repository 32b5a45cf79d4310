using System.Text.Json.Nodes;
using Nabla.Cli;
using Nabla.Cli.Config;
using static Nabla.Tests.Cli.CliTestSupport;

namespace Nabla.Tests.Cli;

public class ConfigTests
{
    private static ConfigException Invalid(string json) =>
        Assert.Throws<ConfigException>(() => RunConfig.Parse(RunConfig.ParseJson(json, "test")));

    private static string WithModel(string rest) => "{\"model\": " + TinyModel + (rest.Length > 0 ? ", " + rest : "") + "}";

    [Fact]
    public void TheDemoConfigResolvesWithDefaults()
    {
        var config = ConfigLoader.Load(null, null);
        Assert.Equal("fashion-mnist", config.Data.Dataset);
        Assert.Equal("adam", config.Optimizer.Name);
        Assert.Equal(0.001, config.Optimizer.Lr);
        Assert.Equal(["accuracy"], config.Metrics);
        Assert.Equal("val_loss", config.Callbacks.Checkpoint.Monitor);
        Assert.Equal(0.1, config.Resolved["data"]!["validation_split"]!.GetValue<double>());
        Assert.NotNull(config.Resolved["callbacks"]!["checkpoint"]);
    }

    [Fact]
    public void AnUnknownOptimizerNamesPathValueAndAllowedNames()
    {
        var ex = Invalid(WithModel("\"optimizer\": {\"name\": \"adamm\"}"));
        Assert.Contains("$.optimizer.name", ex.Message);
        Assert.Contains("\"adamm\"", ex.Message);
        Assert.Contains("allowed: sgd, momentum, nesterov, adagrad", ex.Message);
    }

    [Fact]
    public void AnUnknownKeyNamesTheAllowedKeys()
    {
        var ex = Invalid(WithModel("\"batchsize\": 32"));
        Assert.Contains("$.batchsize", ex.Message);
        Assert.Contains("32", ex.Message);
        Assert.Contains("batch_size", ex.Message);
    }

    [Fact]
    public void WrongTypesAndRangesAreRejected()
    {
        var type = Invalid(WithModel("\"epochs\": \"many\""));
        Assert.Contains("$.epochs", type.Message);
        Assert.Contains("\"many\"", type.Message);
        Assert.Contains("a number", type.Message);

        var range = Invalid(WithModel("\"data\": {\"validation_split\": 1.5}"));
        Assert.Contains("$.data.validation_split", range.Message);
        Assert.Contains("1.5", range.Message);
        Assert.Contains("[0, 0.9]", range.Message);

        var integer = Invalid(WithModel("\"batch_size\": 2.5"));
        Assert.Contains("$.batch_size", integer.Message);
        Assert.Contains("an integer", integer.Message);
    }

    [Fact]
    public void AugmentationLossMetricAndCallbackErrorsCarryTheirPath()
    {
        var aug = Invalid(WithModel("\"data\": {\"augmentation\": [\"random_horizontal_flip\", {\"name\": \"warp\"}]}"));
        Assert.Contains("$.data.augmentation[1].name", aug.Message);
        Assert.Contains("\"warp\"", aug.Message);
        Assert.Contains("random_crop", aug.Message);

        var augArg = Invalid(WithModel("\"data\": {\"augmentation\": [{\"name\": \"random_crop\", \"pad\": 2}]}"));
        Assert.Contains("$.data.augmentation[0].pad", augArg.Message);
        Assert.Contains("padding", augArg.Message);

        var loss = Invalid(WithModel("\"loss\": \"hinge\""));
        Assert.Contains("$.loss.name", loss.Message);
        Assert.Contains("cross_entropy", loss.Message);

        var metric = Invalid(WithModel("\"metrics\": [\"accuracy\", \"auc\"]"));
        Assert.Contains("$.metrics[1]", metric.Message);
        Assert.Contains("top_5_accuracy", metric.Message);

        var mode = Invalid(WithModel("\"callbacks\": {\"early_stopping\": {\"mode\": \"lowest\"}}"));
        Assert.Contains("$.callbacks.early_stopping.mode", mode.Message);
        Assert.Contains("auto, min, max", mode.Message);

        var schedule = Invalid(WithModel("\"schedule\": {\"name\": \"cosine\", \"gamma\": 0.5}"));
        Assert.Contains("$.schedule.gamma", schedule.Message);
    }

    [Fact]
    public void ConfigErrorsExitWith2AndPrintThePath()
    {
        var (code, output, error) = Run("train", "--set", "optimizer.name=adamm", "--set", "epochs=0");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Equal("", output);
        Assert.Contains("$.optimizer.name", error);
        Assert.Contains("\"adamm\"", error);
        Assert.Contains("allowed:", error);
    }

    [Fact]
    public void ModelSpecErrorsExitWith2AndPointIntoTheModel()
    {
        var (code, _, error) = Run(["train", .. TinySettings(), "--set", "model.layers[1].type=Dense"]);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("$.model.layers[1].type", error);
        Assert.Contains("Dense", error);
        Assert.Contains("Linear", error);
    }

    [Fact]
    public void ParsesJsonWithCommentsAndRejectsNonObjects()
    {
        var root = RunConfig.ParseJson("{ // a comment\n \"epochs\": 1, }", "x.json");
        Assert.Equal(1, root["epochs"]!.GetValue<int>());
        Assert.Throws<ConfigException>(() => RunConfig.ParseJson("[1, 2]", "x.json"));
        var bad = Assert.Throws<ConfigException>(() => RunConfig.ParseJson("{ \"epochs\": ", "x.json"));
        Assert.Contains("x.json", bad.Message);
    }

    [Fact]
    public void SchedulesAreTheLibrarySchedulersSteppedPerEpochOrPerBatch()
    {
        static List<double> Rates(string schedule, int epochs, int stepsPerEpoch, int steps)
        {
            var root = RunConfig.ParseJson(WithModel("\"optimizer\": {\"name\": \"momentum\", \"lr\": 1.0}, \"schedule\": " + schedule), "test");
            var config = RunConfig.Parse(root);
            var model = new Nabla.Nn.Linear(2, 2);
            var optimizer = config.Optimizer.Create(model.Parameters());
            var scheduler = config.Schedule!.Create(optimizer, 1.0, epochs, stepsPerEpoch)!;
            var rates = new List<double>();
            for (int i = 0; i < steps; i++)
            {
                rates.Add(optimizer.ParamGroups[0].Lr);
                scheduler.Step();
            }
            return rates;
        }

        Assert.Equal([1.0, 1.0, 0.5, 0.5, 0.25], Rates("{\"name\": \"step\", \"step_size\": 2, \"gamma\": 0.5}", 5, 10, 5));
        var cosine = Rates("{\"name\": \"cosine\", \"eta_min\": 0.1}", 4, 10, 5);
        Assert.Equal(1.0, cosine[0], 12);
        Assert.Equal(0.55, cosine[2], 12);
        Assert.Equal(0.1, cosine[4], 12);
        var warm = Rates("{\"name\": \"constant\", \"warmup_epochs\": 2, \"warmup_start_factor\": 0.5}", 5, 10, 3);
        Assert.Equal([0.5, 0.75, 1.0], warm.Select(r => Math.Round(r, 12)));
        // one_cycle runs over every optimizer step of the run: starts at max_lr/25, peaks at max_lr after 25%.
        var oneCycle = Rates("{\"name\": \"one_cycle\"}", 2, 10, 20);
        Assert.Equal(1.0 / 25, oneCycle[0], 9);
        Assert.Equal(1.0, oneCycle.Max(), 9);
        Assert.InRange(oneCycle.IndexOf(oneCycle.Max()), 4, 5);
    }
}
